"""Search in a real headless Chromium, on the sample portal served from this machine.

A reader types a Thai, a Khmer, a Korean and a Russian query; the expected
page must come first, the result count must be announced in the live
region, and the results must work from the keyboard. The server sends the
portal's own security headers (a Content-Security-Policy without
'unsafe-inline' or 'unsafe-eval'), and every request the page makes is
recorded: none may leave the local server, none may carry the query, and
nothing may be stored. The browser and the served portal are the shared
fixtures of ``conftest.py``. A split vocabulary (a large spaceless edition's)
is fetched shard by shard and searched as the whole vocabulary is.
"""

from __future__ import annotations

import json
import re
import shutil
from urllib.parse import unquote

import pytest
from test_search_index import JS_DIR, LUNR_JS, THAI_TEXTS, whole_vocabulary

from conftest import serve
from portal.search.edition import INDEX_FILE, SearchPage, build_edition_search

QUERIES = [  # (edition, query, expected page, expected section or "")
    ("th", "เทศกาลวัฒนธรรม", "th/notices/2025-05-world-citizen-festival/", ""),
    ("km", "ពិធីបុណ្យ", "km/notices/2025-05-world-citizen-festival/", ""),
    ("ko", "다누리에", "ko/settlement/multicultural-families/", "danuri"),
    ("ru", "фестивале", "ru/notices/2025-05-world-citizen-festival/", ""),
]


class Visit:
    """One page in a fresh context, with every request and console message recorded."""

    def __init__(self, browser, site: str, path: str, javascript: bool = True):
        self.context = browser.new_context(java_script_enabled=javascript)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("response", lambda response: response.status >= 400 and self.failed.append(response.url))
        self.page.goto(f"{site}/{path}")

    def __enter__(self) -> Visit:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def search(self, query: str) -> None:
        box = self.page.locator("#site-search-input")
        box.click()
        box.press_sequentially(query, delay=20)
        status = self.page.locator(".search-status")
        for _ in range(150):  # polled from here: the page's CSP forbids Playwright's eval-based waits
            text = status.inner_text().strip()
            if text and "…" not in text:
                break
            self.page.wait_for_timeout(100)
        else:
            raise AssertionError(f"no result count announced for {query!r}")
        self.page.wait_for_timeout(200)

    def results(self) -> list[str]:
        links = self.page.eval_on_selector_all(".search-list a.search-result", "links => links.map(a => a.href)")
        return [unquote(link) for link in links]

    def focused(self) -> str:
        return unquote(self.page.evaluate("document.activeElement.id || document.activeElement.href || ''"))

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize(("code", "query", "expected", "section"), QUERIES, ids=[q[0] for q in QUERIES])
def test_typing_a_query_brings_the_expected_page_first(browser, served_portal, code, query, expected,
                                                       section):
    site = served_portal
    with Visit(browser, site, f"{code}/search/") as visit:
        visit.search(query)
        results = visit.results()
        assert results, f"no results for {query!r}"
        assert results[0] == f"{site}/{expected}" + (f"#{section}" if section else "")
        status = visit.page.locator(".search-status")
        assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
        count = int(re.sub(r"\D", "", status.inner_text()))
        assert count >= len(results) >= 1
        marks = visit.page.eval_on_selector_all(".search-list mark", "marks => marks.map(m => m.textContent)")
        assert marks, "the matching words are highlighted"
        assert not visit.errors
        assert [url for url in visit.failed if not url.endswith("/favicon.ico")] == []


def test_results_work_from_the_keyboard(browser, served_portal):
    site = served_portal
    with Visit(browser, site, "ru/search/") as visit:
        visit.search("виза")
        results = visit.results()
        assert len(results) >= 2
        keyboard = visit.page.keyboard
        keyboard.press("ArrowDown")
        assert visit.focused() == results[0]
        keyboard.press("ArrowDown")
        assert visit.focused() == results[1]
        keyboard.press("End")
        assert visit.focused() == results[-1]
        keyboard.press("Home")
        assert visit.focused() == results[0]
        keyboard.press("ArrowUp")
        assert visit.focused() == "site-search-input"
        keyboard.press("Enter")
        visit.page.wait_for_url(lambda url: unquote(url) == results[0])


def test_escape_clears_and_a_word_found_nowhere_says_so(browser, served_portal):
    site = served_portal
    with Visit(browser, site, "th/search/") as visit:
        visit.search("เพนกวิน")
        assert visit.results() == []
        assert "เพนกวิน" in visit.page.locator(".search-status").inner_text()
        visit.page.keyboard.press("Escape")
        assert visit.page.locator("#site-search-input").input_value() == ""
        assert visit.page.locator(".search-list").is_hidden()


def test_nothing_leaves_the_device_and_nothing_is_stored(browser, served_portal):
    site = served_portal
    with Visit(browser, site, "ko/search/") as visit:
        visit.search("다누리")
        assert visit.results()
        assert all(url.startswith(site + "/") for url in visit.requests), visit.requests
        assert not [url for url in visit.requests if "%EB%8B%A4" in url or "다누리" in url or "?" in url]
        assert any(url.endswith("/ko/search/index.json") for url in visit.requests)
        assert visit.page.evaluate("localStorage.length + sessionStorage.length") == 0
        assert visit.page.evaluate("document.cookie") == ""
        assert not [m for m in visit.console if "Content Security Policy" in m], visit.console


