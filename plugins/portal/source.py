"""Reading editors' Markdown files: YAML front matter plus a Markdown body.

Front matter is read by the portal's one YAML reader (``yamlnodes``) and
validated against its schema by the one validator (``schema``); every
problem names the file and the line of the key. A page is read only up
to the size limits of ``limits``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .limits import MAX_FRONT_MATTER_BYTES, MAX_PAGE_BYTES, read_limited, size_text
from .problems import ProblemLog
from .schema import Field, Schema, validate_record
from .yamlnodes import Located, read_yaml

FENCE = "---"

FRONT_MATTER = Schema("front matter", {
    "title": Field("text", required=True, hint="a short title"),
    "summary": Field("text", hint="one sentence"),
    "date": Field("date", hint="a date written YYYY-MM-DD"),
    "modified": Field("date", hint="a date written YYYY-MM-DD"),
    "order": Field("int", hint="a whole number; lower comes first"),
    "sample": Field("bool", hint="true when the page holds sample data, not checked facts"),
    "sensitive": Field("bool", hint="true for pages a reader may need to leave quickly "
                                    "(violence, undocumented status): adds a quick-exit button"),
    "communities": Field("id", many=True, hint="a list of community ids from content/data/communities.yml"),
}, subject="front matter key '{key}'", unknown="unknown front matter key '{key}'",
    missing="front matter has no '{key}'")
TRANSLATABLE_KEYS = tuple(key for key, spec in FRONT_MATTER.fields.items() if spec.translatable)
PAGE_TOO_LARGE = "split it into several pages (a section's pages are listed together)"


def route_of(path: PurePosixPath) -> str:
    """A page's path without language: '' (home), 'visas', 'visas/regional-e7'."""
    parts = path.with_suffix("").parts
    if parts[-1] == "index":
        parts = parts[:-1]
    return "/".join(parts)


@dataclass(frozen=True)
class SourcePage:
    """One source-language file, parsed but not yet rendered."""

    path: PurePosixPath
    meta: dict[str, Any]
    body: str
    body_line: int
    meta_lines: dict[str, int] = field(default_factory=dict)

    @property
    def route(self) -> str:
        return route_of(self.path)

    @property
    def is_index(self) -> bool:
        return self.path.name == "index.md"

    @property
    def section(self) -> str | None:
        """The top-level folder the page lives in, or None for the home page."""
        return self.path.parts[0] if len(self.path.parts) > 1 else None

    @property
    def title(self) -> str:
        return self.meta["title"]


def _split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter, body, line where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != FENCE:
        return None, text, 1
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == FENCE:
            return "".join(lines[1:index]), "".join(lines[index + 1:]), index + 2
    return "", "", len(lines) + 1


def read_front_matter(raw: str, display_path: str, log: ProblemLog, schema: Schema = FRONT_MATTER,
                      first_line: int = 2) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse and validate front matter (which starts on ``first_line``); problems go to ``log``.

    Returns the values and the line of each key.
    """
    if len(raw.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        log.add(display_path, first_line, f"the front matter is {size_text(len(raw.encode()))}, more than "
                f"the {size_text(MAX_FRONT_MATTER_BYTES)} the portal reads",
                "front matter holds a title, a summary and a few keys: move long text into the page")
        return {}, {}
    problems_before = len(log.problems)
    located = read_yaml(raw, display_path, log, first_line=first_line, what="front matter",
                        hint="check the quotes and brackets; a value that starts with '[', '{' or '\"' or "
                             "contains ': ' needs to be quoted as a whole")
    if len(log.problems) > problems_before:
        return {}, {}
    if located is None:
        located = Located({}, first_line)
    if not isinstance(located.value, dict):
        log.add(display_path, first_line, "front matter must be a set of 'key: value' lines")
        return {}, {}
    validated = validate_record(located, schema, display_path, log)
    return (validated.values, validated.lines) if validated else ({}, {})


def read_source_page(content_root: Path, path: Path, log: ProblemLog) -> SourcePage | None:
    """Read one Markdown file; None (with problems logged) when it is invalid."""
    relative = PurePosixPath(path.relative_to(content_root).as_posix())
    display = f"{content_root.name}/{relative}"
    text = read_limited(path, display, log, MAX_PAGE_BYTES, PAGE_TOO_LARGE)
    if text is None:
        return None
    raw, body, body_line = _split_front_matter(text)
    if raw is None:
        log.add(display, 1, "file has no front matter",
                "start the file with '---', a 'title: ...' line and another '---'")
        return None
    problems_before = len(log.problems)
    meta, lines = read_front_matter(raw, display, log)
    if len(log.problems) > problems_before:
        return None
    return SourcePage(relative, meta, body, body_line, lines)


def read_source_tree(content_root: Path, log: ProblemLog) -> list[SourcePage]:
    """Every Markdown page under the content folder, in path order."""
    pages = []
    for path in sorted(content_root.rglob("*.md")):
        page = read_source_page(content_root, path, log)
        if page is not None:
            pages.append(page)
    return pages
