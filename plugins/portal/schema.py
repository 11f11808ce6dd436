"""One schema language for what editors write: front matter, data files and settings.

A ``Schema`` names what a mapping is (for the messages) and its fields.
``validate_record`` walks a located mapping (``yamlnodes.Located``;
settings are located by the line of their assignment), puts every
problem in the log (an unknown key with the nearest known one, a missing
key, a wrong type, a wrong value with what was expected and the valid
choices) and returns the plain values, the texts to translate and the
references to check once every file is read (``data.records``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from .data.hours import parse_hours
from .data.phones import is_phone
from .problems import ProblemLog
from .yamlnodes import Located, plain

# an id becomes part of a URL (directory/<id>/): letters, digits, '-', '_' and '.', not first
ID = re.compile(r"^\w[\w.-]*$")
EXPECTED = {
    "text": "text", "string": "text", "id": "an id like 'ansan-center' (letters, digits and '-')",
    "route": "a path like 'visas/rules' (ids separated by '/')",
    "int": "a whole number", "count": "a whole number of at least 1",
    "seconds": "a number of seconds above 0",
    "date": "a date written YYYY-MM-DD", "bool": "true or false",
    "phone": "a phone number like 031-123-4567, 1577-1366 or 112",
    "language": "a language code like 'vi' or 'uz'",
    "hours": "opening hours like 'Mo-Fr 09:00-18:00; Sa 10:00-13:00' or '24/7'",
    "url": "an https:// address", "choice": "one of the choices", "record": "a set of 'key: value' lines",
    "any": "a value",
}


@dataclass(frozen=True)
class Field:
    """One key: its kind, whether required, a list or not, what it refers to."""

    kind: str
    required: bool = False
    many: bool = False
    ref: str | None = None  # name of the collection an id must exist in
    record: Schema | None = None  # the schema of each entry, for kind "record"
    choices: tuple[str, ...] = ()  # for kind "choice"
    hint: str = ""

    def __post_init__(self):
        if self.kind not in EXPECTED:
            raise ValueError(f"unknown field kind {self.kind!r}")

    @property
    def translatable(self) -> bool:
        """Text fields are messages for the translators; the other kinds are not."""
        return self.kind == "text"

    @property
    def expected(self) -> str:
        if self.kind == "choice":
            return "one of " + ", ".join(repr(choice) for choice in self.choices)
        return self.hint or f"expected {EXPECTED[self.kind]}"


@dataclass(frozen=True)
class Schema:
    """What a mapping is called in messages, and its fields."""

    name: str
    fields: dict[str, Field]
    subject: str = "'{key}'"  # how one key is named
    unknown: str = "unknown key '{key}' in a {name}"
    missing: str = "a {name} has no '{key}'"
    listed: tuple[str, ...] | None = None  # the keys an "unknown key" hint lists (default: all)

    def __getitem__(self, key: str) -> Field:
        return self.fields[key]

    def __iter__(self):
        return iter(self.fields)

    def get(self, key: str) -> Field | None:
        return self.fields.get(key)


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
    """A validated mapping: plain values and their lines, plus texts and references to check."""

    values: dict[str, Any]
    line: int
    lines: dict[str, int] = field(default_factory=dict)
    texts: list[TextField] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)


def did_you_mean(word: str, known) -> str:
    """'did you mean X? ' when a known word is close to ``word``, else ''."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


def _known_language(code: str) -> bool:
    try:
        Locale.parse(code.replace("-", "_"))
        return True
    except (UnknownLocaleError, ValueError, TypeError):
        return False


class _Wrong(Exception):
    """A value of the wrong type (``kind='type'``) or a wrong value of the right type."""

    def __init__(self, kind: str = "value", reason: str = "", hint: str = ""):
        super().__init__(reason)
        self.kind, self.reason, self.hint = kind, reason, hint


def _text(value: Any, spec: Field) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool) and spec.kind in ("string", "phone"):
        value = str(value)
    if not isinstance(value, str):
        raise _Wrong("type")
    value = " ".join(value.split()) if spec.kind == "text" else value.strip()
    if not value:
        raise _Wrong(reason="empty")
    return value


