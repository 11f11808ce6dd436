"""The search index: documents from HTML, lunr's index in compact form, the built site.

The recall test runs every query of ``tests/search_queries/<lang>.yml``
through the browser's own code (in Node) against the sample portal built
from ``content/`` and ``translations/``: each query must bring its page
first, and a query for a word that appears nowhere must bring nothing.
"""

from __future__ import annotations

import gzip
import json
import pickle
import random
import re
import shutil
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from unittest import mock

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import portal.search.edition as search_edition
from conftest import REPO, parse, run_portal
from portal.search.cuts import content_cuts
from portal.search.documents import split_sections
from portal.search.edition import (
    INDEX_FILE,
    SearchPage,
    _without_edges,
    az_index,
    base36_numbers,
    build_edition_search,
    entry_terms,
    front_coded,
    front_decoded,
    page_key,
    split_vocabulary,
)
from portal.search.endings import ending_entries
from portal.search.index import (
    FIELDS,
    IndexedDocument,
    build_lunr_index,
    compact_counted,
    compact_index,
    count_terms,
    expand,
    utf16_order,
)
from portal.search.node import NodeSearch
from portal.search.postings import EditionPostings
from portal.search.profiles import PROFILES
from portal.search.segmenters import IcuSegmenter
from portal.search.tokenizer import plain_word, tokenize

LUNR_JS = REPO / "node_modules" / "lunr" / "lunr.min.js"
JS_DIR = REPO / "theme" / "static" / "js"
QUERIES = REPO / "tests" / "search_queries"
FIXTURE_CODES = ["ko", "en", "ru", "uz"]


@pytest.fixture(scope="module")
def node() -> NodeSearch:
    if shutil.which("node") is None:
        pytest.fail("node is not installed: the browser's search code cannot be run (apt-get install nodejs)")
    if not LUNR_JS.is_file():
        pytest.fail(f"{LUNR_JS} is missing: run `npm ci` in {REPO}")
    return NodeSearch(JS_DIR, LUNR_JS)


@pytest.fixture(scope="module")
def sample_output(tmp_path_factory) -> Path:
    """The sample portal (content/ and translations/) built once for this module."""
    output = tmp_path_factory.mktemp("sample") / "output"
    run_portal(REPO / "pelicanconf.py", "build", "--output", str(output))
    return output


# -- documents ---------------------------------------------------------------

def test_pages_are_split_at_h2_and_h3_headings_with_ids():
    html = ('<p>Intro <a href="x">link</a>text.</p><h2 id="docs">Documents <em>needed</em></h2>'
            "<ul><li>Passport</li><li>Card</li></ul><h3 id=\"steps\">Steps</h3><p>One.</p>"
            "<h2>No id</h2><p>Still steps.</p>")
    sections = split_sections(html)
    assert [(s.heading, s.anchor) for s in sections] == [("", ""), ("Documents needed", "docs"),
                                                         ("Steps", "steps")]
    assert sections[0].text == "Intro linktext."
    assert sections[1].text == "Passport Card"
    assert sections[2].text == "One. No id Still steps."


def test_excluded_parts_scripts_and_alt_text():
    html = ('<p>Keep</p><div data-search-exclude><p>Secret</p></div><p class="note search-exclude">No</p>'
            '<script>var x = "code";</script><p><img src="a.svg" alt="three steps"> ok<br>next</p>')
    assert split_sections(html)[0].text == "Keep three steps ok next"


def test_thai_runs_on_across_inline_markup():
    assert split_sections("<p>ดูผลได้ที่<a href=x>ประกาศ</a>ด้วย</p>")[0].text == "ดูผลได้ที่ประกาศด้วย"


# -- the compact index -------------------------------------------------------

def normalized(serialized: dict) -> tuple:
    """A lunr serialized index without its arbitrary term numbering."""
    names = {posting["_index"]: term for term, posting in serialized["invertedIndex"]}
    postings = {term: {field: sorted(refs) for field, refs in posting.items() if field != "_index"}
                for term, posting in serialized["invertedIndex"]}
    vectors = {ref: sorted(zip([names[i] for i in elements[::2]], elements[1::2], strict=True))
               for ref, elements in serialized["fieldVectors"] if elements}
    return serialized["version"], serialized["fields"], serialized["pipeline"], postings, vectors


def test_the_compact_form_keeps_everything_lunr_serializes():
    documents = [IndexedDocument(["visa", "e7"], ["passport", "card", "visa", "visa"]),
                 IndexedDocument(["school"], ["child", "school", "card"]),
                 IndexedDocument([], ["passport"])]
    serialized = build_lunr_index(documents, ("portal-stem-en",))
    packed = compact_index(documents, ("portal-stem-en",))
    assert packed["terms"] == sorted(packed["terms"])
    assert packed["lengths"] == [2, 0, 4, 1, 0, 3, 0, 0, 1]  # title, heading, body of each document
    assert normalized(expand(packed)) == normalized(serialized)
    assert len(json.dumps(packed)) < len(json.dumps(serialized))


# Words that the languages' pipelines stem, fold, drop (stop words) or split into stages.
WORDS = ["visa", "visas", "the", "and", "running", "school", "e7", "сертификат", "сертификата", "ёлка",
         "елка", "визы", "학교에서", "학교", "외국인등록증을", "maktablarga", "o'qish", "сургуульд", "việc",
         "viec", "ทำงาน", "工作", "zoʻravonlik", "eʼlon", "ﬁle", "x\U0001e922", "x\ufe20", "a", "b"]
