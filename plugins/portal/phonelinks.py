"""Python-Markdown extension: every phone number in the text becomes a tel: link.

Editors write numbers as they are (``1577-1366``, ``112``, ``031-123-4567``);
after inline parsing, a tree processor finds them in the text nodes with
``portal.data.phones.find_phones`` (libphonenumber, region KR, short
numbers included) and wraps each in ``<a class="tel" href="tel:...">``.
The class keeps the number on one line (``white-space: nowrap`` in the
theme). Text already inside a link, code or a raw HTML placeholder is left
alone. Translations are rendered by the same converter, so every edition's
numbers dial.

    markdown.markdown(text, extensions=["portal.phonelinks"])
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX

from .data.phones import find_phones, invalid_phones

if TYPE_CHECKING:
    from .editions import PageMessages
    from .problems import ProblemLog

SKIP = frozenset({"a", "code", "pre", "kbd", "script", "style"})
PLACEHOLDER = re.compile(f"{STX}[^{ETX}]*{ETX}")  # raw HTML stashed by Python-Markdown


def _spans(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, raw, tel) of each number outside stash placeholders."""
    spans = []
    position = 0
    for piece in [*PLACEHOLDER.finditer(text), None]:
        end = piece.start() if piece else len(text)
        spans += [(position + p.start, position + p.end, p.raw, p.tel) for p in find_phones(text[position:end])]
        position = piece.end() if piece else len(text)
    return spans


class PhoneLinkProcessor(Treeprocessor):
    """Wraps the phone numbers of every text node in tel: links."""

    def __init__(self, md: markdown.Markdown, css_class: str):
        super().__init__(md)
        self.css_class = css_class

    def _link(self, raw: str, tel: str, tail: str) -> Element:
        link = Element("a", {"href": tel})
        if self.css_class:
            link.set("class", self.css_class)
        link.text = raw
        link.tail = tail
        return link

    def _split(self, text: str) -> tuple[str, list[Element]]:
        """Text before the first number, and one link per number (each carrying what follows it)."""
        spans = _spans(text)
        if not spans:
            return text, []
        links = []
        for index, (_start, end, raw, tel) in enumerate(spans):
            following = spans[index + 1][0] if index + 1 < len(spans) else len(text)
            links.append(self._link(raw, tel, text[end:following]))
        return text[: spans[0][0]], links

    def _walk(self, element: Element) -> None:
        if element.tag in SKIP:
            return
        if element.text:
            element.text, links = self._split(element.text)
            for offset, link in enumerate(links):
                element.insert(offset, link)
        for child in list(element):
            if child.get("href", "").startswith("tel:") and child.tag == "a":
                continue  # one of ours
            self._walk(child)
            if child.tail:
                child.tail, links = self._split(child.tail)
                position = list(element).index(child) + 1
                for offset, link in enumerate(links):
                    element.insert(position + offset, link)

    def run(self, root: Element) -> None:
        self._walk(root)


class PhoneLinkExtension(Extension):
    """Registers the tree processor by name, after inline parsing (priority 20)."""

    def __init__(self, **kwargs):
        self.config = {
            "css_class": ["tel", "class of every tel: link (the theme keeps it on one line)"],
            "priority": [12, "tree processor priority: below 'inline' (20), so text is final"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(PhoneLinkProcessor(md, self.getConfig("css_class")), "portal_phones",
                                   self.getConfig("priority"))
        md.registerExtension(self)


def makeExtension(**kwargs) -> PhoneLinkExtension:  # noqa: N802 (Python-Markdown's name)
    return PhoneLinkExtension(**kwargs)


def check_phone_numbers(content_root: str, messages: Mapping[str, PageMessages], log: ProblemLog) -> None:
    """A number written like a phone number that the numbering plan does not have (031-000-0000)
    would be shown but never dial: refuse it, in pages and in the data files' texts. Only the
    running text is read, as only it is linked: link targets and code are not numbers."""
    from .inline import links_only, running_text
    from .segments import new_markdown

    md = links_only(new_markdown()[0])
    for path, found in messages.items():
        for message, line in found.messages:
            for raw in invalid_phones(running_text(md, message)):
                log.add(f"{content_root}/{path}", line, f"'{raw}' is not a valid Korean phone number",
                        "check the digits; write a real number like 031-123-4567, 1577-1366 or 112, "
                        "or leave sample numbers out of the text (put them in the data, marked sample: true)")
