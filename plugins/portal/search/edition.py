"""An edition's search files: the index the browser loads, and the texts for snippets.

``build_edition_search`` is a pure function of the edition's rendered pages
and its language; ``write_edition_search`` puts the files in a folder.
The browser fetches ``index.json`` (the vocabulary, the language's
profile, page titles and where each page's documents start) the first
time the search box is used. lunr's postings are split by term into
shards, and a query fetches only the shards that hold its terms: lunr
scores a document from the query's terms alone, so a lunr index loaded
with only those shards ranks exactly as the whole index would. Each
document's heading, anchor and text are in text chunks, fetched only for
the results shown (for their links and snippets). Shard and chunk names
carry a hash of their content, so a cached one is never stale.

Where a query needs no more of the vocabulary than its own words and the
words they begin (spaced scripts, no matching inside words: English,
Russian, Uzbek...), the vocabulary travels in the shards too, each shard
with its terms, and the entry file lists only each shard's first term: a
first query then fetches the entry, one or two shards per word and the
text of its results, instead of a hundred thousand words. Where queries
are cut into the index's own words or matched inside them (Thai, Chinese,
Korean compounds), the browser needs every term, and the entry holds them,
front-coded: sorted terms share their beginnings, and each is written as
how many letters it shares with the one before and the rest (a third to a
half fewer bytes than gzip alone makes of the list).

A spaceless script's vocabulary can be far larger than a first query
should fetch (77,000 Thai words at 300 pages, 250 KB gzipped), so past
``SPLIT_TERMS`` it is split (``"vocabulary": "split"``): the sorted terms
in word shards, and, for matching inside words, every ending of every term
from a place a word can start, sorted, in ending shards (each with the part
before it and the term's number). The browser looks up a query's pieces in
the loaded shards, fetches the shards those lookups lacked and asks again,
until it lacks none: it then answers as it would with every term (see
search-engine.js ``SplitVocabulary``), having fetched a few shards.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .az import AzEntry, AzGroup, az_groups
from .cuts import content_cuts
from .documents import split_sections
from .endings import FRONT_DIGITS, EndingEntries, ending_entries, shared_beginning
from .index import CountedDocument, IndexedDocument, count_terms, index_header, term_expander
from .postings import EditionPostings
from .profiles import GENERIC, SearchProfile, profile_for
from .scripts import is_segmentation_word, is_word_char
from .segmenters import IcuSegmenter
from .tokenizer import SPACELESS_CHARACTER, plain_word, tokenize

INDEX_FILE = "index.json"
VOCABULARY_IN_SHARDS = "shards"  # the entry's "vocabulary" when its terms are in the shards
VOCABULARY_FRONT_CODED = "front"  # ... when they are in the entry, front-coded (``front_coded``)
VOCABULARY_SPLIT = "split"  # ... when they are in word and ending shards (``split_vocabulary``)
SPLIT_TERMS = 20_000  # a vocabulary to cut queries into (spaceless scripts) larger than this is split
WORD_SHARD_TERMS = 2_000  # a word shard, on average: about 6 KB gzipped of Thai
ENDING_SHARD_ENTRIES = 1_000  # an ending shard: about 8 KB gzipped of Thai
PROBES = 16  # runs of spaceless text, with the build's cut, for the browser to check its own against
CHUNK_BYTES = 12_000  # a results page needs a few chunks: small enough to fetch fast
SHARD_POSTINGS = 6_000  # about 20 KB gzipped: a query usually needs one or two shards


@dataclass(frozen=True)
class SearchPage:
    """One rendered page of an edition: title, URL from the site root, body HTML, summary."""

    title: str
    url: str
    html: str
    summary: str = ""
    title_lang: str = ""  # set when the title fell back to another language
    key: str = ""  # its page_key, when it is known without the HTML (a page reused from the last build)


@dataclass(frozen=True)
class SearchDocument:
    """One searchable unit: a page's opening (heading and anchor empty) or one of its sections."""

    page: int
    heading: str
    anchor: str
    text: str
    heading_lang: str = ""  # set when the heading fell back to another language


@dataclass(frozen=True)
class EditionSearch:
    """Everything search knows of one edition, and the files to write."""

    pages: tuple[SearchPage, ...]
    documents: tuple[SearchDocument, ...]
    profile: SearchProfile
    has_profile: bool
    files: dict[str, str]
    page_terms: dict[str, PageTerms]  # by page_key, for the next build
    postings: EditionPostings  # for the next build (its ``pages`` are the pages' keys)
    vocabulary: SplitVocabulary | None = None  # a split vocabulary's, for the next build to reuse