documents_strategy = st.lists(
    st.builds(IndexedDocument, st.lists(st.sampled_from(WORDS), max_size=3),
              st.lists(st.sampled_from(WORDS), max_size=30), st.lists(st.sampled_from(WORDS), max_size=4)),
    min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(documents=documents_strategy, pipeline=st.sampled_from(sorted({p.pipeline for p in PROFILES.values()})))
def test_the_build_computes_exactly_what_lunr_py_builds(documents, pipeline):
    # lunr.py's Builder is the reference: same terms, same postings, same rounded BM25 scores.
    packed = compact_index(documents, pipeline)
    assert normalized(expand(packed)) == normalized(build_lunr_index(documents, pipeline))
    assert packed["terms"] == sorted(packed["terms"], key=utf16_order)


def test_the_browser_scores_exactly_as_lunr_js_builds(node):
    # search-engine.js computes the scores from term frequencies and field lengths: they must be
    # lunr.js's own, rounding included, for random documents of words in several scripts.
    rng = random.Random(7)
    words = [*WORDS, *(f"w{number}" for number in range(40))]
    cases = [[IndexedDocument(rng.choices(words, k=rng.randint(0, 3)), rng.choices(words, k=rng.randint(0, 60)),
                              rng.choices(words, k=rng.randint(0, 4))) for _ in range(rng.randint(1, 40))]
             for _ in range(25)]
    requests = []
    for documents in cases:
        requests.append({"op": "expand", "index": compact_index(documents, ())})
        requests.append({"op": "lunr", "fields": list(FIELDS), "documents": [
            {"title": [t.lower() for t in d.title], "heading": [t.lower() for t in d.heading],
             "body": [t.lower() for t in d.body]} for d in documents]})
    answers = node.run(requests)
    for expanded, built in zip(answers[::2], answers[1::2], strict=True):
        assert normalized(expanded) == normalized(built)


def test_the_reference_agrees_on_a_real_edition_s_documents(sample_output):
    # Every document of the sample portal's Russian and Korean editions, as the build tokenizes them.
    for code, locale in (("ru", "ru"), ("ko", "ko")):
        index = json.loads((sample_output / code / "search" / INDEX_FILE).read_text("utf-8"))
        texts = [entry for _, name in index["chunks"]
                 for entry in json.loads((sample_output / code / "search" / name).read_text("utf-8"))]
        segmenter = IcuSegmenter(locale)
        documents = [IndexedDocument([], [t.text for t in tokenize(text, segmenter)],
                                     [t.text for t in tokenize(heading, segmenter)])
                     for heading, _, text in texts]
        pipeline = PROFILES[code].pipeline
        assert normalized(expand(compact_index(documents, pipeline))) == normalized(
            build_lunr_index(documents, pipeline))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, " ", "  ", "\n", "\u00a0", ",", "-", "'", "\u0301", "\u200b",
                                 "ຮຽນ", "ភាសា", "မြန်မာ", "中文"]), max_size=40))
def test_a_text_is_cut_the_same_whole_or_chunk_by_chunk(parts):
    # The build tokenizes each whitespace-separated chunk once and reuses it (see edition.py).
    text = "".join(parts)
    segmenter = IcuSegmenter("th")
    whole = [t.text for t in tokenize(text, segmenter)]
    assert whole == [t.text for chunk in text.split() for t in tokenize(chunk, segmenter)]
    for chunk in text.split():  # and a chunk of letters only is the one token tokenize makes of it
        if plain_word(chunk) is not None:
            assert [t.text for t in tokenize(chunk, segmenter)] == [plain_word(chunk)]


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=12))
def test_a_chunk_of_letters_is_one_token(chunk):
    word = plain_word(chunk)
    if word is not None:
        assert [t.text for t in tokenize(chunk, IcuSegmenter("th"))] == [word]


EDGES = ["(", ")", ",", ".", '"', "'", "\u2019", "\u02bc", "\u00ad", "\u00ab", "\u00bb", "\u300c", "!", "-",
         "\u0301", "\u200b", "\u200d", "1", "\u0e01"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(EDGES), max_size=3), st.text(st.characters(blacklist_categories=("Cs",)), max_size=8),
       st.lists(st.sampled_from(EDGES), max_size=3))
def test_a_chunk_is_cut_as_its_letters_without_punctuation_around_them(before, middle, after):
    # the build takes "(visa)," as the word visa without cutting it character by character
    chunk = "".join(before) + middle + "".join(after)
    word = plain_word(_without_edges(chunk))
    if word is not None:
        assert [t.text for t in tokenize(chunk, IcuSegmenter("th"))] == [word]
    assert _without_edges("(visa),") == "visa" and _without_edges("o\u02bbzbek.") == "o\u02bbzbek"


def test_terms_are_in_utf16_order_so_lunr_js_can_load_them(node, tmp_path):
    # Python orders U+FE20 before U+1E900 (Adlam); UTF-16 puts the surrogate pair first.
    documents = [IndexedDocument(["x\ufe20"], ["first"]), IndexedDocument(["x\U0001e922"], ["second"])]
    packed = compact_index(documents, ())
    assert packed["terms"].index("x\U0001e922") < packed["terms"].index("x\ufe20")
    (tmp_path / "postings.json").write_text(json.dumps(packed.pop("postings")), "utf-8")
    (tmp_path / "text.json").write_text(json.dumps([["", "", "first"], ["", "", "second"]]), "utf-8")
    packed.update({"language": "ff", "query": {"prefix": None, "contains": None}, "shards": [[0, "postings.json"]],
                   "pages": [["A", "a/", 0], ["B", "b/", 1]], "documents": 2, "chunks": [[0, "text.json"]]})
    path = tmp_path / "index.json"
    path.write_text(json.dumps(packed), "utf-8")
    results = node.one({"op": "search", "index": str(path), "queries": ["x\U0001e922", "second"]})
    assert [[r["url"] for r in found] for found in results] == [["b/"], ["b/"]]


