"""Building a lunr index with lunr.py, and its compact form on disk.

lunr's own serialization repeats every document reference under every
term, and every term index under every document's field vector. The
compact form keeps exactly the same information once: the sorted terms
(a term's position is its index) and, per term, its postings as
``(document * fields + field, round(score * 1000))`` pairs, delta-coded.
The browser expands it back into lunr's serialized index and calls
``lunr.Index.load``, so scoring is lunr's, unchanged. Terms are sorted by
UTF-16 code units, the order lunr.js's TokenSet builder insists on (lunr.py
sorts by code point, which differs past U+FFFF).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from lunr.builder import Builder

from .pipeline import registered

# A page's title counts most, then a section's heading, then the text.
FIELDS: tuple[tuple[str, int], ...] = (("title", 10), ("heading", 5), ("body", 1))
COMPACT_FORMAT = "portal-search/1"


@dataclass(frozen=True)
class IndexedDocument:
    """What is indexed of one document, as tokens: the page title (for a page's opening),
    the section heading (for a section), the text."""

    title: list[str]
    body: list[str]
    heading: list[str] = field(default_factory=list)


def utf16_order(term: str) -> bytes:
    return term.encode("utf-16-be")


def build_lunr_index(documents: Sequence[IndexedDocument], pipeline: tuple[str, ...]) -> dict:
    """lunr's serialized index of the documents (refs '0', '1', ...) through ``pipeline``."""
    builder = Builder()
    functions = [registered(label) for label in pipeline]
    builder.pipeline.add(*functions)
    builder.search_pipeline.add(*functions)
    builder.ref("id")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for number, document in enumerate(documents):
        builder.add({"id": str(number), "title": document.title, "heading": document.heading,
                     "body": document.body})
    return builder.build().serialize()


def compact(serialized: dict) -> dict:
    """The compact form of a lunr serialized index (see the module docstring)."""
    fields = serialized["fields"]
    width = len(fields)
    terms = sorted((term for term, _ in serialized["invertedIndex"]), key=utf16_order)
    rank = {term: number for number, term in enumerate(terms)}
    position = {posting["_index"]: rank[term] for term, posting in serialized["invertedIndex"]}
    postings: list[list[tuple[int, int]]] = [[] for _ in terms]
    for field_ref, elements in serialized["fieldVectors"]:
        field_name, _, ref = field_ref.partition("/")
        key = int(ref) * width + fields.index(field_name)
        for term_index, score in zip(elements[::2], elements[1::2], strict=True):
            postings[position[term_index]].append((key, round(score * 1000)))
    _check_postings(serialized, rank, postings, width)
    return {
        "format": COMPACT_FORMAT,
        "lunr": serialized["version"],
        "fields": fields,
        "pipeline": serialized["pipeline"],
        "terms": terms,
        "postings": [_delta(sorted(entries)) for entries in postings],
    }


def _delta(entries: list[tuple[int, int]]) -> list[int]:
    flat, previous = [], 0
    for key, score in entries:
        flat += [key - previous, score]
        previous = key
    return flat


def _check_postings(serialized: dict, rank: dict[str, int], postings, width: int) -> None:
    """The inverted index and the field vectors must say the same thing, or the format loses data."""
    fields = serialized["fields"]
    for term, posting in serialized["invertedIndex"]:
        expected = sorted(int(ref) * width + number
                          for number, name in enumerate(fields) for ref in posting.get(name, {}))
        if expected != sorted(key for key, _ in postings[rank[term]]):
            raise AssertionError(f"lunr index is inconsistent for term {term!r}")


def expand(compact_index: dict) -> dict:
    """lunr's serialized index back from the compact form (what search-index.js does)."""
    fields = compact_index["fields"]
    width = len(fields)
    inverted, vectors = [], {}
    for number, (term, flat) in enumerate(zip(compact_index["terms"], compact_index["postings"],
                                              strict=True)):
        posting: dict = {"_index": number, **{name: {} for name in fields}}
        key = 0
        for delta, score in zip(flat[::2], flat[1::2], strict=True):
            key += delta
            ref, name = str(key // width), fields[key % width]
            posting[name][ref] = {}
            vectors.setdefault(f"{name}/{ref}", []).extend([number, score / 1000])
        inverted.append([term, posting])
    return {"version": compact_index["lunr"], "fields": fields,
            "fieldVectors": [[ref, elements] for ref, elements in vectors.items()],
            "invertedIndex": inverted, "pipeline": compact_index["pipeline"]}
