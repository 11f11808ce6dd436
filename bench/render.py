"""A corpus page as Markdown text, in any language and for any engine's link syntax.

Every layout (the portal's Korean source, Pelican's and Hugo's
per-language files) goes through ``body_markdown``, so the engines read
the same blocks in the same order; only link targets differ.
"""

from __future__ import annotations

from collections.abc import Callable

from .corpus import Block, Page, rewrite_links
from .scripts import pseudo_translate

Translate = Callable[[str], str]
LinkTarget = Callable[[str, str], str]  # (route, "#fragment" or "") -> the engine's href


def translator(code: str | None, seed: int) -> Translate:
    """The identity for the source language (``None``), else the seeded pseudo-translation."""
    if code is None:
        return lambda text: text
    return lambda text: pseudo_translate(text, code, seed)


def _block(block: Block, text: Callable[[str], str]) -> str:
    if block.kind == "p":
        return text(block.texts[0])
    if block.kind in ("h2", "h3"):
        marker = "#" * int(block.kind[1])
        anchor = f" {{#{block.anchor}}}" if block.anchor else ""
        return f"{marker} {text(block.texts[0])}{anchor}"
    if block.kind == "ul":
        return "\n".join(f"- {text(item)}" for item in block.texts)
    if block.kind == "ol":
        return "\n".join(f"{number}. {text(item)}" for number, item in enumerate(block.texts, 1))
    if block.kind == "table":
        rows = [block.texts[i:i + block.columns] for i in range(0, len(block.texts), block.columns)]
        lines = [f"| {' | '.join(text(cell) for cell in row)} |" for row in rows]
        lines.insert(1, "|" + " --- |" * block.columns)
        return "\n".join(lines)
    raise ValueError(f"unknown block kind {block.kind!r}")


def message_text(message: str, translate: Translate, link: LinkTarget) -> str:
    """One message translated, with its neutral ``@route`` links made the engine's."""
    return rewrite_links(translate(message), link)


def body_markdown(page: Page, translate: Translate, link: LinkTarget) -> str:
    """The page's Markdown body: blocks separated by blank lines, ending with a newline."""
    return "\n\n".join(_block(block, lambda m: message_text(m, translate, link))
                       for block in page.blocks) + "\n"