# -- an edition's files --------------------------------------------------------

PAGES = [
    SearchPage("Visas", "en/visas/", '<p>About visas.</p><h2 id="documents">Documents</h2><p>Passport.</p>',
               "Visa guide"),
    SearchPage("Schools", "en/schools/", "<p>Enrolling children in school.</p>"),
]


def test_an_edition_has_one_entry_file_and_hashed_shards_and_text_chunks():
    search = build_edition_search(PAGES, "en", "en")
    index = json.loads(search.files[INDEX_FILE])
    assert index["format"] == "portal-search/3" and index["lunr"] == "2.3.9"
    assert index["fields"] == ["title", "heading", "body"] and index["boosts"] == [10, 5, 1]
    assert len(index["lengths"]) == 3 * index["documents"]
    assert index["pages"] == [["Visas", "en/visas/", 0], ["Schools", "en/schools/", 2]]
    assert index["documents"] == 3
    assert index["pipeline"] == ["stopWordFilter", "portal-stem-en"]
    assert index["query"] == {"prefix": 3, "contains": None}
    [(start, name)] = index["chunks"]
    assert start == 0 and re.fullmatch(r"text-[0-9a-f]{10}\.json", name)
    assert json.loads(search.files[name]) == [["", "", "Visa guide About visas."],
                                              ["Documents", "documents", "Passport."],
                                              ["", "", "Enrolling children in school."]]
    # English queries need no more than their own words and the words they begin: the
    # vocabulary is in the shards, each with its terms, and the entry has each one's first
    [(first, shard, first_term)] = index["shards"]
    assert first == 0 and re.fullmatch(r"postings-[0-9a-f]{10}\.json", shard)
    content = json.loads(search.files[shard])
    assert index["vocabulary"] == "shards" and "terms" not in index and "postings" not in index
    assert content["terms"] == sorted(content["terms"]) and first_term == content["terms"][0] == "children"
    assert len(content["postings"]) == len(content["terms"])


def test_postings_are_split_into_shards_of_consecutive_terms(monkeypatch):
    monkeypatch.setattr("portal.search.edition.SHARD_POSTINGS", 3)
    search = build_edition_search(PAGES, "en", "en")
    index = json.loads(search.files[INDEX_FILE])
    firsts = [first for first, _, _ in index["shards"]]
    assert len(firsts) > 1 and firsts == sorted(firsts) and firsts[0] == 0
    shards = [json.loads(search.files[name]) for _, name, _ in index["shards"]]
    assert [len(shard["postings"]) for shard in shards] == [len(shard["terms"]) for shard in shards]
    terms = [term for shard in shards for term in shard["terms"]]
    assert terms == sorted(terms) == sorted(search.postings.terms)
    assert [shard["terms"][0] for shard in shards] == [first_term for _, _, first_term in index["shards"]]
    assert [a + len(shard["terms"]) for a, shard in zip(firsts, shards, strict=True)][:-1] == firsts[1:]


MADE_UP = sorted({a + b + c for a in "bdfgklmnprstvz" for b in "aeiou" for c in ("n", "r", "s", "la", "to")})


def shard_names(files: dict[str, str], prefix: str) -> set[str]:
    return {name for name in files if name.startswith(prefix)}


def test_a_term_added_renames_a_word_shard_or_two_of_a_split_vocabulary(monkeypatch):
    # "aaaa" sorts first: cut every N terms, every word shard would change (and a phone
    # holding the edition offline would fetch them all again)
    monkeypatch.setattr("portal.search.edition.WORD_SHARD_TERMS", 6)
    terms = tuple(MADE_UP)
    files_before, files_after = {}, {}
    split_vocabulary(terms, files_before, ending_entries(terms))
    added = tuple(sorted((*terms, "aaaa")))
    split_vocabulary(added, files_after, ending_entries(added))
    old, new = shard_names(files_before, "words-"), shard_names(files_after, "words-")
    assert len(old) > 30 and len(new - old) <= 2


