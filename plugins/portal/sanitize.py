"""An allow-list for the HTML the Markdown renderer produces.

Content and translations are untrusted input: an editor's raw HTML or a
translator's ``javascript:`` link must not reach a reader. Everything the
renderer writes goes through Ammonia (the ``nh3`` binding), which keeps
only these tags, attributes and URL schemes. Inline ``style`` is dropped
too: the site's Content-Security-Policy forbids inline styles.
"""

from __future__ import annotations

import nh3
from markupsafe import Markup

from .segments import OFFSITE_REL

COMMON = {"id", "lang", "dir", "class", "title"}
TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote",
    "pre", "code", "em", "strong", "del", "ins", "sub", "sup", "br", "hr", "a", "img", "abbr",
    "table", "thead", "tbody", "tr", "th", "td", "span", "div", "figure", "figcaption", "kbd",
}
ATTRIBUTES = {
    "*": COMMON,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel", "geo"}
# The renderer marks links to other sites (segments.LinkProcessor); no other rel survives.
ATTRIBUTE_VALUES = {"a": {"rel": {OFFSITE_REL}}}


def _cleaner(attributes: dict[str, set[str]]) -> nh3.Cleaner:
    return nh3.Cleaner(tags=TAGS, attributes=attributes, url_schemes=URL_SCHEMES, link_rel=None,
                       tag_attribute_values=ATTRIBUTE_VALUES, strip_comments=True)


# Built once: ``nh3.clean`` builds its allow-list anew on every call, which cost more than
# the cleaning itself for the many short blocks of a build.
WITH_IDS = _cleaner(ATTRIBUTES)
WITHOUT_IDS = _cleaner({**ATTRIBUTES, "*": COMMON - {"id"}})


def sanitize(html: str, ids: bool = True) -> Markup:
    """The HTML with everything outside the allow-list removed, marked safe for templates.

    ``ids=False`` also drops ``id`` attributes, for a copy of a text shown
    beside the original on the same page (the counter view).
    """
    return Markup((WITH_IDS if ids else WITHOUT_IDS).clean(html))


def sanitize_blocks(blocks: list[str]) -> tuple[Markup, list[Markup]]:
    """A page (its blocks' text, joined) and its blocks, each block cleaned on its own.

    Cleaning each block once serves both the page and the counter view. It
    also keeps a mistake inside its block: under HTML's parsing rules, an
    unclosed ``<strong>`` in an editor's raw HTML would make the blocks after it
    bold too. Each block comes out well-formed, so their concatenation is as
    safe as each of them.
    """
    cleaned = [WITH_IDS.clean(block) for block in blocks]
    return Markup("".join(cleaned).strip()), [Markup(block) for block in cleaned]
