"""lunr's index of an edition, in a compact form on disk.

lunr's own serialization repeats every document reference under every
term, and every term index under every document's field vector. The
compact form keeps exactly the same information once: the sorted terms
(a term's position is its index) and, per term, its postings as
``(document * fields + field, round(score * 1000))`` pairs, delta-coded.
The browser expands it back into lunr's serialized index and calls
``lunr.Index.load``, so scoring is lunr's, unchanged. Terms are sorted by
UTF-16 code units, the order lunr.js's TokenSet builder insists on (lunr.py
sorts by code point, which differs past U+FFFF).

``compact_index`` computes that form in one pass: each term through lunr's
pipeline once (a memo, not once per occurrence), then lunr's BM25 scores
with lunr's own formula, constants and rounding. ``build_lunr_index`` +
``compact`` (lunr.py's ``Builder``, then reshaping) gives the very same
dict and is the reference the tests hold it to; the build does not use it
because lunr.py's builder spends most of its time on what the compact form
drops (per-token objects, an in-memory token set, the serialized shape):
it was two thirds of a 300-page build.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION
from lunr.builder import Builder

from .pipeline import registered, term_stages

# A page's title counts most, then a section's heading, then the text.
FIELDS: tuple[tuple[str, int], ...] = (("title", 10), ("heading", 5), ("body", 1))
COMPACT_FORMAT = "portal-search/1"
# lunr's BM25 parameters (lunr.Builder's defaults, which the reference uses)
K1 = 1.2
B = 0.75


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


def term_expander(pipeline: tuple[str, ...]) -> Callable[[str], tuple[str, ...]]:
    """A token's terms after lunr's pipeline ``pipeline``, each distinct token run once.

    Every function of the pipeline maps one token on its own (the position
    and the neighbours lunr passes are unused), so a token's terms do not
    depend on where it occurs and can be remembered.
    """
    stages = term_stages(pipeline)
    memo: dict[str, tuple[str, ...]] = {}

    def expand(token: str) -> tuple[str, ...]:
        terms = memo.get(token)
        if terms is None:
            found = [token.lower()]  # lunr's tokenizer lower-cases every element of a list field
            for stage in stages:
                found = [made for term in found for made in stage(term)]
            terms = memo[token] = tuple(found)
        return terms

    return expand


def compact_index(documents: Sequence[IndexedDocument], pipeline: tuple[str, ...]) -> dict:
    """The compact form of lunr's index of ``documents``: ``compact(build_lunr_index(...))``, faster."""
    expand = term_expander(pipeline)
    return compact_terms([IndexedDocument(*([term for token in tokens for term in expand(token)]
                                            for tokens in (d.title, d.body, d.heading)))
                          for d in documents], pipeline)


# One document's fields (in FIELDS order), each as (term -> frequency, length in terms).
CountedDocument = tuple[tuple[dict[str, int], int], ...]


def count_terms(document: IndexedDocument) -> CountedDocument:
    """What the index needs of a document whose tokens have been through the pipeline."""
    return tuple((dict(Counter(terms)), len(terms))
                 for terms in (getattr(document, name) for name, _ in FIELDS))


def compact_terms(documents: Sequence[IndexedDocument], pipeline: tuple[str, ...]) -> dict:
    """Like ``compact_index``, for documents whose tokens have been through ``pipeline`` already."""
    return compact_counted([count_terms(document) for document in documents], pipeline)


def compact_counted(counted: Sequence[CountedDocument], pipeline: tuple[str, ...]) -> dict:
    """Like ``compact_terms``, for documents counted already (a rebuild keeps unchanged pages' counts)."""
    names = [name for name, _ in FIELDS]
    width = len(FIELDS)
    held: Counter = Counter()  # term -> (document, field) pairs holding it
    totals = [0] * width
    for row in counted:
        for number, (frequencies, length) in enumerate(row):
            held.update(frequencies.keys())
            totals[number] += length
    total = len(counted)
    averages = [length / total if total else 0 for length in totals]
    # lunr.idf.idf: it counts a term's (document, field) pairs (one log per distinct count)
    idf_of = {count: math.log(1 + abs((total - count + 0.5) / (count + 0.5))) for count in set(held.values())}
    idf = {term: idf_of[count] for term, count in held.items()}
    postings: dict[str, list[int]] = {term: [] for term in held}  # delta-coded as they come
    last = dict.fromkeys(held, 0)
    for ref, row in enumerate(counted):  # document-major, so each term's keys ascend
        for number, (frequencies, length) in enumerate(row):
            if not frequencies:
                continue
            boost = FIELDS[number][1]
            # lunr.Builder._create_field_vectors, operation for operation (the floats must agree)
            norm = K1 * (1 - B + B * (length / averages[number]))
            key = ref * width + number
            for term, tf in frequencies.items():
                score = idf[term] * ((K1 + 1) * tf) / (norm + tf)
                score *= boost
                entries = postings[term]
                entries.append(key - last[term])
                entries.append(round(round(score, 3) * 1000))
                last[term] = key
    terms = sorted(postings, key=utf16_order)
    return {
        "format": COMPACT_FORMAT,
        "lunr": LUNR_JS_VERSION,
        "fields": names,
        "pipeline": list(pipeline),
        "terms": terms,
        "postings": [postings[term] for term in terms],
    }


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