@settings(deadline=None)
@given(st.lists(st.sampled_from(MADE_UP), min_size=1, unique=True), st.integers(1, 50))
def test_word_shards_cover_every_term_and_hold_half_to_four_budgets(keys, budget):
    keys.sort()
    starts = content_cuts(keys, budget)
    assert starts[0] == 0 and starts == sorted(set(starts)) and starts[-1] < len(keys)
    for start, end in zip(starts, [*starts[1:], len(keys)], strict=True):
        assert end - start <= 4 * budget
        if end < len(keys):
            assert end - start >= max(1, budget // 2)


def whole_vocabulary(folder: Path, into: Path) -> Path:
    """A copy of an edition's search files with the vocabulary in the entry as a plain list
    (neither in the shards nor front-coded): the reference the other forms must search alike."""
    into.mkdir(parents=True)
    index = json.loads((folder / INDEX_FILE).read_text("utf-8"))
    index["terms"], form, shards = entry_terms(index, folder), index.pop("vocabulary"), []
    for key in ("words", "endings", "longest"):  # a split vocabulary's shards
        index.pop(key, None)
    for number, (first, name, *_) in enumerate(index["shards"]):
        content = json.loads((folder / name).read_text("utf-8"))
        postings = content["postings"] if form == "shards" else content
        (into / f"whole-{number}.json").write_text(json.dumps(postings), "utf-8")
        shards.append([first, f"whole-{number}.json"])
    index["shards"] = shards
    for _, name in index["chunks"]:
        shutil.copy(folder / name, into / name)
    (into / INDEX_FILE).write_text(json.dumps(index, ensure_ascii=False), "utf-8")
    return into / INDEX_FILE


def test_a_vocabulary_in_tiny_shards_finds_what_the_whole_vocabulary_finds(monkeypatch, node, tmp_path):
    # shards of about three postings: a word's prefix run crosses many of them
    monkeypatch.setattr("portal.search.edition.SHARD_POSTINGS", 3)
    words = ["visa", "visas", "visit", "visitor", "visiting", "vision", "visual", "vista", "visible",
             "school", "schools", "scholar", "scheme", "schedule", "insurance", "insured", "insider"]
    pages = [SearchPage(f"Page {n}", f"en/p{n}/", "<p>" + " ".join(words[n:] + words[:n][::2]) + "</p>"
                        f'<h2 id="more">More {words[n]}</h2><p>{" ".join(words[::n + 1])}</p>')
             for n in range(len(words))]
    search = build_edition_search(pages, "en", "en")
    sharded = tmp_path / "sharded"
    sharded.mkdir()
    for name, text in search.files.items():
        (sharded / name).write_text(text, "utf-8")
    assert len(json.loads(search.files[INDEX_FILE])["shards"]) > 10
    whole = whole_vocabulary(sharded, tmp_path / "whole")
    queries = ["vis", "visi", "visit", "sch", "scho", "ins", "insu", "visa school", "visi sch ins", "zzz",
               "a", "visit schedule", "visitors", "Schedule", "vision insider"]
    answers = node.run([{"op": "search", "index": str(index), "queries": queries, "partial": partial}
                        for index in (sharded / INDEX_FILE, whole) for partial in (True, False)])
    assert answers[0] == answers[1] == answers[2] == answers[3]
    found = dict(zip(queries, answers[0], strict=True))
    assert len(found["visi"]) == len(found["visit"]) == 10  # the first ten: every page has vis- words
    assert all(found[query] for query in ("sch", "scho", "insu", "visit schedule")) and not found["zzz"]


THAI_TEXTS = [
    "การขอวีซ่าทำงานต้องยื่นเอกสารที่สำนักงานตรวจคนเข้าเมือง",
    "โรงเรียนรับสมัครนักเรียนต่างชาติทุกปี",
    "ศูนย์ให้คำปรึกษาแรงงานต่างด้าวเปิดทุกวัน",
    "ประกันสุขภาพแห่งชาติสำหรับคนต่างด้าว visa",
    "บัตรประจำตัวคนต่างด้าวและใบอนุญาตทำงาน",
    "เด็กต่างชาติเข้าโรงเรียนได้ตามกฎหมาย",
]


def test_a_split_vocabulary_finds_what_the_whole_vocabulary_finds(monkeypatch, node, tmp_path):
    # every vocabulary split, in shards of three words and four endings: runs cross many of them
    monkeypatch.setattr("portal.search.edition.SPLIT_TERMS", 0)
    monkeypatch.setattr("portal.search.edition.WORD_SHARD_TERMS", 3)
    monkeypatch.setattr("portal.search.edition.ENDING_SHARD_ENTRIES", 4)
    pages = [SearchPage(f"หน้า {n}", f"th/p{n}/",
                        f'<p>{text}</p><h2 id="more">{THAI_TEXTS[n - 1]}</h2><p>{text[::-1]}</p>')
             for n, text in enumerate(THAI_TEXTS)]
    search = build_edition_search(pages, "th", "th")
    index = json.loads(search.files[INDEX_FILE])
    assert index["vocabulary"] == "split" and "terms" not in index
    assert len(index["words"]) > 10 and len(index["endings"]) > 10
    split = tmp_path / "split"
    split.mkdir()
    for name, text in search.files.items():
        (split / name).write_text(text, "utf-8")
    assert entry_terms(index, split) == list(search.postings.terms)
    whole = whole_vocabulary(split, tmp_path / "whole")
    queries = ["วีซ่า", "เอกสาร", "ต่างชาติ", "ต่าง", "ชาติ", "ด้าว", "สุขภาพ", "สมัคร", "ตรวจคน", "คนเข้าเมือง",
               "visa", "vis", "ประกันสุขภาพ ต่างด้าว", "ซ่าท", "zzz", "ทำงานที่โรงเรียน", "ทุกวัน", "าติ", "ก"]
    answers = node.run([{"op": "search", "index": str(entry), "queries": queries, "partial": partial, "intl": intl}
                        for intl in (True, False) for entry in (split / INDEX_FILE, whole)
                        for partial in (True, False)])
    assert answers[0] == answers[1] == answers[2] == answers[3]
    assert answers[4] == answers[5] == answers[6] == answers[7]
    found = dict(zip(queries, answers[0], strict=True))
    assert {result["url"] for result in found["ชาติ"]} >= {"th/p1/", "th/p3/", "th/p5/"}  # inside ต่างชาติ, แห่งชาติ
    assert found["visa"] and found["vis"] and not found["zzz"]
    # a first query fetches a few of the vocabulary's shards, not all
    fetched = node.one({"op": "shards", "index": str(split / INDEX_FILE), "queries": ["ต่างชาติ"]})[0]
    vocabulary = [name for name in fetched if name.startswith(("words-", "endings-"))]
    assert 0 < len(vocabulary) < (len(index["words"]) + len(index["endings"])) / 3


THAI_WORDS = sorted({text[start:end] for text in THAI_TEXTS for start, end, _ in IcuSegmenter("th").segment(text)} | {
    "ต่างชาติ", "ชาติ", "ต่าง", "าติ", "กาแฟ", "ปลากาแฟ", "เกา", "คนเข้าเมือง"})


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(THAI_WORDS + ["visa", "ก", "กก", "กกก"]), unique=True),
       st.lists(st.sampled_from(THAI_WORDS + ["visa", "ก", "กก", "กกก"]), unique=True))
