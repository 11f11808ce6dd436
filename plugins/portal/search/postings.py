"""An edition's postings, kept from one build to the next so that an edit re-encodes only its terms.

A term's postings (see ``index.py``) are its (document key, term
frequency) pairs in key order, where a key is the document's number
times the fields plus the field. As long as every page keeps its number
of documents, every page keeps its keys: editing a page then changes the
postings of its own terms (old and new) and nothing else, because the
index stores frequencies, not scores that depend on every document.

``EditionPostings`` holds all postings as the one JSON text the shards
are cut from, with each term's place in it. ``updated`` decodes, patches
and re-encodes only the edited pages' terms and copies the text between
them as it was; when pages were added, removed or re-sectioned, or many
changed, it counts everything again, as a cold build does. (One text and
two arrays, rather than a dict of a hundred thousand strings, also make
the cache entry quick to save and load.)
"""

from __future__ import annotations

import json
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Protocol

from .index import FIELDS, CountedDocument, delta_postings, utf16_order

WIDTH = len(FIELDS)
PATCH_SHARE = 0.2  # patch when at most this share of the pages changed, else count everything again


class PageShare(Protocol):
    """What an edition's postings need of one page: its documents, and their counted terms
    (looked at only where the page changed, or when everything is counted again)."""

    documents: tuple
    terms: tuple[CountedDocument, ...]


