"""Template helpers that mark text truthfully: its language, its direction, its numbers.

Registered by the Pelican adapter as Jinja2 filters and globals. Every
value is escaped; only the marks added here are markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from babel.dates import format_date, format_skeleton
from babel.messages.catalog import Catalog
from jinja2 import pass_context
from markupsafe import Markup, escape

from .data.phones import find_phones
from .languages import Language


@pass_context
def in_language(context, text: str, language: Language) -> Markup:
    """``text`` (in ``language``) inside a span with its lang, and dir where it differs from the edition's."""
    edition = context.get("edition")
    direction = (f' dir="{language.direction}"'
                 if edition is not None and language.direction != edition.direction else "")
    return Markup(f'<span lang="{escape(language.tag)}"{direction}>{escape(text)}</span>')


def phone_links(text: str | None) -> Markup:
    """Plain text with each phone number as a tel: link (as the Markdown extension does for pages)."""
    if not text:
        return Markup("")
    text = str(text)
    parts, position = [], 0
    for number in find_phones(str(text)):
        parts += [escape(text[position:number.start]),
                  Markup('<a class="tel" href="{}">{}</a>').format(number.tel, number.raw)]
        position = number.end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


@pass_context
def format_reported(context, value: str | dt.date | None) -> str:
    """A report date from the data, in the edition's locale: a month (2025-04) or a day.
    Anything else is shown as the editor wrote it."""
    if not value:
        return ""
    locale = context["edition"].locale
    if isinstance(value, dt.date):
        return format_date(value, "long", locale=locale)
    try:
        if len(value) == 7:
            return format_skeleton("yMMMM", dt.date.fromisoformat(value + "-01"), locale=locale)
        return format_date(dt.date.fromisoformat(value), "long", locale=locale)
    except ValueError:
        return value


THEME_SOURCE = "en"  # the language the theme's templates are written in


class ThemeText:
    """Theme strings for visible text, marked with the language they are really in.

    The edition's theme catalog may lack a string (a newly added language has
    none yet): gettext then gives the next catalog of the fallback chain, or the
    English the templates are written in. ``ui(N_("Menu"))`` returns the text
    escaped, inside ``<span lang="en">`` when it is not in the edition's own
    language. (Attributes keep ``_()``: they cannot hold a mark.)
    """

    def __init__(self, catalogs: Mapping[str, Catalog], chain: Sequence[Language], edition: Language):
        self.catalogs = catalogs
        self.chain = chain
        self.edition = edition
        self._found: dict[str, tuple[str, str | None, str | None]] = {}

    def lookup(self, msgid: str) -> tuple[str, str | None, str | None]:
        """(text, lang, dir): lang and dir are None where the text is in the edition's language."""
        if msgid not in self._found:
            self._found[msgid] = self._lookup(msgid)
        return self._found[msgid]

    def _lookup(self, msgid: str) -> tuple[str, str | None, str | None]:
        for language in self.chain:
            catalog = self.catalogs.get(language.code)
            message = catalog.get(msgid) if catalog is not None else None
            strings = message.string if message is not None and isinstance(message.string, tuple) else (
                (message.string,) if message is not None else ())
            if strings and all(isinstance(s, str) and s for s in strings) and not message.fuzzy:
                if language is self.edition:
                    return strings[0], None, None
                return strings[0], language.tag, (
                    language.direction if language.direction != self.edition.direction else None)
        if self.edition.locale.language == THEME_SOURCE:
            return msgid, None, None
        return msgid, THEME_SOURCE, ("ltr" if self.edition.direction != "ltr" else None)

    def mark(self, text: str, msgid: str) -> Markup:
        """``text`` that ``ngettext`` gave for ``msgid`` (its singular), marked like ``ui``'s."""
        _, lang, direction = self.lookup(msgid)
        if lang is None:
            return escape(text)
        marks = Markup(' dir="{}"').format(direction) if direction else Markup("")
        return Markup('<span lang="{}"{}>{}</span>').format(lang, marks, text)

    def __call__(self, msgid: str, **params) -> Markup:
        text, lang, direction = self.lookup(msgid)
        if lang is not None:  # values (dates, names, numbers) are in the edition's language: mark them
            params = {key: value if isinstance(value, Markup) else Markup('<span lang="{}">{}</span>').format(
                self.edition.tag, value) for key, value in params.items()}
        value = escape(text) % params  # always, as Jinja's newstyle gettext does: '%%' is a percent sign
        if lang is None:
            return value
        marks = Markup(' dir="{}"').format(direction) if direction else Markup("")
        return Markup('<span lang="{}"{}>{}</span>').format(lang, marks, value)


def no_translation(message: str) -> str:
    """``N_``: marks a string for extraction; ``ui`` translates it."""
    return message


FILTERS = {"phone_links": phone_links, "format_reported": format_reported}
GLOBALS = {"in_language": in_language, "N_": no_translation}
