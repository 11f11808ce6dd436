"""Segmenting Markdown into translatable messages, and putting translations back.

The segmenter is Python-Markdown's own block parser: a tree processor runs
after the blocks are parsed and before inline Markdown is, when every
paragraph, heading, list item and table cell still holds its source text.
Each such text is one message, so translators see links, emphasis and
inline code as the editor wrote them. Extraction and translation are the
same walk, so what is extracted is exactly what gets translated.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple, Protocol
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import STX

from .phonelinks import PhoneLinkExtension
from .site import link_host

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
TRANSLATABLE = HEADINGS | {"p", "li", "td", "th", "dt", "dd"}
ATTR_LIST = re.compile(r"[ ]+\{:?[ ]*([^\}\n ][^\n]*)\}[ ]*$")
EXPLICIT_ID = re.compile(r"(?:^|\s)#([^\s}]+)")
IMAGE_ONLY = re.compile(r"^!\[(?P<alt>[^\]]*)\](?P<rest>\([^)]*\))$")
SOFT_BREAK = re.compile(r"(?<!  )(?<!\\)[ \t]*\n[ \t]*")
INLINE_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`~]")


def normalize_message(text: str) -> str:
    """Fold soft line breaks so re-wrapping a paragraph does not change its message."""
    return SOFT_BREAK.sub(" ", text.strip())


def anchor_id(text: str) -> str:
    """A heading id that keeps every script intact, combining marks included.

    Python-Markdown's ``slugify_unicode`` drops combining marks, which are
    letters' vowels in Thai, Khmer, Lao and Burmese; this keeps them.
    """
    plain = INLINE_MARKUP.sub(lambda m: m.group(1) or "", text)
    plain = unicodedata.normalize("NFC", plain).lower()
    kept = "".join(
        ch if unicodedata.category(ch)[0] in "LMN" or ch in "-_" else " " for ch in plain
    )
    return "-".join(kept.split()) or "section"


class Resolution(NamedTuple):
    """A message's text in an edition, and the language it is actually in.

    (A named tuple: every message of every page is resolved in every edition.)
    """

    text: str
    language: str | None = None  # None: the edition's own language
    direction: str | None = None  # set only when it differs from the edition's
    stale: bool = False


class MessageHandler(Protocol):
    """What the walk asks for each message: its text in the edition."""

    def __call__(self, message: str) -> Resolution: ...


def identity(message: str) -> Resolution:
    return Resolution(message)


@dataclass
class Slot:
    """Where a message sits in an element, and how to put a translation back."""

    element: Element
    message: str
    raw: str
    rebuild: Callable[[str], str]


def is_translatable(message: str) -> bool:
    """A message is worth a translator's time only if it has letters (not '112')."""
    return any(unicodedata.category(ch)[0] == "L" for ch in message)


def _slot(element: Element) -> Slot | None:
    text = element.text
    if not text or not text.strip() or STX in text:
        return None
    raw = text.strip()
    if element.tag in HEADINGS:
        match = ATTR_LIST.search(raw)
        suffix = match.group(0) if match else ""
        body = raw[: match.start()] if match else raw
        return Slot(element, normalize_message(body), raw, lambda t: t + suffix)
    image = IMAGE_ONLY.match(raw)
    if image and element.tag == "p":
        rest = image.group("rest")
        return Slot(element, normalize_message(image.group("alt")), raw, lambda t: f"![{t}]{rest}")
    return Slot(element, normalize_message(raw), raw, lambda t: t)


def iter_slots(root: Element) -> Iterator[Slot]:
    """Every translatable text in document order."""
    for element in root.iter():
        if element.tag in TRANSLATABLE:
            slot = _slot(element)
            if slot is not None and is_translatable(slot.message):
                yield slot


def _assign_heading_id(slot: Slot, used: set[str]) -> None:
    """Give a heading the id its source text implies, so anchors match in every edition."""
    match = ATTR_LIST.search(slot.raw)
    explicit = EXPLICIT_ID.search(match.group(1)) if match else None
    if explicit:
        used.add(explicit.group(1))
        return
    base = anchor_id(slot.message)
    candidate, counter = base, 0
    while candidate in used:
        counter += 1
        candidate = f"{base}_{counter}"
    used.add(candidate)
    slot.element.set("id", candidate)