@dataclass(frozen=True)
class SplitVocabulary:
    """What the next build of a split vocabulary starts from: its ending entries, which it
    patches (``endings.py``), and its word shards' texts by the digest of their terms
    (``word_shard_key``), which it writes again without front-coding a shard whose terms
    an edit left as they were (most of them: the shards are cut where their terms say)."""

    endings: EndingEntries
    words: dict[str, str]


def documents_of_page(page: SearchPage) -> list[tuple[str, str, str, str]]:
    """A page's opening, then its sections, as (heading, anchor, text, the heading's fallback lang)."""
    opening, *sections = split_sections(page.html)
    intro = " ".join(part for part in (page.summary.strip(), opening.text) if part)
    return [("", "", _nfc(intro), ""), *((_nfc(s.heading), s.anchor, _nfc(s.text), s.lang) for s in sections)]


def documents_of(pages: Sequence[SearchPage]) -> list[SearchDocument]:
    """Every page's opening, then its sections, in page order."""
    return [SearchDocument(number, *document)
            for number, page in enumerate(pages) for document in documents_of_page(page)]


def _nfc(text: str) -> str:
    """Texts are stored NFC: the browser's token offsets are offsets into NFC text."""
    return unicodedata.normalize("NFC", text)


class _ProbeRecorder:
    """The build's segmenter, noting the runs it cuts into three words or more (with the cut).

    Some of them become probes: the browser uses its own Intl.Segmenter
    for queries only if it cuts every probe exactly like this (see
    ``search-text.js``).
    """

    def __init__(self, segmenter):
        self.segmenter = segmenter
        self.runs: list[tuple[str, tuple[int, ...]]] = []

    def segment(self, run: str) -> list[tuple[int, int, bool]]:
        pieces = self.segmenter.segment(run)
        if len(pieces) >= 3:
            self.runs.append((run, tuple(end for _, end, _ in pieces)))
        return pieces


class PageTerms:
    """What one page adds to its edition's index: its documents' texts, their terms
    (through the language's pipeline) and its probes. A function of the page alone.

    Kept between builds for every page of every edition, most of them only for
    their texts: the counted terms, most of the bytes, are pickled on their own
    and unpickled when they are used (the page changed, or the whole index is
    counted again), and an unchanged page is stored again with the same bytes.
    """

    __slots__ = ("documents", "probes", "_terms", "_pickled")

    def __init__(self, documents: tuple[tuple[str, str, str, str], ...], terms: tuple[CountedDocument, ...] | None,
                 probes: tuple[tuple[str, tuple[int, ...]], ...], pickled: bytes | None = None):
        self.documents = documents  # (heading, anchor, text, heading's lang) of each document
        self.probes = probes
        self._terms = terms
        self._pickled = pickled

    @property
    def terms(self) -> tuple[CountedDocument, ...]:
        """Each document's terms, counted."""
        if self._terms is None:
            self._terms = pickle.loads(self._pickled)
        return self._terms

    def __reduce__(self):
        if self._pickled is None:
            self._pickled = pickle.dumps(self._terms, protocol=pickle.HIGHEST_PROTOCOL)
        return PageTerms, (self.documents, None, self.probes, self._pickled)

    def __eq__(self, other) -> bool:
        return isinstance(other, PageTerms) and (self.documents, self.terms, self.probes) == (
            other.documents, other.terms, other.probes)

    __hash__ = None


def page_key(page: SearchPage) -> str:
    """What ``PageTerms`` of a page depend on (with the language): for reusing them."""
    if page.key:
        return page.key
    return hashlib.blake2b("\0".join((page.title, page.html, page.summary)).encode("utf-8"),
                           digest_size=16).hexdigest()


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _split(items: list, weight, budget: int) -> list[tuple[int, list]]:
    """Consecutive runs of ``items`` (with the index of their first) of about ``budget`` weight each."""
    parts, start, size = [], 0, 0
    for number, item in enumerate(items):
        size += weight(item)
        if size >= budget or number == len(items) - 1:
            parts.append((start, items[start:number + 1]))
            start, size = number + 1, 0
    return parts


