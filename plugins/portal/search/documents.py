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


class _SectionParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections: list[tuple[str, str, list[str], str]] = [("", "", [], "")]
        self.stack: list[tuple[str, bool]] = []  # (tag, excluded)
        self.heading: tuple[str, list[str], str] | None = None  # (id, text so far, lang)

    @property
    def excluded(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        excluded = self.excluded or tag in SKIPPED or "data-search-exclude" in attributes or (
            "search-exclude" in (attributes.get("class") or "").split())
        if not excluded:
            self._separate(tag)
            if tag == "img" and attributes.get("alt"):
                self._text(f" {attributes['alt']} ")
            if tag in SECTION_HEADINGS and attributes.get("id"):
                self.heading = (attributes["id"], [], attributes.get("lang") or "")
        if tag not in VOID:
            self.stack.append((tag, excluded))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID or not any(open_tag == tag for open_tag, _ in self.stack):
            return
        while self.stack:
            open_tag, excluded = self.stack.pop()
            if open_tag == tag:
                break
        if not excluded:
            self._separate(tag)
            if tag in SECTION_HEADINGS and self.heading is not None:
                anchor, parts, lang = self.heading
                self.sections.append((_clean("".join(parts)), anchor, [], lang))
                self.heading = None

    def handle_data(self, data):
        if not self.excluded:
            self._text(data)

    def _separate(self, tag: str) -> None:
        if tag not in INLINE:
            self._text(" ")

    def _text(self, data: str) -> None:
        if self.heading is not None:
            self.heading[1].append(data)
        else:
            self.sections[-1][2].append(data)


def _clean(text: str) -> str:
    return SPACES.sub(" ", text).strip()


def split_sections(html: str) -> list[Section]:
    """The page's sections in order; the first is the text before any heading (maybe empty)."""
    parser = _SectionParser()
    parser.feed(html)
    parser.close()
    return [Section(heading, anchor, _clean("".join(parts)), lang)
            for heading, anchor, parts, lang in parser.sections]
