"""Choosing each message's text in an edition, along the fallback chain.

A message is shown in the edition's language when its catalog has a usable
translation: not empty and not fuzzy. Otherwise the next language of the
chain is tried, ending with the source. The result says which language the
text is in, so the element that fell back carries its own ``lang``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from babel.messages.catalog import Catalog

from .languages import Language, Languages
from .segments import Resolution


@dataclass(frozen=True)
class Entry:
    """A translation as the catalog holds it."""

    text: str
    fuzzy: bool
    line: int | None
    previous: str | None = None
    broken: bool = False  # stale, and would break the page (links to a page that moved): never shown


Entries = dict[str, Entry]


def catalog_entries(catalog: Catalog) -> Entries:
    """The non-empty singular translations of a catalog (obsolete ones excluded)."""
    entries: Entries = {}
    for message in catalog:
        if not message.id or isinstance(message.id, (list, tuple)):
            continue
        text = message.string if isinstance(message.string, str) else ""
        if text:
            previous = message.previous_id[0] if message.previous_id else None
            entries[message.id] = Entry(text, message.fuzzy, message.lineno, previous)
    return entries


@dataclass
class Coverage:
    """How much of one page an edition shows in its own language."""

    total: int = 0
    translated: int = 0
    stale: int = 0
    fallback_languages: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.translated / self.total if self.total else 1.0

    @property
    def complete(self) -> bool:
        return self.translated == self.total


class MessageLookup:
    """Resolves one page's messages for one edition; counts what it resolved."""

    def __init__(self, languages: Languages, language: Language, entries: dict[str, Entries]):
        self.language = language
        self.chain = languages.chain(language)
        self.source = languages.source
        self.entries = entries
        self.coverage = Coverage()

    def _resolution(self, text: str, used: Language, stale: bool = False) -> Resolution:
        if used is self.language:
            return Resolution(text, stale=stale)
        if used.code not in self.coverage.fallback_languages:
            self.coverage.fallback_languages.append(used.code)
        direction = used.direction if used.direction != self.language.direction else None
        return Resolution(text, language=used.tag, direction=direction)

    def __call__(self, message: str) -> Resolution:
        self.coverage.total += 1
        if self.language is self.source:
            self.coverage.translated += 1
            return Resolution(message)
        for candidate in self.chain:
            if candidate is self.source:
                return self._resolution(message, candidate)
            entry = self.entries.get(candidate.code, {}).get(message)
            if entry is None:
                continue
            if not entry.fuzzy:
                if candidate is self.language:
                    self.coverage.translated += 1
                return self._resolution(entry.text, candidate)
            if candidate is self.language and self.language.stale == "mark" and not entry.broken:
                self.coverage.stale += 1
                return self._resolution(entry.text, candidate, stale=True)
        return self._resolution(message, self.source)