def _hashed_files(prefix: str, parts: list[tuple[int, str]], files: dict[str, str]) -> list[list]:
    """Write each part (JSON text) as ``<prefix>-<hash>.json``; return [[first, name], ...].

    The name says nothing but the bytes (not where the part starts, which an edit before it
    moves): a part whose bytes an edit left alone keeps its name."""
    listed = []
    for start, body in parts:
        name = f"{prefix}-{hashlib.sha256(body.encode('utf-8')).hexdigest()[:10]}.json"
        files[name] = body
        listed.append([start, name])
    return listed


def _without_edges(chunk: str) -> str:
    """A chunk without the characters before its first and after its last word character
    (quotes, brackets, commas: "(visa)," is visa). No run of word characters includes them
    (a joiner joins only between two word characters), and, being neither letters nor marks,
    they compose with nothing under NFC: the chunk's tokens are the rest's."""
    start, end = 0, len(chunk)
    while start < end and not is_word_char(chunk[start]):
        start += 1
    while end > start and not is_word_char(chunk[end - 1]):
        end -= 1
    return chunk[start:end] if start or end < len(chunk) else chunk


class _PageIndexer:
    """Cuts pages into ``PageTerms`` for one language, remembering what it has cut."""

    def __init__(self, profile: SearchProfile, locale: str):
        self.segmenter = _ProbeRecorder(IcuSegmenter(locale))
        self.expand = term_expander(profile.pipeline)
        # a whitespace-separated chunk -> its terms, and the runs it gives probes
        self.chunks: dict[str, tuple[list[str], list[tuple[str, tuple[int, ...]]]]] = {}

    def _chunk(self, chunk: str) -> tuple[list[str], list[tuple[str, tuple[int, ...]]]]:
        known = self.chunks.get(chunk)
        if known is None:
            word = plain_word(_without_edges(chunk))
            if word is not None:
                known = self.chunks[chunk] = (list(self.expand(word)), [])
                return known
            self.segmenter.runs = []
            terms = [term for token in tokenize(chunk, self.segmenter) for term in self.expand(token.text)]
            known = self.chunks[chunk] = (terms, self.segmenter.runs)
        return known

    def __call__(self, page: SearchPage) -> PageTerms:
        probes: dict[str, tuple[int, ...]] = {}

        def terms(text: str) -> list[str]:
            # No run of word characters spans whitespace, and NFC never composes across
            # it, so a text's tokens are its chunks' tokens: each distinct chunk is cut once.
            found = []
            for chunk in text.split():
                chunk_terms, runs = self._chunk(chunk)
                found += chunk_terms
                for run, ends in runs:
                    if len(probes) < PROBES:
                        probes.setdefault(run, ends)
            return found

        documents = documents_of_page(page)
        indexed = tuple(count_terms(IndexedDocument(terms(page.title) if not anchor else [], terms(text),
                                                    terms(heading)))
                        for heading, anchor, text, _ in documents)
        return PageTerms(tuple(documents), indexed, tuple(probes.items()))


