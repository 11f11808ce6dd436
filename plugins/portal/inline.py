"""The inline markup of one message, as the portal's Markdown converter parses it.

Checks compare what a translation *renders to* with what its source
renders to, as Sphinx compares the reference nodes of parsed source and
translation: Python-Markdown's own inline processor turns the text into
elements (``a``, ``img``, ``em``, ``strong``, ``code``), whatever way the
text spells them (``*em*`` or ``_em_``, inline, reference-style or
autolinks), and the raw HTML it stashes is read with the standard
library's HTML parser. Nothing here is a pattern over Markdown syntax.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.etree.ElementTree import Element, SubElement

import markdown
from markdown.util import AMP_SUBSTITUTE, STX, AtomicString

# A message can hold inline markup only if it has one of these characters: most
# messages have none and are never parsed (a build checks every message of every catalog).
MAY_HAVE_MARKUP = re.compile(r"[\[<*_`%{]")
# Every link, image and raw HTML element starts with one of these.
MAY_HAVE_LINKS = re.compile(r"[\[<]")
# What ``links_only`` leaves out: emphasis comes last in Python-Markdown's order, after every
# kind of link, so without it the links found are the same; it is most of the parsing time.
NOT_LINKS = ("em_strong", "em_strong2", "not_strong", "linebreak", "entity")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdif]|\{\w+\}")
STASHED = re.compile(STX + r"[^\x03]*\x03")
# Attributes of raw HTML that make a browser (or a feed reader) fetch something.
RESOURCE_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc"})
References = Mapping[str, tuple[str, str | None]]


@dataclass(frozen=True)
class InlineMarkup:
    """What one message's inline markup amounts to once parsed.

    ``links`` are the targets of every ``<a>`` (Markdown links of every
    spelling, autolinks, raw HTML); ``resources`` what the message makes a
    reader's device fetch (images, and media of raw HTML); ``tags`` the raw
    HTML elements written by hand; ``raw_links`` the subset of ``links``
    written as raw HTML ``<a href>``.
    """

    links: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    emphasis: int = 0
    strong: int = 0
    code: tuple[str, ...] = ()
    placeholders: tuple[str, ...] = ()
    tags: frozenset[str] = frozenset()
    raw_links: tuple[str, ...] = ()

    @property
    def targets(self) -> tuple[str, ...]:
        """Every link and resource target, in order (links first)."""
        return self.links + self.resources


PLAIN = InlineMarkup()


class RawHtml(HTMLParser):
    """Collects the elements, links and resources of raw HTML fragments."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            if value is None:
                continue
            if name == "href" and tag == "a":
                self.links.append(value.strip())
            elif name in RESOURCE_ATTRIBUTES or (name == "href" and tag in {"link", "image"}):
                if name == "srcset":
                    self.resources += [part.split()[0] for part in value.split(",") if part.split()]
                else:
                    self.resources.append(value.strip())

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.tags.add(tag)


def _attribute(md: markdown.Markdown, value: str) -> str:
    """An attribute as the reader's browser gets it: backslash escapes undone (as Markdown's
    last tree processor does) and entities read (automail links are written as entities)."""
    value = md.treeprocessors["unescape"].unescape(value)
    return html.unescape(value.replace(AMP_SUBSTITUTE, "&")).strip()


def _text(root: Element) -> Iterator[str]:
    """The text nodes outside code spans, without the converter's placeholders."""
    for element in root.iter():
        if element.tag != "code" and element.text and not isinstance(element.text, AtomicString):
            yield STASHED.sub(" ", element.text)
        if element is not root and element.tail:
            yield STASHED.sub(" ", element.tail)


def _text_outside(element: Element, skip: frozenset[str]) -> Iterator[str]:
    """The text of ``element`` and its children, leaving out the subtrees tagged ``skip``."""
    if element.tag in skip:
        return
    if element.text and not isinstance(element.text, AtomicString):
        yield STASHED.sub(" ", element.text)
    for child in element:
        yield from _text_outside(child, skip)
        if child.tail:
            yield STASHED.sub(" ", child.tail)


def running_text(md: markdown.Markdown, text: str, skip: frozenset[str] = frozenset({"a", "code"})
                 ) -> str:
    """The words of ``text`` a reader sees as running text: not link targets, not the text of
    links or code spans, not raw HTML (where ``phonelinks`` finds numbers to make dial, so
    a link to ``notice-0009.md`` is not a phone number). ``md`` is a checking converter."""
    if not MAY_HAVE_LINKS.search(text) and "`" not in text:
        return text
    md.htmlStash.reset()
    md.references = {}
    root = Element("div")
    SubElement(root, "p").text = text
    md.treeprocessors["inline"].run(root)
    return " ".join(_text_outside(root, skip))


def links_only(md: markdown.Markdown) -> markdown.Markdown:
    """``md`` without its emphasis patterns: for finding links, images and raw HTML, faster."""
    for name in NOT_LINKS:
        if name in md.inlinePatterns:
            md.inlinePatterns.deregister(name)
    return md


def inline_markup(md: markdown.Markdown, text: str, references: References | None = None,
                  probe: re.Pattern = MAY_HAVE_MARKUP) -> InlineMarkup:
    """The inline markup of ``text``, parsed by ``md``'s own inline processor.

    ``references`` are the link definitions of the page the text is on
    (``[id]: url`` lines): a translation's ``[text][id]`` resolves against
    the source page's definitions, exactly as when the page is rendered.
    ``md`` must be a converter used for checking only (its stash is reset).
    A text in which ``probe`` finds nothing is not parsed.
    """
    if not probe.search(text):
        return PLAIN
    md.htmlStash.reset()
    md.references = dict(references or {})
    root = Element("div")
    SubElement(root, "p").text = text
    md.treeprocessors["inline"].run(root)
    raw = RawHtml()
    for fragment in md.htmlStash.rawHtmlBlocks:
        raw.feed(str(fragment))
    raw.close()
    links, resources, code = [], [], []
    emphasis = strong = 0
    for element in root.iter():
        if element.tag == "a" and element.get("href") is not None:
            links.append(_attribute(md, element.get("href")))
        elif element.tag == "img" and element.get("src") is not None:
            resources.append(_attribute(md, element.get("src")))
        elif element.tag == "em":
            emphasis += 1
        elif element.tag == "strong":
            strong += 1
        elif element.tag == "code":
            code.append(element.text or "")
    placeholders = tuple(found for chunk in _text(root) for found in PLACEHOLDER.findall(chunk))
    return InlineMarkup(tuple(links + raw.links), tuple(resources + raw.resources), emphasis, strong,
                        tuple(code), placeholders, frozenset(raw.tags), tuple(raw.links))


def page_references(md: markdown.Markdown, body: str) -> dict[str, tuple[str, str | None]]:
    """The link definitions (``[id]: url "title"``) of a Markdown body, as its rendering sees them."""
    if "]:" not in body:
        return {}
    md.reset()
    lines = body.split("\n")
    for processor in md.preprocessors:
        lines = processor.run(lines)
    md.parser.parseDocument(lines)
    references = dict(md.references)
    md.reset()
    return references
