"""A small schema language for the data files, reporting every problem with its line.

Each record type is a dict of field name -> ``Field``. Validation walks the
located YAML tree, collects problems (wrong type, unknown key, missing key,
bad phone number, unknown language code, bad opening hours) into the log,
and returns plain values. References between files are checked later, once
every file is read (``records.check_references``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from ..problems import ProblemLog
from .hours import parse_hours
from .phones import is_phone
from .yamlnodes import Located

KINDS = ("text", "string", "id", "date", "bool", "phone", "language", "hours", "url", "record")


@dataclass(frozen=True)
class Field:
    """One key of a record: its kind, whether required, list or not, what it refers to."""

    kind: str
    required: bool = False
    many: bool = False
    ref: str | None = None  # name of the collection an id must exist in
    record: dict[str, Field] | None = None
    hint: str = ""


@dataclass
class TextField:
    """Where a translatable text sits, so it can be extracted with its line."""

    text: str
    line: int


@dataclass
class Reference:
    collection: str
    value: str
    line: int


@dataclass
class Validated:
    """A validated record: plain values, plus texts and references to check."""

    values: dict[str, Any]
    line: int
    texts: list[TextField] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)


def _known_language(code: str) -> bool:
    try:
        Locale.parse(code.replace("-", "_"))
        return True
    except (UnknownLocaleError, ValueError):
        return False


def _scalar(spec: Field, item: Located, where: str, key: str, log: ProblemLog,
            out: Validated) -> Any:
    value = item.value
    kind = spec.kind
    expected = {"text": "text", "string": "text", "id": "an id like 'ansan-center'",
                "date": "a date written YYYY-MM-DD", "bool": "true or false",
                "phone": "a phone number like 031-123-4567, 1577-1366 or 112",
                "language": "a language code like 'vi' or 'uz'",
                "hours": "opening hours like 'Mo-Fr 09:00-18:00; Sa 10:00-13:00' or '24/7'",
                "url": "an https:// address"}[kind]

    def wrong(reason: str = "") -> None:
        log.add(where, item.line, f"'{key}' has the wrong value {value!r}{reason}",
                spec.hint or f"expected {expected}")

    if kind == "date":
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                return wrong()
        if not isinstance(value, dt.date):
            return wrong()
        return value
    if kind == "bool":
        return value if isinstance(value, bool) else wrong()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and kind in ("string", "phone"):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        return wrong()
    value = value.strip()
    if kind == "text":
        out.texts.append(TextField(" ".join(value.split()), item.line))
        return " ".join(value.split())
    if kind == "phone" and not is_phone(value):
        return wrong(": not a valid Korean phone number (checked with libphonenumber)")
    if kind == "language" and not _known_language(value):
        log.add(where, item.line, f"unknown language code '{value}' in '{key}'",
                "use a CLDR language code such as ko, en, vi, th, km, lo, my, zh, ru, uz, mn, fil")
        return None
    if kind == "hours":
        try:
            parse_hours(value)
        except ValueError as error:
            return wrong(f": {error}")
    if kind == "url" and urlsplit(value).scheme not in ("https", "http"):
        return wrong()
    if spec.ref:
        out.references.append(Reference(spec.ref, value, item.line))
    return value


def validate_record(item: Located, schema: dict[str, Field], where: str, log: ProblemLog,
                    what: str) -> Validated | None:
    """Check one mapping against its schema; every problem goes to the log."""
    if not isinstance(item.value, dict):
        log.add(where, item.line, f"each {what} must be a set of 'key: value' lines")
        return None
    out = Validated({}, item.line)
    for key, located in item.value.items():
        spec = schema.get(key)
        if spec is None:
            log.add(where, located.line, f"unknown key '{key}' in a {what}",
                    f"allowed keys: {', '.join(schema)}")
            continue
        if spec.many:
            if not isinstance(located.value, list):
                log.add(where, located.line, f"'{key}' must be a list", "write it as [a, b] or as '- a' lines")
                continue
            values = [_one(spec, element, where, key, log, out, what) for element in located.value]
            out.values[key] = [v for v in values if v is not None]
        else:
            value = _one(spec, located, where, key, log, out, what)
            if value is not None:
                out.values[key] = value
    for key, spec in schema.items():
        if spec.required and key not in item.value:
            log.add(where, item.line, f"a {what} has no '{key}'", spec.hint or f"add '{key}:'")
    return out


def _one(spec: Field, located: Located, where: str, key: str, log: ProblemLog, out: Validated,
         what: str) -> Any:
    if spec.kind == "record":
        nested = validate_record(located, spec.record or {}, where, log, f"{key} entry")
        if nested is None:
            return None
        out.texts.extend(nested.texts)
        out.references.extend(nested.references)
        return nested.values
    return _scalar(spec, located, where, key, log, out)
