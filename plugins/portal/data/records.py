"""The data files a portal may have, their schemas, and loading them together.

Field names follow the Open Referral HSDS vocabulary where it has one
(``name``, ``description``, ``url``, ``email``, ``application_process``,
``eligibility_description``, ``phones``, ``languages``, ``assured_date``
for the date a record was last checked). Text fields are translatable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..limits import MAX_DATA_BYTES, read_limited
from ..problems import ProblemLog
from ..schema import ID, Field, Reference, Schema, Validated, validate_record
from ..yamlnodes import Located, read_yaml

VOCABULARY_GROUPS = ("kinds", "services", "cities")

PHONE = Schema("phones entry", {
    "number": Field("phone", required=True),
    "description": Field("text"),
    "languages": Field("language", many=True),
    "hours": Field("hours"),
})
ORGANISATION = Schema("organisations entry", {
    "name": Field("text", required=True),
    "description": Field("text"),
    "url": Field("url"),
    "sample": Field("bool"),
})
HELPLINE_LANGUAGES = Schema("language_hours entry", {
    "languages": Field("language", many=True, required=True),
    "hours": Field("hours", required=True),
    "sample": Field("bool", hint="true where the facts do not name these languages"),
})
SCHEMAS: dict[str, Schema] = {
    "service-points": Schema("service point", {
        "id": Field("id", required=True),
        "name": Field("text", required=True),
        "kind": Field("id", required=True, ref="kinds"),
        "city": Field("id", required=True, ref="cities"),
        "address": Field("string", hint="the address in Korean, as a taxi driver or a map app reads it"),
        "description": Field("text"),
        "phones": Field("record", many=True, record=PHONE),
        "languages": Field("language", many=True, hint="languages spoken in person"),
        "interpretation_languages": Field("language", many=True,
                                          hint="languages available through an interpreter"),
        "services": Field("id", many=True, ref="services"),
        "hours": Field("hours"),
        "eligibility_description": Field("text"),
        "serves_undocumented": Field("bool", hint="true if people without papers are served"),
        "application_process": Field("text"),
        "url": Field("url"),
        "email": Field("string"),
        "assured_date": Field("date", required=True, hint="the date the record was last checked"),
        "sample": Field("bool"),
    }),
    "communities": Schema("community", {
        "id": Field("id", required=True),
        "name": Field("text", required=True),
        "summary": Field("text"),
        "languages": Field("language", many=True, required=True,
                           hint="the languages the community reads, most preferred first"),
        "about": Field("text", many=True, hint="short paragraphs on what matters to the community"),
        "visas": Field("id", many=True, ref="visas"),
        "service_points": Field("id", many=True, ref="service-points"),
        "organisations": Field("record", many=True, record=ORGANISATION),
        "sample": Field("bool"),
    }),
    "visas": Schema("visa rule", {
        "code": Field("id", required=True, hint="a visa code such as E-9 or E-7-4R"),
        "name": Field("text", required=True),
        "for_whom": Field("text"),
        "rules": Field("text", many=True),
        "effective_from": Field("date"),
        "expires": Field("date", hint="the last day the rule applies; lapsed rules are flagged"),
        "sample": Field("bool"),
    }),
    "helplines": Schema("help line", {
        "number": Field("phone", required=True),
        "name": Field("text", required=True),
        "description": Field("text"),
        "languages": Field("language", many=True, hint="the languages answered whenever the line is open"),
        "hours": Field("hours"),
        "language_hours": Field("record", many=True, record=HELPLINE_LANGUAGES,
                                hint="languages answered for fewer hours than the line's own, with their hours"),
        "reported": Field("string", hint="when the hours and languages were reported, as YYYY-MM or YYYY-MM-DD"),
        "emergency": Field("bool"),
        "sample": Field("bool"),
    }),
}
ID_KEYS = {"service-points": "id", "communities": "id", "visas": "code", "helplines": "number"}
DATA_FILE_TOO_LARGE = ("a data file this large holds far more records than a portal lists: check that it is "
                       "the right file, and move long texts into pages")


@dataclass
class DataSet:
    """Every data file, validated; texts kept with their lines for the catalogs."""

    vocabulary: dict[str, dict[str, str]] = field(default_factory=dict)
    collections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    messages: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # collection -> id -> (data file, line of the record): where a page made from it comes from
    origins: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> list[dict[str, Any]]:
        return self.collections.get(name, [])

    def ids(self, name: str) -> set[str]:
        if name in VOCABULARY_GROUPS:
            return set(self.vocabulary.get(name, {}))
        return {record[ID_KEYS[name]] for record in self[name] if ID_KEYS[name] in record}

    def by_id(self, name: str) -> dict[str, dict[str, Any]]:
        return {record[ID_KEYS[name]]: record for record in self[name] if ID_KEYS[name] in record}


def _read_vocabulary(located: Located, where: str, log: ProblemLog, data: DataSet,
                     texts: list[tuple[str, int]]) -> None:
    if not isinstance(located.value, dict):
        log.add(where, located.line, "the vocabulary must map groups (kinds, services, cities) to labels")
        return
    for group, entries in located.value.items():
        if group not in VOCABULARY_GROUPS:
            log.add(where, entries.line, f"unknown vocabulary group '{group}'",
                    f"allowed groups: {', '.join(VOCABULARY_GROUPS)}")
            continue
        if not isinstance(entries.value, dict):
            log.add(where, entries.line, f"'{group}' must map ids to labels, like 'legal: 법률 상담'")
            continue
        labels = {}
        for key, label in entries.value.items():
            if not ID.match(key):
                log.add(where, label.line, f"'{group}.{key}' is not usable as an id (it becomes part of "
                        "web addresses)", "use letters, digits and '-', like 'daily-life'")
                continue
            if not isinstance(label.value, str) or not label.value.strip():
                log.add(where, label.line, f"'{group}.{key}' needs a label")
                continue
            labels[key] = label.value.strip()
            texts.append((labels[key], label.line))
        data.vocabulary[group] = labels
        data.origins[group] = {key: (where, entries.value[key].line) for key in labels}


def load_data(content_root: Path, log: ProblemLog) -> DataSet:
    """Read and validate ``content/data/*.yml``; problems go to the log with lines."""
    data = DataSet()
    folder = content_root / "data"
    if not folder.is_dir():
        return data
    references: list[tuple[str, Reference]] = []
    for path in sorted(folder.glob("*.y*ml")):
        where = f"{content_root.name}/{path.relative_to(content_root).as_posix()}"
        name = path.stem
        problems_before = len(log.problems)
        text = read_limited(path, where, log, MAX_DATA_BYTES, DATA_FILE_TOO_LARGE)
        located = read_yaml(text, where, log) if text is not None else None
        if len(log.problems) > problems_before:
            continue
        located = located or Located([], 1)  # an empty file: no records
        texts: list[tuple[str, int]] = []
        if name == "vocabulary":
            _read_vocabulary(located, where, log, data, texts)
        elif name in SCHEMAS:
            records, lines = _read_collection(located, name, where, log, texts, references)
            data.collections[name] = records
            data.origins[name] = {key: (where, line) for key, line in lines.items()}
        else:
            log.add(where, None, f"unknown data file '{path.name}'",
                    f"data files: vocabulary.yml, {', '.join(f'{n}.yml' for n in SCHEMAS)}")
            continue
        data.messages[f"data/{path.name}"] = texts
    for where, reference in references:
        if reference.value not in data.ids(reference.collection):
            known = ", ".join(sorted(data.ids(reference.collection))) or "none yet"
            log.add(where, reference.line, f"'{reference.value}' is not a known {reference.collection} id",
                    f"known: {known}")
    return data


def _read_collection(located: Located, name: str, where: str, log: ProblemLog,
                     texts: list[tuple[str, int]], references: list[tuple[str, Reference]]
                     ) -> tuple[list[dict], dict[str, int]]:
    """The valid records of one file, and the line of each record's id."""
    if not isinstance(located.value, list):
        log.add(where, located.line, f"{name}.yml must be a list of records, each starting with '- '")
        return [], {}
    records, seen = [], {}
    for item in located.value:
        validated: Validated | None = validate_record(item, SCHEMAS[name], where, log)
        if validated is None:
            continue
        key = validated.values.get(ID_KEYS[name])
        if key in seen:
            log.add(where, validated.line, f"{ID_KEYS[name]} '{key}' is used twice (first on line {seen[key]})",
                    "give every record its own id")
            continue
        if key is not None:
            seen[key] = validated.line
        texts.extend((text.text, text.line) for text in validated.texts)
        references.extend((where, ref) for ref in validated.references)
        records.append(validated.values)
    return records, seen