def build_edition_search(pages: Iterable[SearchPage], language: str, locale: str,
                         known: dict[str, PageTerms] | None = None,
                         previous: EditionPostings | None = None,
                         previous_vocabulary: SplitVocabulary | None = None) -> EditionSearch:
    """The search files of an edition in ``language`` (a CLDR language code, e.g. 'zh').

    ``known`` maps ``page_key``s to pages' terms from the last build of
    this edition, and ``previous`` are its postings; those pages are not
    cut again, and only the changed pages' terms are re-encoded. A split
    vocabulary starts from ``previous_vocabulary``. Every page's terms, the
    postings and the split vocabulary end up in the result for the next build.
    """
    pages = tuple(pages)
    profile = profile_for(language)
    has_profile = profile is not None
    profile = profile or GENERIC
    indexer = _PageIndexer(profile, locale)
    known = known or {}
    page_terms: dict[str, PageTerms] = {}
    keys = [page_key(page) for page in pages]
    for page, key in zip(pages, keys, strict=True):
        if page.key and key not in known:
            raise KeyError(f"search: no terms known for {page.url} (key {key})")
        page_terms[key] = known.get(key) or page_terms.get(key) or indexer(page)
    each = [page_terms[key] for key in keys]
    documents = [SearchDocument(number, *document) for number, share in enumerate(each) for document in share.documents]
    probes: dict[str, list[int]] = {}
    for share in each:
        for run, ends in share.probes:
            if len(probes) < PROBES:
                probes.setdefault(run, list(ends))
    files: dict[str, str] = {}
    chunks = [(start, _json(part)) for start, part in _split(
        [[d.heading, d.anchor, d.text] for d in documents], lambda entry: len(entry[2].encode("utf-8")), CHUNK_BYTES)]
    first_document = {}
    for number, document in enumerate(documents):
        first_document.setdefault(document.page, number)
    postings = previous.updated(keys, each, known) if previous else EditionPostings.of(keys, each)
    index = index_header(profile.pipeline, list(postings.lengths), list(postings.terms))
    form = vocabulary_form(profile, postings.terms)
    in_shards = form == VOCABULARY_IN_SHARDS
    del index["terms"]
    vocabulary = None
    if form == VOCABULARY_FRONT_CODED:
        index["terms"] = front_coded(postings.terms)
    elif form == VOCABULARY_SPLIT:
        known = previous_vocabulary
        vocabulary = SplitVocabulary(ending_entries(postings.terms, known.endings if known else None), {})
        index.update(split_vocabulary(postings.terms, files, vocabulary.endings, known.words if known else None,
                                      vocabulary.words))
    index["vocabulary"] = form
    index.update({
        "language": language,
        "query": {"prefix": profile.prefix, "contains": profile.contains},
        "pages": [[page.title, page.url, first_document[number], *([page.title_lang] if page.title_lang else [])]
                  for number, page in enumerate(pages)],
        "documents": len(documents),
        "shards": _shard_files(postings.shards(SHARD_POSTINGS), postings.terms, in_shards, files),
        "chunks": _hashed_files("text", chunks, files),
        "probes": [[run, ends] for run, ends in probes.items()],
    })
    files[INDEX_FILE] = _json(index)
    return EditionSearch(pages, tuple(documents), profile, has_profile, files, page_terms, postings, vocabulary)


def vocabulary_in_shards(profile: SearchProfile, terms: Sequence[str]) -> bool:
    """Whether a query can find its terms in the shards alone (see the module's docstring):
    no matching inside words, and no term of a spaceless script to cut a query into."""
    return profile.contains is None and not SPACELESS_CHARACTER.search("\n".join(terms))


def vocabulary_form(profile: SearchProfile, terms: Sequence[str]) -> str:
    """Where the edition's vocabulary travels (see the module's docstring): in the postings
    shards, in the entry front-coded, or split into its own shards."""
    if vocabulary_in_shards(profile, terms):
        return VOCABULARY_IN_SHARDS
    if profile.contains is None and len(terms) > SPLIT_TERMS:
        return VOCABULARY_SPLIT
    return VOCABULARY_FRONT_CODED


def split_vocabulary(terms: tuple[str, ...], files: dict[str, str], endings: EndingEntries,
                     known_words: Mapping[str, str] | None = None, words_made: dict[str, str] | None = None
                     ) -> dict:
    """Write the word and ending shards of a split vocabulary; return what the entry says of them.

    words: [first term's number, name, first term], each shard the front-coded terms.
    endings: [first entry's number, name, first ending], each shard a line per entry of
    ``endings`` (``EndingEntries.lines``): the front-coded ending (of a spaceless term, from
    a place inside it where a word can start), the part of the term before it and the
    term's number in base 36, tab-separated. Word shards are cut where their terms say
    (``cuts.content_cuts``); ending shards every ``ENDING_SHARD_ENTRIES``, since a term
    added changes the number of every term after it, and so every ending shard's lines.
    longest: the most letters of a word a query may be cut into (``is_segmentation_word``).
    A word shard's text is taken from ``known_words`` (``word_shard_key`` -> text) when it is
    there; every word shard's text is put in ``words_made``.
    """
    known_words = known_words or {}
    words_made = {} if words_made is None else words_made
    starts = content_cuts(terms, WORD_SHARD_TERMS)
    words = []
    for first, end in zip(starts, [*starts[1:], len(terms)], strict=True):
        key = word_shard_key(terms[first:end])
        text = words_made[key] = known_words.get(key) or _json(front_coded(terms[first:end]))
        words.append((first, text))
    numbers = base36_numbers(len(terms))
    parts = [(first, _json("\n".join(endings.lines(first, min(first + ENDING_SHARD_ENTRIES, len(endings)), numbers))))
             for first in range(0, len(endings), ENDING_SHARD_ENTRIES)]
    return {
        "words": [[first, name, terms[first]] for first, name in _hashed_files("words", words, files)],
        "endings": [[first, name, endings.ending(first)] for first, name in _hashed_files("endings", parts, files)],
        "longest": next((len(term) for term in sorted(terms, key=len, reverse=True) if is_segmentation_word(term)), 0),
    }