def test_ending_entries_patched_from_the_last_build_are_the_ones_made_afresh(before, after):
    # what a rebuild writes must not depend on what the build before it was
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr("portal.search.endings.PATCH_SHARE", 1.0)  # always patch, however much changed
    try:
        last = ending_entries(tuple(sorted(before)))
        terms = tuple(sorted(after))
        patched, fresh = ending_entries(terms, last), ending_entries(terms)
    finally:
        monkeypatch.undo()
    assert (patched.terms, patched.owners, patched.starts, patched.shared) == (
        fresh.terms, fresh.owners, fresh.starts, fresh.shared)
    keys = [f"{fresh.ending(n)}\t{terms[fresh.owners[n]][:fresh.starts[n]]}" for n in range(len(fresh))]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


@pytest.mark.parametrize("count", [0, 1, 36, 37, 1296, 1297, 50_000])
def test_term_numbers_are_written_in_base_36_without_leading_zeros(count):
    numbers = base36_numbers(count)
    assert len(numbers) == count and [int(number, 36) for number in numbers] == list(range(count))
    assert not any(number.startswith("0") for number in numbers[1:])


def test_a_rebuilt_split_vocabulary_is_written_as_a_cold_build_writes_it(monkeypatch):
    monkeypatch.setattr("portal.search.edition.SPLIT_TERMS", 0)
    monkeypatch.setattr("portal.search.edition.ENDING_SHARD_ENTRIES", 4)
    pages = [SearchPage(f"หน้า {n}", f"th/p{n}/", f"<p>{text}</p>") for n, text in enumerate(THAI_TEXTS)]
    first = build_edition_search(pages, "th", "th")
    edited = [*pages[:2], SearchPage("หน้า 2", "th/p2/", "<p>ร้านกาแฟเปิดทุกวันสำหรับคนต่างชาติ</p>"), *pages[3:]]
    rebuilt = build_edition_search(edited, "th", "th", first.page_terms, first.postings, first.vocabulary)
    assert rebuilt.vocabulary.endings is not first.vocabulary.endings
    assert rebuilt.vocabulary.endings.terms == rebuilt.postings.terms
    cold = build_edition_search(edited, "th", "th")
    assert rebuilt.files == cold.files and rebuilt.vocabulary.words == cold.vocabulary.words


def test_a_rebuilt_split_vocabulary_front_codes_only_the_word_shards_an_edit_changed(monkeypatch):
    monkeypatch.setattr("portal.search.edition.WORD_SHARD_TERMS", 6)
    terms = tuple(MADE_UP)
    first = {}
    split_vocabulary(terms, {}, ending_entries(terms), None, first)
    coded = []
    real = search_edition.front_coded
    monkeypatch.setattr(search_edition, "front_coded", lambda shard: coded.append(shard) or real(shard))
    added = tuple(sorted((*terms, "aaaa")))
    files, again = {}, {}
    split_vocabulary(added, files, ending_entries(added), first, again)
    assert len(first) > 30 and 1 <= len(coded) <= 2  # the shard "aaaa" went into (and the next, if cut anew)
    cold_files, cold_words = {}, {}
    monkeypatch.setattr(search_edition, "front_coded", real)
    split_vocabulary(added, cold_files, ending_entries(added), None, cold_words)
    assert (files, again) == (cold_files, cold_words)


@pytest.mark.parametrize("split", [False, True])
def test_a_query_piece_is_found_inside_words_only_where_a_word_can_start(split, monkeypatch, node, tmp_path):
    # กา (crow) begins กาแฟ (coffee); inside เกา (to scratch) it would begin after a leading vowel
    if split:
        monkeypatch.setattr("portal.search.edition.SPLIT_TERMS", 0)
    pages = [SearchPage("หน้า", "th/scratch/", "<p>เกา</p>"), SearchPage("หน้า", "th/coffee/", "<p>ปลากาแฟ</p>")]
    search = build_edition_search(pages, "th", "th")
    assert json.loads(search.files[INDEX_FILE])["vocabulary"] == ("split" if split else "front")
    for name, text in search.files.items():
        (tmp_path / name).write_text(text, "utf-8")
    found = node.one({"op": "search", "index": str(tmp_path / INDEX_FILE), "queries": ["กา"], "partial": True})[0]
    assert [result["url"] for result in found] == ["th/coffee/"]


def test_a_damaged_split_vocabulary_says_to_rebuild(monkeypatch, node, tmp_path):
    monkeypatch.setattr("portal.search.edition.SPLIT_TERMS", 0)
    search = build_edition_search([SearchPage("หน้า", "th/p/", f"<p>{THAI_TEXTS[0]}</p>")], "th", "th")
    for name, text in search.files.items():
        (tmp_path / name).write_text(text, "utf-8")
    for name in search.files:
        if name.startswith("words-"):
            (tmp_path / name).write_text("[1, 2]", "utf-8")
    with pytest.raises(RuntimeError, match="is damaged: rebuild the site"):
        node.one({"op": "search", "index": str(tmp_path / INDEX_FILE), "queries": ["วีซ่า"], "partial": True})


