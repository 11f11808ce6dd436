"""Translation status: per language and per page, in messages and in words.

Words are counted in the source-language text of each message, the usual
measure of translation work, so languages written without spaces are
compared fairly. A message is translated (usable), fuzzy (stale: its
source changed) or untranslated (empty or missing).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from .editions import PageMessages, TranslationSet
from .languages import Language, Languages
from .problems import Problem
from .translation import Entry

STATES = ("translated", "fuzzy", "untranslated")
MARKUP = re.compile(r"\]\([^)]*\)|[`*_\[\]#>]")


@cache  # every language's report counts the same messages
def source_words(message: str) -> int:
    return len(MARKUP.sub(" ", message).split())


@dataclass
class Tally:
    """Counts of messages and source words in each state."""

    messages: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    words: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))

    def add(self, state: str, words: int) -> None:
        self.messages[state] += 1
        self.words[state] += words

    def merge(self, other: Tally) -> None:
        for state in STATES:
            self.messages[state] += other.messages[state]
            self.words[state] += other.words[state]

    @property
    def percent(self) -> float:
        """Share of source words translated, 0-100."""
        total = sum(self.words.values())
        return 100.0 * self.words["translated"] / total if total else 100.0

    def as_dict(self) -> dict:
        return {"messages": dict(self.messages), "words": dict(self.words),
                "percent": round(self.percent, 1)}


@dataclass
class StaleMessage:
    page: str
    source: str
    previous: str | None
    translation: str


@dataclass
class LanguageStatus:
    code: str
    name: str
    provenance: str
    total: Tally = field(default_factory=Tally)
    pages: dict[str, Tally] = field(default_factory=dict)
    stale: list[StaleMessage] = field(default_factory=list)
    last_update: str | None = None
    # translations `portal build --keep-going` left out (file, line, problem): shown in another language
    broken: list[Problem] = field(default_factory=list)


def translation_status(languages: Languages, messages: dict[str, PageMessages],
                       translations: TranslationSet) -> list[LanguageStatus]:
    """The status of every target language, page by page."""
    return [language_status(language, messages, translations) for language in languages.targets]


def language_status(language: Language, messages: dict[str, PageMessages], translations: TranslationSet,
                    counted: Mapping[str, PageStatus] | None = None) -> LanguageStatus:
    """One target language's status: it depends on the source and that language's catalogs only.

    ``counted`` holds pages' statuses known already (a rebuild's unchanged pages):
    those pages' catalogs are not looked at.
    """
    status = LanguageStatus(language.code, language.name,
                            translations.provenance.get(language.code, "draft"),
                            last_update=translations.revised.get(language.code),
                            broken=list(translations.broken.get(language.code, ())))
    counted = counted or {}
    for path, found in sorted(messages.items()):
        page = counted.get(path)
        if page is None:
            page = page_status(path, found, translations.pages.get(path, {}).get(language.code, {}))
        status.pages[path] = page.tally
        status.total.merge(page.tally)
        status.stale.extend(page.stale)
    return status


@dataclass(frozen=True)
class PageStatus:
    """One page's part of a language's status."""

    tally: Tally
    stale: tuple[StaleMessage, ...]


def page_status(path: str, found: PageMessages, entries: Mapping[str, Entry]) -> PageStatus:
    """One page's messages against its catalog in one language (``entries``)."""
    tally = Tally()
    stale = []
    seen = set()
    for message, _ in found.messages:
        if message in seen:
            continue
        seen.add(message)
        entry = entries.get(message)
        state = "untranslated" if entry is None else "fuzzy" if entry.fuzzy else "translated"
        tally.add(state, source_words(message))
        if state == "fuzzy":
            stale.append(StaleMessage(path, message, entry.previous, entry.text))
    return PageStatus(tally, tuple(stale))


def as_json(report: list[LanguageStatus]) -> str:
    data = {
        status.code: {
            "name": status.name,
            "provenance": status.provenance,
            "last_update": status.last_update,
            **status.total.as_dict(),
            "pages": {path: tally.as_dict() for path, tally in status.pages.items()},
            "stale": [vars(stale) for stale in status.stale],
            "broken": [{"file": problem.path, "line": problem.line, "problem": problem.message}
                       for problem in status.broken],
        }
        for status in report
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def as_table(report: list[LanguageStatus], pages: bool = False) -> str:
    """A plain-text table, one row per language (and per page with ``pages``)."""
    header = (f"{'language':<10} {'words %':>8} {'translated':>11} {'fuzzy':>6} {'untransl.':>10}"
              "   messages t/f/u")
    lines = [header, "-" * len(header)]

    def row(label: str, tally: Tally) -> str:
        m, w = tally.messages, tally.words
        return (f"{label:<10} {tally.percent:>7.1f}% {w['translated']:>11} {w['fuzzy']:>6} "
                f"{w['untranslated']:>10}   {m['translated']}/{m['fuzzy']}/{m['untranslated']}")

    for status in report:
        lines.append(row(status.code, status.total))
        if pages:
            lines.extend(row(f"  {path}", tally) for path, tally in status.pages.items())
    return "\n".join(lines) + "\n"


def parse_minimums(values: list[str], codes: list[str]) -> dict[str, float]:
    """``--min 80`` for every language, ``--min ru=90`` for one; later values win."""
    minimums: dict[str, float] = {}
    for value in values:
        code, _, number = value.rpartition("=")
        targets = [code] if code else codes
        for target in targets:
            if target not in codes:
                raise ValueError(f"unknown language {target!r} in --min {value}")
            minimums[target] = float(number)
    return minimums


def below_minimum(report: list[LanguageStatus], minimums: dict[str, float]) -> list[str]:
    return [f"{s.code}: {s.total.percent:.1f}% translated, below the minimum of {minimums[s.code]:g}%"
            for s in report if s.code in minimums and s.total.percent < minimums[s.code]]