@dataclass(frozen=True)
class EditionPostings:
    """The postings of an edition's pages (``pages``: their ``page_key``s, in order)."""

    pages: tuple[str, ...]
    documents: tuple[int, ...]  # each page's number of documents
    lengths: tuple[int, ...]  # every document's field lengths, WIDTH per document
    terms: tuple[str, ...]  # sorted by UTF-16 code units (see index.py)
    text: str  # each term's delta-coded postings as a JSON list, in term order, comma-separated
    sizes: array  # each term's list's length in ``text``
    counts: array  # each term's number of (document, field) pairs

    def __reduce__(self):
        """Pickled with the terms as one text, a line each (terms are word characters: no
        line breaks): the build cache saves and loads a hundred thousand of them per
        edition, which took four times as long as one string and one split."""
        return _unpickled, (self.pages, self.documents, self.lengths, "\n".join(self.terms), self.text,
                            self.sizes, self.counts)

    @classmethod
    def of(cls, keys: Sequence[str], shares: Sequence[PageShare]) -> EditionPostings:
        """Count every page's terms (a cold build)."""
        postings, lengths = delta_postings([document for share in shares for document in share.terms])
        terms = tuple(sorted(postings, key=utf16_order))
        lists = [postings[term] for term in terms]
        # One JSON encoding of all lists, cut at the brackets between them (only numbers inside).
        inner = json.dumps(lists, separators=(",", ":"))[2:-2]
        sizes = array("L", (len(piece) + 2 for piece in inner.split("],["))) if terms else array("L")
        return cls(tuple(keys), tuple(len(share.documents) for share in shares), tuple(lengths), terms,
                   f"[{inner}]" if terms else "", sizes, array("L", (len(flat) // 2 for flat in lists)))

    def updated(self, keys: Sequence[str], shares: Sequence[PageShare],
                known: Mapping[str, PageShare]) -> EditionPostings:
        """These pages' postings, patched from this build's where only some pages changed.

        ``known`` must hold the shares of this build's pages (by key): the
        terms a changed page had are removed with them.
        """
        documents = tuple(len(share.documents) for share in shares)
        if documents != self.documents:  # pages came, went, or gained or lost sections: keys moved
            return EditionPostings.of(keys, shares)
        changed = [number for number, (old, new) in enumerate(zip(self.pages, keys, strict=True)) if old != new]
        if not changed:
            return self
        if len(changed) > PATCH_SHARE * len(keys) or any(self.pages[number] not in known for number in changed):
            return EditionPostings.of(keys, shares)
        firsts = [0, *accumulate(documents)]
        spans = [(firsts[number] * WIDTH, firsts[number + 1] * WIDTH) for number in changed]
        lengths = list(self.lengths)
        removed = _pairs_by_term((known[self.pages[number]].terms for number in changed), changed, firsts)
        added = _pairs_by_term((shares[number].terms for number in changed), changed, firsts)
        for number in changed:
            for offset, row in enumerate(shares[number].terms):
                for field, (_, length) in enumerate(row):
                    lengths[(firsts[number] + offset) * WIDTH + field] = length
        # A term whose pairs in the changed pages are as they were keeps its text: an edit of
        # one paragraph re-encodes the terms of that paragraph, not of its whole page.
        affected = {term for term in added.keys() | removed.keys() if added.get(term) != removed.get(term)}
        terms, text, sizes, counts = self._spliced(affected, spans, added)
        return EditionPostings(tuple(keys), documents, tuple(lengths), terms, text, sizes, counts)

    def _spliced(self, affected: set[str], spans: list[tuple[int, int]],
                 added: dict[str, list[list[tuple[int, int]]]]) -> tuple[tuple[str, ...], str, array, array]:
        """The terms, text, sizes and counts with the ``affected`` terms' postings re-encoded:
        in each span, the old pairs replaced by the ``added`` ones. Every other term's text,
        size and count is copied a run of terms at a time."""
        source = self.text + ","  # every list followed by its comma
        starts = [0, *accumulate(size + 1 for size in self.sizes)]  # each list's place in ``source``
        nothing = [[] for _ in spans]
        # (place among the old terms, 0 for a new term placed before it or 1 for the old term itself,
        #  the term, its new list or None when it has no postings left, its number of pairs)
        edits = []
        for term in affected:
            place = bisect_left(self.terms, utf16_order(term), key=utf16_order)
            present = place < len(self.terms) and self.terms[place] == term
            numbers = _numbers(source[starts[place]:starts[place + 1] - 1]) if present else []
            for (low, high), pairs in zip(spans, added.get(term, nothing), strict=True):
                numbers = _replaced(numbers, low, high, pairs)
            edits.append((place, int(present), term, _text(numbers) if numbers else None, len(numbers) // 2))
        edits.sort(key=lambda edit: (edit[0], edit[1], utf16_order(edit[2])))
        terms: list[str] = []
        texts: list[str] = []
        sizes, counts = array("L"), array("L")
        copied = 0  # old terms up to here are in the result
        for place, present, term, text, count in edits:
            terms += self.terms[copied:place]
            texts.append(source[starts[copied]:starts[place]])
            sizes += self.sizes[copied:place]
            counts += self.counts[copied:place]
            copied = place + present
            if text is not None:
                terms.append(term)
                texts.append(text + ",")
                sizes.append(len(text))
                counts.append(count)
        terms += self.terms[copied:]
        texts.append(source[starts[copied]:])
        sizes += self.sizes[copied:]
        counts += self.counts[copied:]
        return tuple(terms), "".join(texts).removesuffix(","), sizes, counts

    def shards(self, budget: int) -> list[tuple[int, str]]:
        """Runs of consecutive terms holding about ``budget`` postings each, as
        (first term's number, the JSON list of their postings lists)."""
        parts, first, start, held = [], 0, 0, 0
        for number, count in enumerate(self.counts):
            held += count
            if held >= budget or number == len(self.terms) - 1:
                end = start + sum(self.sizes[first:number + 1]) + (number - first)
                parts.append((first, f"[{self.text[start:end]}]"))
                first, start, held = number + 1, end + 1, 0
        return parts


def _unpickled(pages: tuple[str, ...], documents: tuple[int, ...], lengths: tuple[int, ...], terms: str,
               text: str, sizes: array, counts: array) -> EditionPostings:
    return EditionPostings(pages, documents, lengths, tuple(terms.split("\n")) if terms else (), text, sizes, counts)


def _pairs_by_term(pages: Iterable[tuple[CountedDocument, ...]], numbers: Sequence[int], firsts: Sequence[int]
                   ) -> dict[str, list[list[tuple[int, int]]]]:
    """Term -> for each of these pages (numbered ``numbers``), its (key, tf) pairs in the page,
    keys ascending (documents, then fields)."""
    pairs: dict[str, list[list[tuple[int, int]]]] = {}
    for span, (number, rows) in enumerate(zip(numbers, pages, strict=True)):
        for offset, row in enumerate(rows):
            for field, (frequencies, _) in enumerate(row):
                key = (firsts[number] + offset) * WIDTH + field
                for term, tf in frequencies.items():
                    if term not in pairs:
                        pairs[term] = [[] for _ in numbers]
                    pairs[term][span].append((key, tf))
    return pairs


def _numbers(text: str) -> list[int]:
    """A JSON list of numbers (a term's delta-coded postings) back into numbers."""
    return json.loads(text)


def _text(numbers: list[int]) -> str:
    """The JSON list, encoded as ``EditionPostings.of`` encodes all of them."""
    return json.dumps(numbers, separators=(",", ":"))


def _replaced(numbers: list[int], low: int, high: int, pairs: list[tuple[int, int]]) -> list[int]:
    """Delta-coded postings with the pairs keyed ``low`` to ``high`` (excluded) replaced by ``pairs``."""
    keys = list(accumulate(numbers[::2]))
    cut, end = bisect_left(keys, low), bisect_left(keys, high)
    previous = keys[cut - 1] if cut else 0
    middle: list[int] = []
    for key, tf in pairs:
        middle += (key - previous, tf)
        previous = key
    tail = numbers[2 * end:]
    if tail:
        tail[0] = keys[end] - previous
    return numbers[:2 * cut] + middle + tail