class SegmentProcessor(Treeprocessor):
    """Replaces each message with its translation and marks fallbacks with lang."""

    def __init__(self, md: markdown.Markdown, extension: SegmentExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        handler = self.extension.handler
        used_ids: set[str] = set()
        for element in root.iter():
            heading = _slot(element) if element.tag in HEADINGS else None
            if heading is not None:
                _assign_heading_id(heading, used_ids)
        slots = list(iter_slots(root))
        self.extension.seen = []
        for slot in slots:
            resolution = handler(slot.message)
            self.extension.seen.append((slot.message, slot.raw, resolution))
            slot.element.text = slot.rebuild(resolution.text)
            if resolution.language:
                slot.element.set("lang", resolution.language)
            if resolution.direction:
                slot.element.set("dir", resolution.direction)
            if resolution.stale:
                slot.element.set("class", "stale")


OFFSITE_REL = "noopener noreferrer"


class LinkProcessor(Treeprocessor):
    """Points links at the same page in the current edition (after inline parsing).

    A link to another site gets ``rel="noopener noreferrer"``: the site it
    opens learns neither where the reader came from nor gets a handle on
    the page, even where a host sends no Referrer-Policy header.
    """

    def __init__(self, md: markdown.Markdown, extension: SegmentExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        resolve = self.extension.resolve_link
        if resolve is None:
            return
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            if attribute and element.get(attribute) is not None:
                element.set(attribute, resolve(element.get(attribute)))
                if element.tag == "a" and link_host(element.get("href")) is not None:
                    element.set("rel", OFFSITE_REL)


class BlockCollector(Treeprocessor):
    """Keeps the top-level blocks, last of all, for side-by-side views."""

    def __init__(self, md: markdown.Markdown, extension: SegmentExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        self.extension.blocks = list(root)


class SegmentExtension(Extension):
    """Python-Markdown extension: per-conversion message handler and link resolver.

    Set ``handler`` and ``resolve_link`` before each ``convert``; after it,
    ``seen`` lists (message, raw source, resolution) in document order.
    """

    def __init__(self, **kwargs):
        self.config = {}
        super().__init__(**kwargs)
        self.handler: MessageHandler = identity
        self.resolve_link: Callable[[str], str] | None = None
        self.seen: list[tuple[str, str, Resolution]] = []
        self.blocks: list[Element] = []

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(SegmentProcessor(md, self), "portal_segments", 30)
        md.treeprocessors.register(LinkProcessor(md, self), "portal_links", 15)
        md.treeprocessors.register(BlockCollector(md, self), "portal_blocks", -10)
        md.registerExtension(self)


def makeExtension(**kwargs) -> SegmentExtension:  # noqa: N802 (Python-Markdown's name)
    return SegmentExtension(**kwargs)


MARKDOWN_EXTENSIONS = ["tables", "attr_list", "fenced_code", "sane_lists", "def_list"]
# settings of "toc", which new_markdown lists last, after the portal's own extension
MARKDOWN_EXTENSION_CONFIGS = {"toc": {"toc_depth": "2-3", "permalink": False}}


def new_markdown() -> tuple[markdown.Markdown, SegmentExtension]:
    """A Markdown converter with the portal's extensions, for one process."""
    extension = SegmentExtension()
    md = markdown.Markdown(
        extensions=[*MARKDOWN_EXTENSIONS, extension, PhoneLinkExtension(), "toc"],
        extension_configs=MARKDOWN_EXTENSION_CONFIGS,
        output_format="html",
    )
    md.serializer = BlockSerializer(md.serializer)
    return md, extension


class BlockSerializer:
    """The converter's serializer, serializing the document's top-level blocks one at a time.

    The counter view shows each block on its own, and the page shows them
    all. Python-Markdown's document root is a bare ``<div>`` whose
    serialization is its children's, joined: serializing the blocks one at
    a time and joining them writes the page's text and keeps each block's,
    so nothing is serialized twice. (A root with text or attributes, which
    Python-Markdown does not make, is serialized whole.)
    """

    def __init__(self, serialize: Callable[[Element], str]):
        self.serialize = serialize
        self.blocks: list[str] | None = None  # the last document's blocks, as serialized

    def __call__(self, root: Element) -> str:
        if root.text or root.tail or root.attrib:
            self.blocks = None
            return self.serialize(root)
        self.blocks = [self.serialize(block) for block in root]
        return f"<{root.tag}>{''.join(self.blocks)}</{root.tag}>"


def serialize_blocks(md: markdown.Markdown, blocks: list[Element]) -> list[str]:
    """Each top-level block of the last conversion (``blocks``) of a ``new_markdown`` converter
    as HTML, with stashed raw HTML and entities restored; their text, joined, is the
    conversion's output."""
    serializer: BlockSerializer = md.serializer
    serialized = serializer.blocks if serializer.blocks is not None else [
        serializer.serialize(block) for block in blocks]
    result = []
    for html in serialized:
        for processor in md.postprocessors:
            html = processor.run(html)
        result.append(html)
    return result


def block_signature(md: markdown.Markdown, text: str) -> tuple[str, ...]:
    """The block structure a message makes on its own (('p',) for a paragraph)."""
    if text[:1].isalpha() and "\n" not in text and "\r" not in text:
        # One line starting with a letter: every other block (heading, list, quote, rule, code,
        # table, definition, link reference) starts with a mark or needs a second line. Most
        # translations are such lines, and parsing each was a twentieth of a build.
        return ("p",)
    root = Element("div")
    md.parser.parseChunk(root, text)
    return tuple(child.tag for child in root)


def heading_ids(md: markdown.Markdown, body: str) -> frozenset[str]:
    """The ids a page's headings get when it is rendered (``_assign_heading_id``: from the
    source text, or written ``{#id}``), the same in every edition: what ``page.md#id`` may name."""
    md.reset()
    lines = body.split("\n")
    for preprocessor in md.preprocessors:
        lines = preprocessor.run(lines)
    root = md.parser.parseDocument(lines).getroot()
    used: set[str] = set()
    for element in root.iter():
        heading = _slot(element) if element.tag in HEADINGS else None
        if heading is not None:
            _assign_heading_id(heading, used)
    return frozenset(used)


@dataclass(frozen=True)
class ExtractedMessage:
    message: str
    line: int


def extract_messages(md: markdown.Markdown, extension: SegmentExtension,
                     body: str, first_line: int = 1) -> list[ExtractedMessage]:
    """The messages of a Markdown body in order, each with its source line."""
    extension.handler = identity
    extension.resolve_link = None
    md.reset()
    md.convert(body)
    lines = body.splitlines()
    cursor = 0
    found = []
    for message, raw, _ in extension.seen:
        probe = raw.splitlines()[0].strip()[:40]
        for index in range(cursor, len(lines)):
            if probe and probe in lines[index]:
                cursor = index
                break
        found.append(ExtractedMessage(message, first_line + cursor))
    return found
