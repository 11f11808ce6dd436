"""Reading editors' YAML (front matter and data files) with the line of every value.

One reader for both. It builds the document from the parser's events
itself, so that what YAML would silently accept is refused, with its
line, before any value is made:

- anchors and aliases (``&name``, ``*name``): a one-kilobyte "alias bomb"
  expands to gigabytes; the first anchor or alias stops the file, at no
  cost, whatever follows it;
- a key given twice in one mapping (YAML keeps the last one, silently);
- tags (``!!python/object``, ``!!binary``...), keys that are not plain
  text, more than one document, nesting deeper than any record needs.

libyaml parses when PyYAML has it (a tenth of the time); a document it
rejects is parsed again by PyYAML's Python parser, whose messages and
marks are the ones quoted, so an editor reads the same error either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .problems import Problem, ProblemLog

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 12  # a service point's phone entry is 4 deep
NO_ALIASES = ("write the value out in full where it is used: the portal's YAML files do not use "
              "anchors (&) or aliases (*)")


@dataclass(frozen=True)
class Located:
    """A YAML value and the 1-based line it is on.

    A mapping's value is a dict of key text -> ``Located`` (whose line is
    its key's, where an editor looks for it), a sequence's a list of
    ``Located``; a scalar's is the plain value (str, int, date...).
    """

    value: Any
    line: int


class _Refused(Exception):
    """A construct the portal does not accept; stops reading the document."""

    def __init__(self, line: int, message: str, hint: str = ""):
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


class _Composer:
    """Builds ``Located`` values from one parser's events, refusing what is listed above."""

    def __init__(self, loader: yaml.SafeLoader, display: str, first_line: int):
        self.loader = loader
        self.display = display
        self.first_line = first_line
        self.problems: list[Problem] = []

    def line_of(self, event: yaml.Event) -> int:
        return event.start_mark.line + self.first_line

    def document(self) -> Located | None:
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # document start
        located = self.node(0)
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            raise _Refused(self.line_of(loader.peek_event()), "the file holds more than one YAML document",
                           "remove the '---' line: one file is one list or one set of 'key: value' lines")
        return located

    def node(self, depth: int) -> Located:
        event = self.loader.get_event()
        line = self.line_of(event)
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(line, f"YAML alias '*{event.anchor}' is not allowed", NO_ALIASES)
        if event.anchor is not None:
            raise _Refused(line, f"YAML anchor '&{event.anchor}' is not allowed", NO_ALIASES)
        if isinstance(event, yaml.ScalarEvent):
            if event.tag is not None and event.tag != "!":
                raise _Refused(line, f"YAML tag '{event.tag}' is not allowed",
                               "remove the tag; put the value in quotes if it must stay text")
            return Located(self.scalar(event), line)
        if getattr(event, "tag", None) is not None:
            raise _Refused(line, f"YAML tag '{event.tag}' is not allowed", "remove the tag")
        if depth >= MAX_DEPTH:
            raise _Refused(line, f"the YAML is nested more than {MAX_DEPTH} levels deep",
                           "no record of the portal nests this deep: check the indentation")
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while not self.loader.check_event(yaml.SequenceEndEvent):
                items.append(self.node(depth + 1))
            self.loader.get_event()
            return Located(items, line)
        return Located(self.mapping(depth), line)

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        """The value PyYAML's safe loader gives; the text itself when it cannot be made
        (a date such as 2025-02-30, an integer of thousands of digits), for the schema to refuse."""
        tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.loader.construct_object(node)
        except (ValueError, OverflowError, yaml.constructor.ConstructorError):
            return event.value

    def mapping(self, depth: int) -> dict[str, Located]:
        pairs: dict[str, Located] = {}
        while not self.loader.check_event(yaml.MappingEndEvent):
            event = self.loader.peek_event()
            if not isinstance(event, yaml.ScalarEvent) or event.anchor is not None or (
                    event.tag is not None and event.tag != "!"):
                if isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
                    self.node(depth + 1)  # refuses the alias, anchor or tag with its own message
                raise _Refused(self.line_of(event), "a key must be plain text, like 'name:'",
                               "a '?' or a '[' or '{' at the start of a key makes it something else")
            self.loader.get_event()
            key, line = event.value, self.line_of(event)
            value = self.node(depth + 1)
            if key in pairs:
                self.problems.append(Problem(
                    self.display, line, f"key '{key}' is given twice (lines {pairs[key].line} and {line})",
                    "keep one of them: YAML would silently use the last one"))
                continue
            pairs[key] = Located(value.value, line)
        self.loader.get_event()
        return pairs


def _compose(text: str, loader_class, display: str, first_line: int) -> tuple[Located | None, list[Problem]]:
    loader = loader_class(text)
    try:
        composer = _Composer(loader, display, first_line)
        try:
            located = composer.document()
        except _Refused as refused:
            return None, [*composer.problems, Problem(display, refused.line, refused.message, refused.hint)]
        return located, composer.problems
    finally:
        loader.dispose()


def read_yaml(text: str, display: str, log: ProblemLog, *, first_line: int = 1, what: str = "the file",
              hint: str = "check the indentation and the quotes; a value containing ': ' needs quotes"
              ) -> Located | None:
    """Parse one YAML document, keeping each value's line (``first_line`` is the text's first).

    Returns None, with the problems in ``log``, when the text is not valid
    YAML or uses what the portal refuses; an empty document reads as None
    too, without a problem.
    """
    try:
        located, problems = _compose(text, FAST_LOADER, display, first_line)
    except yaml.YAMLError:
        try:
            located, problems = _compose(text, yaml.SafeLoader, display, first_line)
        except yaml.MarkedYAMLError as error:
            # Report where the broken construct starts (an unclosed '[' or quote),
            # which is where the editor has to look, not where YAML gave up.
            mark = error.context_mark or error.problem_mark
            detail = f"{error.context}: {error.problem}" if error.context else error.problem
            log.add(display, mark.line + first_line if mark else first_line,
                    f"{what} is not valid YAML ({detail})", hint)
            return None
        except yaml.YAMLError as error:
            log.add(display, first_line, f"{what} is not valid YAML ({error})", hint)
            return None
    log.extend(problems)
    return None if problems else located


def locate(value: Any, line: int) -> Located:
    """A plain value (a setting, say) as a located one, every part of it on ``line``."""
    if isinstance(value, dict):
        return Located({str(key): locate(item, line) for key, item in value.items()}, line)
    if isinstance(value, list | tuple):
        return Located([locate(item, line) for item in value], line)
    return Located(value, line)


def plain(located: Located) -> Any:
    """The value without line information."""
    value = located.value
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