def test_no_search_code_until_the_reader_starts_a_search(browser, served_portal):
    site = served_portal
    with Visit(browser, site, "zh/settlement/health-care/") as visit:
        visit.page.wait_for_load_state("networkidle")
        assert not [url for url in visit.requests if "search" in url.rsplit("/", 1)[-1] or "lunr" in url], \
            visit.requests
        visit.page.locator('header a[href$="/search/"]').click()  # one tap from every page
        visit.page.wait_for_url(f"{site}/zh/search/")
        visit.page.wait_for_load_state("networkidle")
        # the search page's box has the focus: the scripts and the index come now, from this site
        assert [url for url in visit.requests if url.endswith("/zh/search/index.json")]
        assert [url for url in visit.requests if "/theme/js/lunr." in url]
        assert not visit.errors


def test_a_query_submitted_before_the_scripts_loaded_is_searched(browser, served_portal):
    site = served_portal
    with Visit(browser, site, "vi/az/") as visit:
        visit.page.goto(f"{site}/vi/search/")
        box = visit.page.locator("#site-search-input")
        box.fill("thị thực")  # visa, in the Vietnamese the edition is written in
        box.press("Enter")
        visit.page.wait_for_selector(".search-list a.search-result", timeout=20000)
        assert visit.page.url == f"{site}/vi/search/"


def test_without_javascript_the_form_opens_the_a_to_z_index(browser, served_portal):
    site = served_portal
    with Visit(browser, site, "km/search/", javascript=False) as visit:
        visit.page.locator("#site-search-input").fill("ពិធីបុណ្យ")
        visit.page.locator("form.site-search button[type=submit]").click()
        visit.page.wait_for_url(lambda url: url.split("?")[0] == f"{site}/km/az/")
        assert visit.page.locator("ul.az-list a").count() > 10


SPLIT_QUERIES = ["ต่างชาติ", "ชาติ", "ด้าว", "ประกันสุขภาพ ต่างด้าว", "ทำงานที่โรงเรียน", "visa", "ซ่าท", "zzz"]


def test_a_split_vocabulary_is_fetched_and_searched_in_the_browser(browser, monkeypatch, tmp_path):
    """The same Thai queries in Chromium, against a split vocabulary (fetched shard by shard, as
    the reader's browser does, with its own Intl.Segmenter) and against the whole vocabulary."""
    monkeypatch.setattr("portal.search.edition.SPLIT_TERMS", 0)
    monkeypatch.setattr("portal.search.edition.WORD_SHARD_TERMS", 3)
    monkeypatch.setattr("portal.search.edition.ENDING_SHARD_ENTRIES", 4)
    pages = [SearchPage(f"หน้า {n}", f"th/p{n}/", f"<p>{text}</p>") for n, text in enumerate(THAI_TEXTS)]
    search = build_edition_search(pages, "th", "th")
    split = tmp_path / "split"
    split.mkdir()
    for name, text in search.files.items():
        (split / name).write_text(text, "utf-8")
    whole_vocabulary(split, tmp_path / "whole")
    scripts = "".join(f'<script src="{path.name}"></script>'
                      for path in (LUNR_JS, JS_DIR / "search-text.js", JS_DIR / "search-engine.js"))
    for path in (LUNR_JS, JS_DIR / "search-text.js", JS_DIR / "search-engine.js"):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "index.html").write_text(f"<!doctype html><title>search</title>{scripts}", "utf-8")
    server, url = serve(tmp_path)
    try:
        with Visit(browser, url, "index.html") as visit:
            found = visit.page.evaluate("""async ([folders, queries]) => {
              const answers = {};
              for (const folder of folders) {
                const fetchJson = (name) => fetch(folder + "/" + name).then((response) => response.json());
                answers[folder] = [];
                for (const query of queries) {  // each from a fresh index, as a first query is
                  const data = await fetchJson("index.json");
                  const index = new PortalSearchEngine.SearchIndex(lunr, PortalSearchText, data);
                  await index.prepare(query, fetchJson);
                  answers[folder].push(index.search(query).map((result) => [result.url, result.score]));
                }
              }
              return answers;
            }""", [["split", "whole"], SPLIT_QUERIES])
            fetched = {request.rsplit("/", 1)[-1] for request in visit.requests if "/split/" in request}
            assert not visit.errors, visit.errors
    finally:
        server.shutdown()
    assert found["split"] == found["whole"]
    results = dict(zip(SPLIT_QUERIES, found["split"], strict=True))
    assert {url for url, _ in results["ชาติ"]} >= {"th/p1/", "th/p3/", "th/p5/"} and not results["zzz"]
    assert results["visa"] and results["ประกันสุขภาพ ต่างด้าว"]
    index = json.loads(search.files[INDEX_FILE])
    shards = [name for _, name, _ in index["words"] + index["endings"]]
    assert 0 < len(fetched & set(shards)) < len(shards)  # some of the vocabulary's shards, not all
