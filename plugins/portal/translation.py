"""Choosing each message's text in an edition, along the fallback chain.

A message is shown in the edition's language when its catalog has a usable
translation: not empty and not fuzzy. Otherwise the next language of the
chain is tried, ending with the source. The result says which language the
text is in, so the element that fell back carries its own ``lang``.
``PageTranslations`` holds every page's entries by language, loading a
language's only when an edition asks for them.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping
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
    updating: int = 0  # stale translations replaced along the chain (policy "fallback")
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
            if candidate is self.language:
                self.coverage.updating += 1  # the reader is told the part shown instead is being updated
        return self._resolution(message, self.source)


class PageTranslations(Mapping[str, Mapping[str, Entries]]):
    """Page path -> language code -> that page's usable translations.

    A language's entries may be given as a loader of each page's entries,
    pickled: it is called the first time one of them is looked up, and a
    page's entries are unpickled when that page is. A rebuild whose edition
    in that language is reused whole never loads them, and one that shows
    an edited page unpickles that page's alone (all of them are a tenth of
    a small rebuild, at 300 pages x 12).
    """

    def __init__(self):
        self._languages: dict[str, dict[str, Entries]] = {}
        self._loaders: dict[str, Callable[[], Mapping[str, bytes]]] = {}
        self._pickled: dict[str, dict[str, bytes]] = {}  # code -> path -> entries not unpickled yet
        self._codes: dict[str, list[str]] = {}  # path -> codes that translate it, in the order added

    def add(self, code: str, path: str, entries: Entries) -> None:
        self._languages.setdefault(code, {})[path] = entries
        self._note(code, [path])

    def add_later(self, code: str, paths: Iterable[str], load: Callable[[], Mapping[str, bytes]]) -> None:
        """``paths`` of ``code`` are translated; ``load()`` gives their entries, pickled, when first asked."""
        self._loaders[code] = load
        self._note(code, paths)

    def with_page(self, code: str, path: str, entries: Entries) -> PageTranslations:
        """A copy in which ``path`` in ``code`` has ``entries`` (this one is left as it is)."""
        copy = PageTranslations()
        copy._languages = {language: dict(pages) for language, pages in self._languages.items()}
        copy._loaders = dict(self._loaders)
        copy._pickled = {language: dict(pages) for language, pages in self._pickled.items()}
        copy._codes = {page: list(codes) for page, codes in self._codes.items()}
        copy.add(code, path, entries)
        return copy

    def _note(self, code: str, paths: Iterable[str]) -> None:
        for path in paths:
            codes = self._codes.setdefault(path, [])
            if code not in codes:
                codes.append(code)

    def _still_pickled(self, code: str) -> dict[str, bytes]:
        load = self._loaders.pop(code, None)
        if load is not None:
            self._pickled.setdefault(code, {}).update(load())
        return self._pickled.get(code, {})

    def entries(self, code: str, path: str) -> Entries:
        """One page's entries in ``code`` (KeyError when it has none)."""
        known = self._languages.get(code, {})
        if path not in known:
            blob = self._still_pickled(code).pop(path)
            known = self._languages.setdefault(code, {})
            known[path] = pickle.loads(blob)
        return known[path]

    def language(self, code: str) -> dict[str, Entries]:
        """Every page's entries in ``code`` (loading them if they were given later)."""
        pickled = self._still_pickled(code)
        if pickled:
            self._languages.setdefault(code, {}).update((path, pickle.loads(blob)) for path, blob in pickled.items())
            pickled.clear()
        return self._languages.get(code, {})

    def __getitem__(self, path: str) -> Mapping[str, Entries]:
        if path not in self._codes:
            raise KeyError(path)
        return _PageView(self, path)

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)


class _PageView(Mapping[str, Entries]):
    """One page's entries by language, each language loaded when looked up."""

    def __init__(self, store: PageTranslations, path: str):
        self.store, self.path = store, path

    def __getitem__(self, code: str) -> Entries:
        if code not in self.store._codes[self.path]:
            raise KeyError(code)
        return self.store.entries(code, self.path)

    def __iter__(self) -> Iterator[str]:
        return iter(self.store._codes[self.path])

    def __len__(self) -> int:
        return len(self.store._codes[self.path])
