"""What templates need from the library: theme gettext and CLDR formatting.

Theme strings come from the theme catalogs through Jinja2's i18n
extension; dates, numbers and percentages are formatted by Babel from
CLDR data for the edition's locale, never from the machine's OS locales.

A theme catalog is translator input like any other: its strings are
escaped text, never markup. Jinja's i18n extension (newstyle, with
autoescape) would take whatever gettext returns as safe HTML and only
escape the values put into its placeholders; ``EscapedTranslations``
escapes the translation itself first, so only ``%(name)s`` placeholders
are substituted, with escaped values, whichever catalog of the fallback
chain the text came from.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from functools import lru_cache

from babel import dates, numbers
from babel.messages.mofile import write_mo
from babel.support import Translations
from jinja2 import pass_context
from markupsafe import Markup, escape

from .editions import TranslationSet
from .languages import Language, Languages


class EscapedTranslations(gettext.NullTranslations):
    """Translations whose every string is escaped text (``Markup`` of the escaped string).

    Jinja2 wraps gettext's result in ``Markup`` and formats it with the
    template's values, which ``Markup`` escapes; escaping the string first
    makes the whole result text: a translator's ``<meta>`` or ``"`` shows as
    the characters typed and cannot leave its attribute.
    """

    def __init__(self, translations: gettext.NullTranslations):
        super().__init__()
        self.translations = translations

    def gettext(self, message: str) -> Markup:
        return escape(self.translations.gettext(message))

    def ngettext(self, singular: str, plural: str, n: int) -> Markup:
        return escape(self.translations.ngettext(singular, plural, n))

    def pgettext(self, context: str, message: str) -> Markup:
        return escape(self.translations.pgettext(context, message))

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> Markup:
        return escape(self.translations.npgettext(context, singular, plural, n))


def theme_gettext(translations: TranslationSet, languages: Languages,
                  language: Language) -> EscapedTranslations:
    """The edition's theme translations, falling back along its chain, as escaped text."""
    result: gettext.NullTranslations = gettext.NullTranslations()
    head: gettext.NullTranslations | None = None
    for candidate in languages.chain(language):
        catalog = translations.theme.get(candidate.code)
        if catalog is None:
            continue
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        compiled = Translations(buffer, domain="theme")
        if head is None:
            head = result = compiled
        else:
            head.add_fallback(compiled)
    return EscapedTranslations(result)


def _locale(context):
    return context["edition"].locale


@pass_context
def format_date(context, value: dt.date | None, format: str = "long") -> str:
    return dates.format_date(value, format=format, locale=_locale(context)) if value else ""


@pass_context
def format_number(context, value: float) -> str:
    return _decimal(value, str(_locale(context)))


@pass_context
def format_percent(context, value: float) -> str:
    return _percent(value, str(_locale(context)))


# A dashboard formats the same few counts hundreds of thousands of times (a row per page
# and language in every edition's copy): each distinct (number, locale) once.
@lru_cache(maxsize=65536)
def _decimal(value: float, locale: str) -> str:
    return numbers.format_decimal(value, locale=locale)


@lru_cache(maxsize=65536)
def _percent(value: float, locale: str) -> str:
    return numbers.format_percent(value, locale=locale)


FILTERS = {
    "format_date": format_date,
    "format_number": format_number,
    "format_percent": format_percent,
}