def test_the_sample_editions_keep_the_vocabulary_where_their_queries_need_it(node, sample_output, tmp_path):
    sharded = set()
    for path in query_sets():
        data = yaml.safe_load(path.read_text("utf-8"))
        folder = sample_output / data["language"] / "search"
        form = json.loads((folder / INDEX_FILE).read_text("utf-8"))["vocabulary"]
        assert form in ("shards", "front"), path.stem
        if form == "shards":
            sharded.add(data["language"])
        whole = whole_vocabulary(folder, tmp_path / data["language"])
        queries = [q["query"] for q in data["queries"]]
        queries += [q[:3] for q in queries]  # typing in progress: prefixes
        found = node.run([{"op": "search", "index": str(index), "queries": queries, "partial": True}
                          for index in (folder / INDEX_FILE, whole)])
        assert found[0] == found[1], path.stem
    # spaceless scripts are cut into the index's words and Korean words are matched inside
    # compounds: those editions keep every term in the entry (front-coded)
    assert sharded == {"en", "vi", "ru", "uz", "mn", "fil"}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc")), min_size=1,
                        max_size=50), unique=True))
def test_front_coding_gives_every_term_back(terms):
    terms = sorted(terms, key=utf16_order)
    coded = front_coded(terms)
    assert front_decoded(coded) == terms
    assert len(coded) <= len("\n".join(terms)) + len(terms)


def test_front_coded_terms_read_alike_in_the_browser(node, tmp_path):
    # astral letters (Adlam, emoji-free CJK extension B) share beginnings by code points
    terms = sorted(["x\U0001e922", "x\U0001e922\U0001e923", "x\ufe20", "\U00020000\U00020001", "\U00020000",
                    "abc", "abcd", "abd", "a" * 40, "a" * 41 + "b"], key=utf16_order)
    index = {"format": "portal-search/3", "vocabulary": "front", "terms": front_coded(terms), "shards": [],
             "lunr": "2.3.9", "fields": ["title", "heading", "body"], "boosts": [10, 5, 1], "lengths": [],
             "bm25": {"k1": 1.2, "b": 0.75}, "pipeline": [], "language": "ff", "pages": [], "documents": 0,
             "query": {"prefix": None, "contains": None}, "chunks": [], "probes": []}
    (tmp_path / INDEX_FILE).write_text(json.dumps(index, ensure_ascii=False), "utf-8")
    assert node.one({"op": "terms", "index": str(tmp_path / INDEX_FILE)}) == terms


def test_a_query_ranks_the_same_with_only_its_shards(node, sample_output):
    for path in query_sets():
        data = yaml.safe_load(path.read_text("utf-8"))
        index = str(sample_output / data["language"] / "search" / INDEX_FILE)
        queries = [q["query"] for q in data["queries"]]
        full, partial = node.run([{"op": "search", "index": index, "queries": queries},
                                  {"op": "search", "index": index, "queries": queries, "partial": True}])
        assert partial == full, path.stem


def test_a_language_without_a_profile_is_searched_by_plain_words():
    search = build_edition_search([*PAGES, SearchPage("Home", "ar/", "<p>نص</p>", title_lang="en")], "ar", "ar")
    assert not search.has_profile
    index = json.loads(search.files[INDEX_FILE])
    assert index["pipeline"] == []
    assert index["pages"][-1] == ["Home", "ar/", 3, "en"]  # the title's own language, for its lang attribute


def test_the_a_to_z_index_lists_pages_and_sections():
    groups = az_index(build_edition_search(PAGES, "en", "en"), "en")
    assert [(g.letter, [e.label for e in g.entries]) for g in groups] == [
        ("D", ["Documents"]), ("S", ["Schools"]), ("V", ["Visas"])]
    assert groups[0].entries[0].url == "en/visas/#documents" and groups[0].entries[0].page == "Visas"


# -- the built site ----------------------------------------------------------

def test_every_edition_has_its_search_files_and_lunr_is_copied(fixture_output):
    for code in FIXTURE_CODES:
        index = json.loads((fixture_output / code / "search" / INDEX_FILE).read_text("utf-8"))
        for _, name, *_ in index["chunks"] + index["shards"]:
            assert (fixture_output / code / "search" / name).is_file()
        assert (fixture_output / code / "az" / "index.html").is_file()
    [lunr] = (fixture_output / "theme/js").glob("lunr.*.js")  # content-hashed names
    assert lunr.read_bytes() == LUNR_JS.read_bytes()
    for name in ("search-text", "search-engine", "search", "search-loader"):
        assert len(list((fixture_output / "theme/js").glob(f"{name}.*.js"))) == 1
    assert len(list((fixture_output / "theme/css").glob("search.*.css"))) == 1


def test_every_page_is_one_tap_from_an_accessible_search_form_without_inline_code(fixture_output):
    for path in sorted(fixture_output.rglob("*.html")):
        doc = parse(path)
        assert not doc.select("script:not([src])"), f"inline script in {path}"
        assert not doc.select("style") and not doc.select("[style]"), f"inline style in {path}"
        if doc.body.get("class") == ["chooser"]:
            continue
        assert doc.select_one('header a[href$="/search/"]'), f"no search link in the header of {path}"
        form = doc.select_one('form[role="search"]')
        if path.parent.name != "search":
            assert form is None and not doc.select('script[src*="search"]'), f"search code on {path}"
            continue
        field = form.select_one("input[type=search]")
        assert form.select_one(f'label[for="{field["id"]}"]').get_text(strip=True)
        assert not field.has_attr("name"), "the no-JS submit must not send the query"
        assert form.select_one('[aria-live="polite"]') is not None
        assert all(s.has_attr("defer") for s in doc.select("script[src]"))
        assert form["data-msg-count"].count("{count}") == 1