def _converted(value: Any, spec: Field) -> Any:
    """The value of a scalar field, or ``_Wrong``."""
    kind = spec.kind
    if kind == "any":
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise _Wrong("type")
        return value
    if kind in ("int", "count", "seconds"):
        number_types = int | float if kind == "seconds" else int
        if isinstance(value, bool) or not isinstance(value, number_types):
            raise _Wrong("type")
        if kind != "int" and value <= 0:
            raise _Wrong()
        return value
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if not isinstance(value, str):
            raise _Wrong("type")
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise _Wrong() from None
    text = _text(value, spec)
    if kind in ("id", "route") and not all(ID.match(part) for part in (
            text.split("/") if kind == "route" else [text])):
        raise _Wrong(reason=": not usable in a web address")
    if kind == "phone" and not is_phone(text):
        raise _Wrong(reason=": not a valid Korean phone number (checked with libphonenumber)")
    if kind == "language" and not _known_language(text):
        raise _Wrong(reason=": not a language code CLDR knows",
                     hint="use a CLDR language code such as ko, en, vi, th, km, lo, my, zh, ru, uz, mn, fil")
    if kind == "hours":
        try:
            parse_hours(text)
        except ValueError as error:
            raise _Wrong(reason=f": {error}") from None
    if kind == "url":
        parts = urlsplit(text)
        if parts.scheme not in ("https", "http") or not parts.netloc:
            raise _Wrong()
    if kind == "choice" and text not in spec.choices:
        raise _Wrong(hint=f"{did_you_mean(text, spec.choices)}expected {spec.expected}")
    return text


def _scalar(spec: Field, item: Located, where: str, subject: str, log: ProblemLog, out: Validated) -> Any:
    try:
        value = _converted(plain(item) if spec.kind == "any" else item.value, spec)
    except _Wrong as wrong:
        if wrong.reason == "empty":
            log.add(where, item.line, f"{subject} is empty", spec.expected)
        elif spec.kind == "language" and wrong.kind == "value":
            # the name the editors know this problem by
            log.add(where, item.line, f"unknown language code '{item.value}' in {subject}", wrong.hint)
        else:
            log.add(where, item.line, f"{subject} has the wrong {wrong.kind} {item.value!r}{wrong.reason}",
                    wrong.hint or spec.expected)
        return None
    if spec.translatable:
        out.texts.append(TextField(value, item.line))
    if spec.ref:
        out.references.append(Reference(spec.ref, value, item.line))
    return value


def validate_record(item: Located, schema: Schema, where: str, log: ProblemLog) -> Validated | None:
    """Check one mapping against its schema; every problem goes to the log."""
    if not isinstance(item.value, dict):
        log.add(where, item.line, f"each {schema.name} must be a set of 'key: value' lines")
        return None
    out = Validated({}, item.line)
    for key, located in item.value.items():
        spec = schema.get(key)
        if spec is None:
            log.add(where, located.line, schema.unknown.format(key=key, name=schema.name),
                    f"{did_you_mean(key, schema)}allowed keys: {', '.join(schema.listed or schema)}")
            continue
        out.lines[key] = located.line
        subject = schema.subject.format(key=key, name=schema.name)
        if spec.many:
            if not isinstance(located.value, list):
                log.add(where, located.line, f"{subject} must be a list", "write it as [a, b] or as '- a' lines")
                continue
            values = [_one(spec, element, where, subject, key, log, out) for element in located.value]
            out.values[key] = [v for v in values if v is not None]
        else:
            value = _one(spec, located, where, subject, key, log, out)
            if value is not None:
                out.values[key] = value
    for key, spec in schema.fields.items():
        if spec.required and key not in item.value:
            log.add(where, item.line, schema.missing.format(key=key, name=schema.name),
                    spec.hint or f"add '{key}:'")
    return out


def _one(spec: Field, located: Located, where: str, subject: str, key: str, log: ProblemLog,
         out: Validated) -> Any:
    if spec.kind == "record":
        nested = validate_record(located, spec.record or Schema(f"{key} entry", {}), where, log)
        if nested is None:
            return None
        out.texts.extend(nested.texts)
        out.references.extend(nested.references)
        return nested.values
    return _scalar(spec, located, where, subject, log, out)