def word_shard_key(terms: Sequence[str]) -> str:
    """What a word shard's text is a function of: its terms (none holds a line break)."""
    return hashlib.blake2b("\n".join(terms).encode("utf-8"), digest_size=16).hexdigest()


def base36_numbers(count: int) -> list[str]:
    """The numbers 0 to ``count`` - 1 in base 36 (``FRONT_DIGITS``), each as short as it can be."""
    numbers = list(FRONT_DIGITS[:count])
    start = 1  # the first number of the widest so far: each is the start of 36 wider ones
    while len(numbers) < count:
        end = len(numbers)
        for high in numbers[start:end]:
            numbers += [high + low for low in FRONT_DIGITS]
            if len(numbers) >= count:
                break
        start = end
    return numbers[:count]


def front_coded(terms: Sequence[str]) -> str:
    """Sorted terms as one text, a line each: a digit of ``FRONT_DIGITS`` saying how many
    characters (code points, at most 35) the term shares with the one before, then the rest.
    No term holds a line break: terms are cut from word characters only."""
    lines, before = [], ""
    for term in terms:
        shared = shared_beginning(before, term)
        lines.append(FRONT_DIGITS[shared] + term[shared:])
        before = term
    return "\n".join(lines)


def front_decoded(text: str) -> list[str]:
    """The terms of ``front_coded``'s text."""
    terms, before = [], ""
    for line in text.split("\n") if text else ():
        before = before[:FRONT_DIGITS.index(line[0])] + line[1:]
        terms.append(before)
    return terms


def entry_terms(index: dict, folder: Path) -> list[str]:
    """The whole vocabulary of the entry file ``index`` of ``folder``: its own, or its shards'."""
    if index.get("vocabulary") == VOCABULARY_FRONT_CODED:
        return front_decoded(index["terms"])
    if index.get("vocabulary") == VOCABULARY_SPLIT:
        return [term for _, name, _ in index["words"] for term in front_decoded(
            json.loads((folder / name).read_text("utf-8")))]
    if index.get("vocabulary") != VOCABULARY_IN_SHARDS:
        return index["terms"]
    return [term for _, name, _ in index["shards"]
            for term in json.loads((folder / name).read_text("utf-8"))["terms"]]


def _shard_files(shards: list[tuple[int, str]], terms: Sequence[str], with_terms: bool,
                 files: dict[str, str]) -> list[list]:
    """Write the postings shards (``EditionPostings.shards``); return the entry's list of them:
    [first term's number, name], or with their terms in them, [number, name, first term]."""
    if not with_terms:
        return _hashed_files("postings", shards, files)
    ends = [first for first, _ in shards[1:]] + [len(terms)]
    own = [(first, f'{{"terms":{_json(list(terms[first:end]))},"postings":{text}}}')
           for (first, text), end in zip(shards, ends, strict=True)]
    return [[first, name, terms[first]] for first, name in _hashed_files("postings", own, files)]


def write_edition_search(search: EditionSearch, folder: Path, skip: Collection[str] = ()) -> None:
    """Write the edition's search files into ``folder``, but those named in ``skip``.

    Shard and chunk names carry a hash of their content: a caller that has
    put the last build's file of such a name in place already skips it,
    which spares writing and comparing most chunks after an edit.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in search.files.items():
        if name == INDEX_FILE or name not in skip:
            (folder / name).write_text(text, "utf-8")


def pages_from_edition(pages: Iterable) -> list[SearchPage]:
    """Search pages from rendered edition pages (anything with title, url, content, summary)."""
    return [SearchPage(page.title.text, page.url, page.content, page.summary.text if page.summary else "",
                       page.title.lang or "") for page in pages]


def az_entries(search: EditionSearch) -> list[AzEntry]:
    """What the edition's A-Z index lists: its page titles and its section headings."""
    entries = [AzEntry(page.title, page.url, lang=page.title_lang) for page in search.pages]
    entries += [AzEntry(d.heading, f"{search.pages[d.page].url}#{d.anchor}", search.pages[d.page].title,
                        d.heading_lang, search.pages[d.page].title_lang)
                for d in search.documents if d.anchor]
    return entries


def az_index(search: EditionSearch, locale: str) -> list[AzGroup]:
    """The edition's A-Z index (``locale``: its CLDR locale): its page titles and section headings, grouped."""
    return az_groups(az_entries(search), locale)
