"""Search documents from a page's rendered HTML, one per section.

A page is split at its ``h2`` and ``h3`` headings (each has an ``id``), so
a long guide's sections are found on their own and a result can link to
``page-url#heading-id``. The text before the first heading belongs to the
page itself. Anything inside an element with ``data-search-exclude`` (or
the class ``search-exclude``), and scripts and styles, is left out.
Block elements separate words; inline ones do not, because Thai or
Chinese text runs straight on across a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

SECTION_HEADINGS = frozenset({"h2", "h3"})
SKIPPED = frozenset({"script", "style", "template", "noscript"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})
INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd",
                    "mark", "q", "ruby", "rt", "rp", "s", "samp", "small", "span", "strong", "sub",
                    "sup", "time", "u", "var", "del", "ins"})


@dataclass(frozen=True)
class Section:
    """A heading's text and id (both empty for the text before the first heading) and its text;
    ``lang`` is the heading's own language, when it fell back from the page's."""

    heading: str
    anchor: str
    text: str
    lang: str = ""


WHITESPACE = "[ \t\n\r\f]"  # HTMLParser reads a wider \s in places: such markup is left to it
NAME = "[a-zA-Z_:][-.a-zA-Z0-9_:]*"
VALUE = "(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'=<>`]+))"
ATTRIBUTE = re.compile(f"{WHITESPACE}+({NAME})({WHITESPACE}*={WHITESPACE}*{VALUE})?")
TOKEN = re.compile(
    "([^<]+)"  # text
    f"|<([a-zA-Z][-.a-zA-Z0-9:_]*)((?:{WHITESPACE}+{NAME}(?:{WHITESPACE}*={WHITESPACE}*"
    f"(?:\"[^\"]*\"|'[^']*'|[^\\s\"'=<>`]+))?)*){WHITESPACE}*(/?)>"  # start tag
    f"|</([a-zA-Z][-.a-zA-Z0-9:_]*){WHITESPACE}*>"  # end tag
    "|<!--.*?--\\s*>|<![dD][oO][cC][tT][yY][pP][eE][^>]*>",  # comment, doctype
    re.DOTALL)
RAW_TEXT_END = {tag: re.compile(rf"</\s*{tag}\s*>", re.IGNORECASE) for tag in ("script", "style")}


TEXT, START, START_END, END = range(4)  # the events a page's markup is read into
Event = tuple[int, str, "dict[str, str | None] | None"]  # (kind, text or tag name, attributes of a start)


def _collect(events) -> list[tuple[str, str, list[str], str]]:
    """The sections' (heading, anchor, text parts, lang), from a page's events in document order."""
    sections: list[tuple[str, str, list[str], str]] = [("", "", [], "")]
    parts = sections[0][2]  # where text goes now: the open heading's or the last section's
    heading: tuple[str, str] | None = None  # (id, lang) of the open heading
    open_tags: list[str] = []
    open_excluded: list[bool] = []
    excluded = False  # whether the innermost open element is left out
    for kind, value, attributes in events:
        if kind == TEXT:
            if not excluded:
                parts.append(value)
            continue
        tag = value
        if kind != END:
            was_excluded = excluded or tag in SKIPPED or "data-search-exclude" in attributes or (
                "search-exclude" in (attributes.get("class") or "").split())
            if not was_excluded:
                if tag not in INLINE:
                    parts.append(" ")
                if tag == "img" and attributes.get("alt"):
                    parts.append(f" {attributes['alt']} ")
                if tag in SECTION_HEADINGS and attributes.get("id"):
                    heading, parts = (attributes["id"], attributes.get("lang") or ""), []
            if tag in VOID:
                continue
            if kind == START:
                open_tags.append(tag)
                open_excluded.append(was_excluded)
                excluded = was_excluded
                continue
        elif tag in VOID or tag not in open_tags:
            continue
        else:  # the end of the innermost open element of that name, and of any still open in it
            while open_tags.pop() != tag:
                open_excluded.pop()
            was_excluded = open_excluded.pop()
            excluded = bool(open_excluded) and open_excluded[-1]
        if not was_excluded:
            if tag not in INLINE:
                parts.append(" ")
            if tag in SECTION_HEADINGS and heading is not None:
                sections.append((_clean("".join(parts)), heading[0], [], heading[1]))
                parts, heading = sections[-1][2], None
    return sections


def _attributes(markup: str) -> dict[str, str | None]:
    """A start tag's attributes, read as HTMLParser reads them (the last of a repeated name wins)."""
    attributes = {}
    for name, assignment, double, single, bare in ATTRIBUTE.findall(markup):
        value = (double or single or bare) if assignment else None
        attributes[name.lower()] = unescape(value) if value else value
    return attributes


def _well_formed_events(html: str) -> list[Event] | None:
    """The events of markup like our sanitizer's, read in one pass of one expression; None for
    anything else (a stray ``<``, an unfinished tag, a processing instruction), which is left to
    HTMLParser's slower, forgiving reading."""
    events: list[Event] = []
    add = events.append
    position, length = 0, len(html)
    next_token = TOKEN.match
    while position < length:
        token = next_token(html, position)
        if token is None:
            return None
        position = token.end()
        text, tag, attributes, closed, end_tag = token.groups()
        if text is not None:
            add((TEXT, unescape(text), None))
        elif tag is not None:
            tag = tag.lower()
            add((START_END if closed else START, tag, _attributes(attributes) if attributes else {}))
            if not closed and tag in RAW_TEXT_END:  # a script's or style's text is left out, to its end
                end = RAW_TEXT_END[tag].search(html, position)
                if end is None:  # HTMLParser, too, leaves out the rest of the page
                    break
                if not end.group().isascii():
                    return None
                position = end.end()
                add((END, tag, None))
        elif end_tag is not None:
            add((END, end_tag.lower(), None))
    return events


class _EventParser(HTMLParser):
    """Any other markup, read by the standard library's parser into the same events."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[Event] = []

    def handle_starttag(self, tag, attrs):
        self.events.append((START, tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.events.append((START_END, tag, dict(attrs)))

    def handle_endtag(self, tag):
        self.events.append((END, tag, None))

    def handle_data(self, data):
        self.events.append((TEXT, data, None))


def _clean(text: str) -> str:
    return " ".join(text.split())  # as re.sub(r"\s+", " ", text).strip(): both split at str.isspace


def split_sections(html: str) -> list[Section]:
    """The page's sections in order; the first is the text before any heading (maybe empty)."""
    html = str(html)  # a Markup would make every slice the parser takes a Markup too
    events = _well_formed_events(html)
    if events is None:
        parser = _EventParser()
        parser.feed(html)
        parser.close()
        events = parser.events
    return [Section(heading, anchor, _clean("".join(parts)), lang)
            for heading, anchor, parts, lang in _collect(events)]
