"""Reading YAML with the line of every value, for errors that say where."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from ..problems import ProblemLog


@dataclass(frozen=True)
class Located:
    """A YAML value and the 1-based line it starts on."""

    value: Any
    line: int


def _locate(node: yaml.Node, loader: yaml.SafeLoader) -> Located:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        return Located({key.value: _locate(value, loader) for key, value in node.value}, line)
    if isinstance(node, yaml.SequenceNode):
        return Located([_locate(item, loader) for item in node.value], line)
    return Located(loader.construct_object(node, deep=True), line)


def read_located(text: str, display: str, log: ProblemLog) -> Located | None:
    """Parse YAML with PyYAML's safe loader, keeping each value's line."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        return _locate(node, loader) if node is not None else Located([], 1)
    except yaml.MarkedYAMLError as error:
        mark = error.context_mark or error.problem_mark
        detail = f"{error.context}: {error.problem}" if error.context else error.problem
        log.add(display, mark.line + 1 if mark else None, f"not valid YAML ({detail})",
                "check the indentation and the quotes; a value containing ': ' needs quotes")
        return None
    finally:
        loader.dispose()


def plain(located: Located) -> Any:
    """The value without line information."""
    value = located.value
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
