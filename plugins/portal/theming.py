"""What templates need from the library: theme gettext and CLDR formatting.

Theme strings come from the theme catalogs through Jinja2's i18n
extension; dates, numbers and percentages are formatted by Babel from
CLDR data for the edition's locale, never from the machine's OS locales.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io

from babel import dates, numbers
from babel.messages.mofile import write_mo
from babel.support import Translations
from jinja2 import pass_context

from .editions import TranslationSet
from .languages import Language, Languages


def theme_gettext(translations: TranslationSet, languages: Languages,
                  language: Language) -> gettext.NullTranslations:
    """The edition's theme translations, falling back along its chain."""
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
    return result


def _locale(context):
    return context["edition"].locale


@pass_context
def format_date(context, value: dt.date | None, format: str = "long") -> str:
    return dates.format_date(value, format=format, locale=_locale(context)) if value else ""


@pass_context
def format_number(context, value: float) -> str:
    return numbers.format_decimal(value, locale=_locale(context))


@pass_context
def format_percent(context, value: float) -> str:
    return numbers.format_percent(value, locale=_locale(context))


FILTERS = {
    "format_date": format_date,
    "format_number": format_number,
    "format_percent": format_percent,
}
