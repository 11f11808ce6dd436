"""lunr's index of an edition, in a compact form on disk.

lunr's own serialization repeats every document reference under every
term, and every term index under every document's field vector, and it
stores BM25 scores, which depend on every document: one edited page
changes them all. The compact form stores what the scores are made of,
once: the sorted terms (a term's position is its index), per term its
postings as ``(document * fields + field, term frequency)`` pairs,
delta-coded, and each document's field lengths. The browser computes
lunr's scores from them with lunr.js's own formula, constants and
rounding (search-engine.js), builds lunr's serialized index and calls
``lunr.Index.load``, so scoring is lunr's, unchanged. Terms are sorted by
UTF-16 code units, the order lunr.js's TokenSet builder insists on
(lunr.py sorts by code point, which differs past U+FFFF).

``compact_index`` computes that form whole, in one pass, each term
through lunr's pipeline once (a memo, not once per occurrence); the build
computes the same postings with ``delta_postings`` through
``postings.EditionPostings``, which keeps them between builds and cuts
them into shards. ``expand`` turns the compact form back into lunr's
serialized index the way lunr.py scores, and the tests hold that to
lunr.py's ``Builder`` (``build_lunr_index``). The build does not use
lunr.py's builder because it spends most of its time on what the compact
form drops (per-token objects, an in-memory token set, the serialized
shape): it was two thirds of a 300-page build.
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
COMPACT_FORMAT = "portal-search/3"
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
    """The compact form of lunr's index of ``documents``, whole (``expand`` gives lunr's index back)."""
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
    postings, lengths = delta_postings(counted)
    terms = sorted(postings, key=utf16_order)
    return {**index_header(pipeline, lengths, terms), "postings": [postings[term] for term in terms]}


def index_header(pipeline: tuple[str, ...], lengths: list[int], terms: list[str]) -> dict:
    """The compact form without its postings (which an edition writes in shards)."""
    return {
        "format": COMPACT_FORMAT,
        "lunr": LUNR_JS_VERSION,
        "fields": [name for name, _ in FIELDS],
        "boosts": [boost for _, boost in FIELDS],
        "bm25": {"k1": K1, "b": B},
        "pipeline": list(pipeline),
        "lengths": lengths,
        "terms": terms,
    }


def delta_postings(counted: Sequence[CountedDocument]) -> tuple[dict[str, list[int]], list[int]]:
    """Each term's postings, delta-coded, and every document's field lengths (``width`` per document)."""
    width = len(FIELDS)
    postings: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    lengths: list[int] = []
    for ref, row in enumerate(counted):  # document-major, so each term's keys ascend
        for number, (frequencies, length) in enumerate(row):
            lengths.append(length)
            key = ref * width + number
            for term, tf in frequencies.items():
                entries = postings.get(term)
                if entries is None:
                    postings[term] = [key, tf]
                else:
                    entries += (key - last[term], tf)
                last[term] = key
    return postings, lengths


def expand(compact_index: dict) -> dict:
    """lunr's serialized index back from the compact form, scored as lunr.py's Builder scores.

    (search-engine.js does the same with lunr.js's arithmetic: the two differ only in
    how they round a score to three decimals, as lunr.py and lunr.js do.)
    """
    fields, boosts = compact_index["fields"], compact_index["boosts"]
    k1, b = compact_index["bm25"]["k1"], compact_index["bm25"]["b"]
    lengths = compact_index["lengths"]
    width = len(fields)
    total = len(lengths) // width
    averages = [sum(lengths[number::width]) / total if total else 0 for number in range(width)]
    inverted, vectors = [], {}
    for number, (term, flat) in enumerate(zip(compact_index["terms"], compact_index["postings"],
                                              strict=True)):
        posting: dict = {"_index": number, **{name: {} for name in fields}}
        held = len(flat) // 2  # lunr.idf counts a term's (document, field) pairs
        idf = math.log(1 + abs((total - held + 0.5) / (held + 0.5)))
        key = 0
        for delta, tf in zip(flat[::2], flat[1::2], strict=True):
            key += delta
            ref, field_number = key // width, key % width
            name = fields[field_number]
            posting[name][str(ref)] = {}
            # lunr.Builder._create_field_vectors, operation for operation (the floats must agree)
            score = idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (lengths[key] / averages[field_number])) + tf)
            score *= boosts[field_number]
            vectors.setdefault(f"{name}/{ref}", []).extend([number, round(score, 3)])
        inverted.append([term, posting])
    return {"version": compact_index["lunr"], "fields": fields,
            "fieldVectors": [[ref, elements] for ref, elements in vectors.items()],
            "invertedIndex": inverted, "pipeline": compact_index["pipeline"]}