def test_the_form_falls_back_to_the_a_to_z_page_with_relative_urls(fixture_output):
    doc = parse(fixture_output / "ru" / "guides" / "visa" / "index.html")
    assert doc.select_one('header a[href$="/search/"]')["href"] == "../../../ru/search/"
    search = parse(fixture_output / "ru" / "search" / "index.html")
    form = search.select_one("form.site-search")
    assert form["action"] == "../../ru/az/"
    assert form["data-index"] == "../../ru/search/"
    assert form["data-scripts"].split()[0].startswith("../../theme/js/lunr.")
    az = parse(fixture_output / "ru" / "az" / "index.html")
    links = {a.get_text(): a["href"] for a in az.select("ul.az-list a")}
    visa_title = doc.select_one("article h1").get_text()
    assert links[visa_title] == "../../ru/guides/visa/"
    assert az.html["lang"] == "ru"


def test_a_build_without_lunr_installed_says_to_run_npm_ci(site_copy, tmp_path, monkeypatch):
    theme = tmp_path / "elsewhere" / "theme"
    shutil.copytree(REPO / "theme", theme)
    monkeypatch.setenv("PORTAL_TEST_THEME", str(theme))
    result = run_portal(site_copy / "pelicanconf.py", "build", check=False)
    assert result.returncode != 0
    assert "npm ci" in result.stderr + result.stdout
    assert not (site_copy / "output").exists()


# -- searching, as the browser does -------------------------------------------

def test_raw_query_syntax_is_searched_as_words(node, fixture_output):
    index = str(fixture_output / "en" / "search" / INDEX_FILE)
    queries = ["visa", "visa:", "+visa", "-visa", "visa~", "visa^", "visa*", "title:visa", "visa~1", "*", "~+-:^"]
    results = node.one({"op": "search", "index": index, "queries": queries})
    plain = results[0]
    assert plain and all(found == plain for found in results[1:7])
    # 'title' and '1' are words to find here, not a field name and an edit distance
    assert results[7] == results[8] == []
    assert results[9] == results[10] == []


def test_snippets_mark_the_matching_words(node, fixture_output):
    index = str(fixture_output / "en" / "search" / INDEX_FILE)
    [found] = node.one({"op": "search", "index": index, "queries": ["passports"], "limit": 1})
    text = "Bring your passport and a copy of your passport."
    [parts] = node.one({"op": "highlight", "index": index, "items": [{"text": text, "terms": found[0]["terms"]}]})
    assert [p["text"] for p in parts if p["mark"]] == ["passport", "passport"]
    assert "".join(p["text"] for p in parts) == text


def query_sets() -> list[Path]:
    return sorted(QUERIES.glob("*.yml"))


def test_every_language_has_a_query_set_of_at_least_seven_queries():
    languages = {entry["code"] for entry in __import__("runpy").run_path(
        str(REPO / "pelicanconf.py"))["PORTAL_LANGUAGES"]}
    found = {}
    for path in query_sets():
        data = yaml.safe_load(path.read_text("utf-8"))
        assert data["language"] == path.stem
        found[path.stem] = data["queries"]
    assert set(found) == languages
    for code, queries in found.items():
        assert len(queries) >= 7, code
        assert any(q["page"] is None for q in queries), f"{code}: no query for a word that is nowhere"


@pytest.mark.parametrize("path", query_sets(), ids=lambda p: p.stem)
def test_each_query_brings_its_page_first(node, sample_output, path):
    data = yaml.safe_load(path.read_text("utf-8"))
    code, queries = data["language"], data["queries"]
    index = str(sample_output / code / "search" / INDEX_FILE)
    results = node.one({"op": "search", "index": index, "queries": [q["query"] for q in queries],
                        "limit": 3})
    misses = []
    for query, found in zip(queries, results, strict=True):
        first = found[0]["url"] if found else None
        expected = None if query["page"] is None else f"{code}/{query['page']}"
        if first != expected or (query.get("section") and found[0]["anchor"] != query["section"]):
            misses.append(f"{query['query']!r}: expected {expected} {query.get('section') or ''}, "
                          f"got {[(r['url'], r['anchor']) for r in found]}")
    assert not misses, f"{code}: " + "; ".join(misses)


def test_the_index_a_reader_downloads_stays_small(sample_output):
    for code in ("ko", "th", "ru"):
        raw = (sample_output / code / "search" / INDEX_FILE).read_bytes()
        assert len(gzip.compress(raw)) < 100_000, code  # the budget per query, at 300 pages


# -- postings kept between builds ----------------------------------------------

@dataclass(frozen=True)
class Share:
    documents: tuple
    terms: tuple


def share_of(documents: list[IndexedDocument]) -> Share:
    return Share(tuple(documents), tuple(count_terms(document) for document in documents))


