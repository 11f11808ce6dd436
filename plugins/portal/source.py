"""Reading editors' Markdown files: YAML front matter plus a Markdown body.

Front matter is read with PyYAML's safe loader and validated against a
small schema; every problem names the file and the line of the key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .problems import ProblemLog

FENCE = "---"


@dataclass(frozen=True)
class FieldSpec:
    """One front-matter key: its type, whether it is required and translated."""

    kind: type | tuple[type, ...]
    required: bool = False
    translatable: bool = False
    hint: str = ""


FRONT_MATTER: dict[str, FieldSpec] = {
    "title": FieldSpec(str, required=True, translatable=True, hint="a short title"),
    "summary": FieldSpec(str, translatable=True, hint="one sentence"),
    "date": FieldSpec(dt.date, hint="a date written YYYY-MM-DD"),
    "modified": FieldSpec(dt.date, hint="a date written YYYY-MM-DD"),
    "order": FieldSpec(int, hint="a whole number; lower comes first"),
    "sample": FieldSpec(bool, hint="true when the page holds sample data, not checked facts"),
    "sensitive": FieldSpec(bool, hint="true for pages a reader may need to leave quickly "
                                      "(violence, undocumented status): adds a quick-exit button"),
    "communities": FieldSpec(list, hint="a list of community ids from content/data/communities.yml"),
}
TRANSLATABLE_KEYS = tuple(key for key, spec in FRONT_MATTER.items() if spec.translatable)


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


def _coerce(value: Any, spec: FieldSpec) -> Any:
    """Accept a quoted ISO date as a date; reject everything else of the wrong type."""
    if spec.kind is dt.date and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if spec.kind is dt.date and isinstance(value, dt.datetime):
        return value.date()
    if spec.kind is int and isinstance(value, bool):
        raise TypeError
    if not isinstance(value, spec.kind):
        raise TypeError
    return value


FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parsed(raw: str, loader_class) -> tuple[yaml.Node | None, Any]:
    """The YAML document's node (for the keys' lines) and its value."""
    loader = loader_class(raw)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else {}
    finally:
        loader.dispose()


def read_front_matter(
    raw: str, display_path: str, log: ProblemLog, schema: dict[str, FieldSpec] = FRONT_MATTER
) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse and validate front matter; problems go to ``log`` with their lines.

    libyaml parses when PyYAML has it (a tenth of the time); front matter it
    rejects is parsed again in Python, whose messages and marks the errors
    quote, so an editor reads the same error either way.
    """
    try:
        node, data = _parsed(raw, FAST_LOADER)
    except yaml.YAMLError:
        try:
            node, data = _parsed(raw, yaml.SafeLoader)
        except yaml.MarkedYAMLError as error:
            # Report where the broken construct starts (an unclosed '[' or quote),
            # which is where the editor has to look, not where YAML gave up.
            mark = error.context_mark or error.problem_mark
            line = mark.line + 2 if mark else 1  # +1 for 1-based, +1 for the opening fence
            detail = f"{error.context}: {error.problem}" if error.context else error.problem
            log.add(display_path, line, f"front matter is not valid YAML ({detail})",
                    "check the quotes and brackets; a value that starts with '[', '{' or '\"' or "
                    "contains ': ' needs to be quoted as a whole")
            return {}, {}
    if not isinstance(data, dict):
        log.add(display_path, 2, "front matter must be a set of 'key: value' lines")
        return {}, {}

    lines = {key.value: key.start_mark.line + 2 for key, _ in node.value}
    meta: dict[str, Any] = {}
    for key, value in data.items():
        spec = schema.get(key)
        if spec is None:
            log.add(display_path, lines.get(key), f"unknown front matter key '{key}'",
                    f"allowed keys: {', '.join(schema)}")
            continue
        try:
            meta[key] = _coerce(value, spec)
        except (TypeError, ValueError):
            log.add(display_path, lines.get(key),
                    f"front matter key '{key}' has the wrong type: {value!r}", f"expected {spec.hint}")
            continue
        if spec.translatable and not meta[key].strip():
            log.add(display_path, lines.get(key), f"front matter key '{key}' is empty", spec.hint)
    for key, spec in schema.items():
        if spec.required and key not in data:
            log.add(display_path, 1, f"front matter has no '{key}'", f"add '{key}:' with {spec.hint}")
    return meta, lines


def read_source_page(content_root: Path, path: Path, log: ProblemLog) -> SourcePage | None:
    """Read one Markdown file; None (with problems logged) when it is invalid."""
    relative = PurePosixPath(path.relative_to(content_root).as_posix())
    display = f"{content_root.name}/{relative}"
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError as error:
        log.add(display, None, f"file is not UTF-8 ({error.reason})", "save the file as UTF-8")
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
