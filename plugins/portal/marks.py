"""Template helpers that mark text truthfully: its language, its direction, its numbers.

Registered by the Pelican adapter as Jinja2 filters and globals. Every
value is escaped; only the marks added here are markup.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_skeleton
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


FILTERS = {"phone_links": phone_links, "format_reported": format_reported}
GLOBALS = {"in_language": in_language}