pages_strategy = st.lists(st.lists(st.builds(IndexedDocument, st.lists(st.sampled_from(WORDS[:8]), max_size=2),
                                             st.lists(st.sampled_from(WORDS), max_size=12),
                                             st.lists(st.sampled_from(WORDS[:8]), max_size=2)),
                                   min_size=1, max_size=3), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(before=pages_strategy, edits=st.lists(st.tuples(st.integers(0, 11), pages_strategy), max_size=4))
def test_patched_postings_are_the_postings_counted_afresh(before, edits):
    # A rebuild patches the last build's postings for the pages that changed; whatever changed
    # (terms, lengths, a page's number of sections), the result is what a cold build counts.
    shares = [share_of(page) for page in before]
    keys = [f"{number}:0" for number in range(len(shares))]
    postings = EditionPostings.of(keys, shares)
    known = dict(zip(keys, shares, strict=True))
    for round_number, (position, replacements) in enumerate(edits, 1):
        share = 1.0 if round_number % 2 else 0.0  # patch whatever changed, or count again
        shares = list(shares)
        keys = list(keys)
        for offset, page in enumerate(replacements[:2]):
            number = (position + offset) % len(shares)
            shares[number] = share_of(page)
            keys[number] = f"{number}:{round_number}"
        with mock.patch("portal.search.postings.PATCH_SHARE", share):
            postings = postings.updated(keys, shares, known)
        known = dict(zip(keys, shares, strict=True))
        assert postings == EditionPostings.of(keys, shares)
        compact = compact_counted([document for share in shares for document in share.terms], ())
        assert list(postings.terms) == compact["terms"] and list(postings.lengths) == compact["lengths"]
        shards = postings.shards(5)
        assert [flat for _, text in shards for flat in json.loads(text)] == compact["postings"]
        assert [first for first, _ in shards] == [0, *accumulate(len(json.loads(text)) for _, text in shards)][:-1]


@settings(max_examples=150, deadline=None)
@given(pages=pages_strategy, budget=st.integers(-1, 40))
def test_a_postings_shard_ends_at_the_first_term_that_fills_its_budget(pages, budget):
    # Each shard takes terms until it holds ``budget`` (document, field) pairs; only the last
    # may hold fewer. The shards' lists, one after the other, are every term's list.
    shares = [share_of(page) for page in pages]
    postings = EditionPostings.of([str(number) for number in range(len(shares))], shares)
    shards = postings.shards(budget)
    firsts = [first for first, _ in shards]
    ends = [*firsts[1:], len(postings.terms)][:len(firsts)]
    assert firsts == sorted(set(firsts)) and (firsts[:1] == [0] or not postings.terms)
    for first, end in zip(firsts, ends, strict=True):
        held = list(accumulate(postings.counts[first:end]))
        assert all(total < budget for total in held[:-1])
        assert held[-1] >= budget or end == len(postings.terms)
    assert [flat for _, text in shards for flat in json.loads(text)] == [
        json.loads(f"[{postings.text}]")[number] for number in range(len(postings.terms))]


def test_an_edited_page_is_patched_not_counted_again(monkeypatch):
    pages = [[IndexedDocument([f"title{number}"], ["passport", "card", f"word{number}"])] for number in range(9)]
    pages.append([IndexedDocument(["work"], ["job", "contract"])])
    shares = [share_of(page) for page in pages]
    keys = [str(number) for number in range(10)]
    before = EditionPostings.of(keys, shares)
    edited = [*shares[:9], share_of([IndexedDocument(["work"], ["job", "permit", "card"])])]
    with monkeypatch.context() as patched:
        patched.setattr(EditionPostings, "of", classmethod(lambda *_: pytest.fail("counted everything again")))
        after = before.updated([*keys[:9], "9b"], edited, dict(zip(keys, shares, strict=True)))
    assert after == EditionPostings.of([*keys[:9], "9b"], edited)
    assert "contract" not in after.terms and "permit" in after.terms


def test_an_edit_re_encodes_only_the_terms_whose_pairs_changed(monkeypatch):
    # one section of a two-section page edited: the other section's terms keep their text
    pages = [[IndexedDocument(["visa"], ["passport", "card"]), IndexedDocument(["school"], ["enrol", "child"])],
             *([IndexedDocument([f"work{number}"], ["job", "card"])] for number in range(5))]
    shares = [share_of(page) for page in pages]
    keys = [str(number) for number in range(6)]
    before = EditionPostings.of(keys, shares)
    edited = [share_of([pages[0][0], IndexedDocument(["school"], ["enrol", "grade"])]), *shares[1:]]
    encoded = []
    monkeypatch.setattr("portal.search.postings._text", lambda numbers: encoded.append(numbers) or json.dumps(
        numbers, separators=(",", ":")))
    monkeypatch.setattr(EditionPostings, "of", classmethod(lambda *_: pytest.fail("counted everything again")))
    after = before.updated(["0b", *keys[1:]], edited, dict(zip(keys, shares, strict=True)))
    monkeypatch.undo()
    assert after == EditionPostings.of(["0b", *keys[1:]], edited)
    assert len(encoded) == 1  # "grade" (new); "child" is gone; passport, card, visa, enrol, school as they were


def test_page_terms_keep_their_counted_terms_pickled_until_used():
    [page] = PAGES[:1]
    terms = build_edition_search([page], "en", "en").page_terms[page_key(page)]
    stored = pickle.dumps(terms)
    again = pickle.loads(stored)
    assert again._terms is None and again.documents == terms.documents  # texts at hand, terms not yet
    assert pickle.dumps(again) == stored  # stored again without unpickling them
    assert again.terms == terms.terms and again == terms


def test_an_index_of_no_documents_expands_to_an_empty_lunr_index():
    expanded = expand(compact_index([], ()))
    assert expanded["invertedIndex"] == [] and expanded["fieldVectors"] == []


def test_postings_come_back_from_the_cache_as_they_were_stored():
    postings = build_edition_search(PAGES, "en", "en").postings
    assert len(postings.terms) > 5
    for stored in (postings, EditionPostings.of([], [])):
        again = pickle.loads(pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL))
        assert again == stored and type(again.terms) is tuple
