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
SPACES = re.compile(r"\s+")


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


class _Sections:
    """The sections being collected, fed a page's tags and text in document order."""

    def __init__(self):
        self.sections: list[tuple[str, str, list[str], str]] = [("", "", [], "")]
        self.stack: list[tuple[str, bool]] = []  # (tag, excluded)
        self.heading: tuple[str, list[str], str] | None = None  # (id, text so far, lang)

    def start(self, tag: str, attributes: dict[str, str | None]) -> None:
        excluded = (bool(self.stack) and self.stack[-1][1]) or tag in SKIPPED or (
            "data-search-exclude" in attributes) or "search-exclude" in (attributes.get("class") or "").split()
        if not excluded:
            if tag not in INLINE:
                self.text(" ")
            if tag == "img" and attributes.get("alt"):
                self.text(f" {attributes['alt']} ")
            if tag in SECTION_HEADINGS and attributes.get("id"):
                self.heading = (attributes["id"], [], attributes.get("lang") or "")
        if tag not in VOID:
            self.stack.append((tag, excluded))

    def end(self, tag: str) -> None:
        if tag in VOID or not any(open_tag == tag for open_tag, _ in self.stack):
            return
        while self.stack:
            open_tag, excluded = self.stack.pop()
            if open_tag == tag:
                break
        if not excluded:
            if tag not in INLINE:
                self.text(" ")
            if tag in SECTION_HEADINGS and self.heading is not None:
                anchor, parts, lang = self.heading
                self.sections.append((_clean("".join(parts)), anchor, [], lang))
                self.heading = None

    def data(self, data: str) -> None:
        if not (self.stack and self.stack[-1][1]):
            self.text(data)

    def text(self, data: str) -> None:
        if self.heading is not None:
            self.heading[1].append(data)
        else:
            self.sections[-1][2].append(data)


def _attributes(markup: str) -> dict[str, str | None]:
    """A start tag's attributes, read as HTMLParser reads them (the last of a repeated name wins)."""
    attributes = {}
    for name, assignment, double, single, bare in ATTRIBUTE.findall(markup):
        value = (double or single or bare) if assignment else None
        attributes[name.lower()] = unescape(value) if value else value
    return attributes


def _well_formed(html: str) -> _Sections | None:
    """The sections of markup like our sanitizer's, read in one pass of one expression; None
    for anything else (a stray ``<``, an unfinished tag, a processing instruction), which is
    left to HTMLParser's slower, forgiving reading."""
    sections = _Sections()
    position, length = 0, len(html)
    next_token = TOKEN.match
    while position < length:
        token = next_token(html, position)
        if token is None:
            return None
        position = token.end()
        text, tag, attributes, closed, end_tag = token.groups()
        if text is not None:
            sections.data(unescape(text))
        elif tag is not None:
            tag = tag.lower()
            sections.start(tag, _attributes(attributes) if attributes else {})
            if closed:
                sections.end(tag)
            elif tag in RAW_TEXT_END:  # a script's or style's text is left out, up to its end tag
                end = RAW_TEXT_END[tag].search(html, position)
                if end is None:  # HTMLParser, too, leaves out the rest of the page
                    return sections
                if not end.group().isascii():
                    return None
                position = end.end()
                sections.end(tag)
        elif end_tag is not None:
            sections.end(end_tag.lower())
    return sections


class _SectionParser(HTMLParser):
    """Any other markup, read by the standard library's parser into the same sections."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.collected = _Sections()

    def handle_starttag(self, tag, attrs):
        self.collected.start(tag, dict(attrs))

    def handle_startendtag(self, tag, attrs):
        self.collected.start(tag, dict(attrs))
        self.collected.end(tag)

    def handle_endtag(self, tag):
        self.collected.end(tag)

    def handle_data(self, data):
        self.collected.data(data)


def _clean(text: str) -> str:
    return SPACES.sub(" ", text).strip()


def split_sections(html: str) -> list[Section]:
    """The page's sections in order; the first is the text before any heading (maybe empty)."""
    sections = _well_formed(html)
    if sections is None:
        parser = _SectionParser()
        parser.feed(html)
        parser.close()
        sections = parser.collected
    return [Section(heading, anchor, _clean("".join(parts)), lang)
            for heading, anchor, parts, lang in sections.sections]
