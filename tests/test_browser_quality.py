"""Every page checked as a reader meets it, in a real headless Chromium.

axe-core (WCAG 2.2 AA) on every kind of page in every edition; a 360x800
phone screen for every kind of page in every edition: the h1 and the
start of the first paragraph on the first screen, a tel: link around
every phone number shown and none broken across lines, nothing
overflowing sideways (screenshots of each kind kept in
artifacts/screenshots/); the 404 page as GitHub Pages and Netlify serve
it; the Nu Html Checker on a sample of every page kind; and the
enhancements that need a browser: offline reading (and searching) through
the service worker, the quick exit and the directory filter.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile

import pytest

from conftest import REPO

CODES = ["ko", "en", "vi", "th", "km", "lo", "my", "zh", "ru", "uz", "mn", "fil"]
PAGE_KINDS = {
    "home": "{code}/",
    "guide": "{code}/settlement/domestic-violence/",
    "listing": "{code}/consultation/",
    "community": "{code}/communities/koryoin/",
    "directory": "{code}/directory/language/ru/",
    "service point": "{code}/directory/integration-center/",
    "counter view": "{code}/visas/regional-e7/counter.html",
    "a-z index": "{code}/az/",
    "search": "{code}/search/",
    "404": "{code}/404.html",
}
# what a reader opens on a phone: every kind, with a guide full of phone numbers, and a missing
# address (the server answers it with the root 404.html, as GitHub Pages does)
PHONE_KINDS = {**PAGE_KINDS, "guide": "{code}/settlement/emergency-help/",
               "emergency guide": "{code}/settlement/domestic-violence/", "not found": "{code}/visas/old/"}
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = REPO / "artifacts" / "screenshots"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def require(path):
    if not path.exists():
        pytest.fail(f"{path} is missing: run `npm ci` (the Makefile and .ci/run do)")
    return path


@pytest.fixture(scope="module")
def axe_source() -> str:
    return require(AXE).read_text("utf-8")


@pytest.mark.parametrize("code", CODES)
def test_no_accessibility_violations_on_any_kind_of_page(browser, served_portal, axe_source, code):
    context = browser.new_context(bypass_csp=True)  # axe is injected as a script for the test only
    page = context.new_page()
    failures = []
    for kind, pattern in PAGE_KINDS.items():
        page.goto(f"{served_portal}/{pattern.format(code=code)}")
        page.add_script_tag(content=axe_source)
        result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
        for violation in result["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            failures.append(f"{kind}: {violation['id']} ({violation['impact']}): {targets}")
    context.close()
    assert failures == [], "\n".join(failures)


FIRST_SCREEN = """() => {
    const width = document.documentElement.clientWidth;
    const h1 = document.querySelector('main h1');
    const after = [...document.querySelectorAll('main p')].filter(p =>
        (h1.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING) && p.offsetParent && p.innerText.trim());
    const first = after[0];
    let line = null;
    if (first) {  // the bottom of the paragraph's first line
        const walker = document.createTreeWalker(first, NodeFilter.SHOW_TEXT,
            {acceptNode: n => n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP});
        const text = walker.nextNode();
        const range = document.createRange();
        range.setStart(text, 0); range.setEnd(text, 1);
        line = Math.round(range.getBoundingClientRect().bottom);
    }
    const wide = [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest('table, pre')
                && !(e.closest('details:not([open])') && !e.closest('summary')))  // closed: not shown
        .map(e => e.tagName + '.' + e.className);
    const broken = [...document.querySelectorAll('a[href^="tel:"]')]
        .filter(a => a.getClientRects().length > 1).map(a => a.textContent);
    return {h1: Math.round(h1.getBoundingClientRect().top), line, scroll: document.documentElement.scrollWidth,
            width, wide: wide.slice(0, 5), broken};
}"""


def numbers_without_a_link(html: str) -> list[str]:
    """Phone numbers in the page's text that are not a tel: link (text inside another link, a page's
    title in a list, cannot also be one)."""
    from bs4 import BeautifulSoup

    from portal.data.phones import find_phones

    doc = BeautifulSoup(html, "html.parser")
    for element in doc.body.select("script, style, a[href]"):
        element.decompose()
    return [number.raw for text in doc.body.find_all(string=True) for number in find_phones(str(text))]


@pytest.mark.parametrize("code", CODES)
def test_every_kind_of_page_reads_on_a_phone_screen(browser, served_portal, code):
    context = browser.new_context(viewport={"width": 360, "height": 800}, device_scale_factor=1)
    page = context.new_page()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems, dialled = [], 0
    for kind, pattern in PHONE_KINDS.items():
        page.goto(f"{served_portal}/{pattern.format(code=code)}")
        found = page.evaluate(FIRST_SCREEN)
        if not (0 <= found["h1"] < 800 and found["line"] is not None and found["line"] <= 800):
            problems.append(f"{kind}: h1 at {found['h1']} px, first paragraph's first line ends at {found['line']}")
        if found["scroll"] > found["width"] or found["wide"]:
            problems.append(f"{kind}: wider than the screen: {found}")
        if found["broken"]:
            problems.append(f"{kind}: phone numbers broken across lines: {found['broken']}")
        unlinked = numbers_without_a_link(page.content())
        if unlinked:
            problems.append(f"{kind}: phone numbers without a tel: link: {unlinked}")
        dialled += page.locator('a[href^="tel:"]').count()
        page.screenshot(path=str(ARTIFACTS / f"{code}-{kind.replace(' ', '-')}-360.png"))
    page.goto(f"{served_portal}/{code}/settlement/emergency-help/")
    page.screenshot(path=str(ARTIFACTS / f"{code}-emergency-help-360.png"), full_page=True)
    sizes = page.evaluate("""() => [...document.querySelectorAll('.help-bar h2, .help-bar .name, main .content p')]
        .map(e => [e.tagName, parseFloat(getComputedStyle(e).fontSize), !!e.offsetParent])""")
    body = next(size for tag, size, _ in sizes if tag == "P")
    assert all(size >= body for tag, size, shown in sizes if tag != "P" and shown), \
        f"the help bar is smaller than the text: {sizes}"
    context.close()
    assert problems == [], "\n".join(problems)
    assert dialled > 50


def test_the_root_shows_every_language_and_the_emergency_numbers_on_the_first_screen(browser, served_portal):
    context = browser.new_context(viewport={"width": 360, "height": 800}, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{served_portal}/")
    bottoms = page.eval_on_selector_all(".language-list a", "links => links.map(a => a.getBoundingClientRect().bottom)")
    assert len(bottoms) == len(CODES) and max(bottoms) <= 800
    emergency = page.eval_on_selector_all(".emergency-numbers a", "links => links.map(a => [a.getAttribute('href'), "
                                                                   "a.getBoundingClientRect().bottom])")
    assert [href for href, _ in emergency] == ["tel:112", "tel:119"] and max(b for _, b in emergency) <= 800
    assert page.locator("h1").count() == 1 and page.locator("h2").count() == 0  # no list of names as a heading
    page.screenshot(path=str(ARTIFACTS / "root-chooser-360.png"))
    context.close()


@pytest.mark.parametrize("nearest", [False, True], ids=["github-pages", "netlify"])
def test_a_missing_address_at_any_depth_gets_a_styled_page_whose_links_work(browser, portal_output, nearest):
    from conftest import serve

    server, site = serve(portal_output, nearest=nearest)
    try:
        context = browser.new_context(viewport={"width": 360, "height": 800})
        page = context.new_page()
        for missing in ["vi/visas/old/", "vi/a/b/c/d/e/", "nothing-here.html", "ru/directory/gone/x.html"]:
            response = page.goto(f"{site}/{missing}")
            assert response.status == 404
            assert page.evaluate("() => getComputedStyle(document.body).fontFamily").startswith("system-ui"), \
                f"{missing}: not styled"
            links = page.eval_on_selector_all("a[href], link[href]", "ls => ls.map(l => l.href)")
            for link in {url.split("#")[0] for url in links if url.startswith(site)} - {page.url}:
                assert context.request.get(link).status == 200, f"{missing}: {link} does not resolve"
            headings = page.locator("main h1").inner_text()
            assert headings.strip()
        page.goto(f"{site}/vi/visas/old/")
        if nearest:  # the edition's own 404, in its language
            assert page.locator("html").get_attribute("lang") == "vi"
        else:  # the root's: "page not found" in every edition's language
            items = page.eval_on_selector_all(".not-found-list a", "ls => ls.map(a => a.lang)")
            assert items == ["ko", "en", "vi", "th", "km", "lo", "my", "zh-Hans", "ru", "uz-Latn", "mn", "fil"]
        context.close()
    finally:
        server.shutdown()


def test_html_is_valid_for_the_nu_checker(portal_output):
    java = shutil.which("java")
    assert java, "Java is needed for the Nu Html Checker (apt-get install default-jre-headless)"
    files = [portal_output / "index.html"]
    for code in ["ko", "th", "my", "ru"]:
        files += [portal_output / pattern.format(code=code).removesuffix("/") /
                  ("" if pattern.endswith(".html") else "index.html")
                  for pattern in PAGE_KINDS.values()]
    files = [str(f).removesuffix("/") for f in files]
    result = subprocess.run([java, "-jar", str(require(VNU)), "--errors-only", "--format", "json", *files],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').rsplit('/output/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m.get("type") == "error"]
    assert errors == [], "\n".join(errors[:20])


def test_an_edition_kept_offline_opens_and_searches_without_a_connection(browser, served_portal):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{served_portal}/vi/")
    page.click("[data-offline-store]")
    # the first tap says how much it downloads; the second downloads it
    page.wait_for_selector("[data-offline-confirm]:not([hidden])")
    assert " MB" in page.locator("[data-offline-status]").inner_text()
    page.click("[data-offline-confirm]")
    page.wait_for_function("() => !document.querySelector('[data-offline-remove]').hidden", timeout=60000)
    context.set_offline(True)
    page.goto(f"{served_portal}/vi/settlement/health-care/")
    assert page.locator("article h1").inner_text()
    assert page.locator("html").get_attribute("lang") == "vi"
    page.goto(f"{served_portal}/vi/directory/integration-center/")
    assert page.locator(".phones a").first.get_attribute("href") == "tel:+82-2-212-3456"
    page.goto(f"{served_portal}/vi/search/")
    page.locator("#site-search-input").press_sequentially("thị thực", delay=20)  # visa
    page.wait_for_selector(".search-list a.search-result", timeout=20000)
    context.set_offline(False)
    page.goto(f"{served_portal}/vi/")
    page.click("[data-offline-remove]")
    page.wait_for_function("() => !document.querySelector('[data-offline-store]').hidden")
    assert page.evaluate("() => caches.has('portal-vi')") is False
    context.close()


def test_quick_exit_leaves_without_a_way_back(browser, served_portal):
    context = browser.new_context()
    context.route("https://www.weather.go.kr/**", lambda route: route.fulfill(body="weather", status=200))
    page = context.new_page()
    page.goto(f"{served_portal}/en/")
    page.goto(f"{served_portal}/en/settlement/domestic-violence/")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_url("https://www.weather.go.kr/**")
    page.go_back()
    assert page.url == f"{served_portal}/en/", "the sensitive page must not be in the history"
    context.close()
    # on a phone (a touch screen, no keyboard) the hint says nothing about pressing Shift
    phone = browser.new_context(viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(f"{served_portal}/en/settlement/domestic-violence/")
    assert page.locator(".quick-exit-hint").is_visible()
    assert not page.locator(".keyboard-hint").is_visible()
    assert "Shift" not in page.locator(".quick-exit-hint").inner_text()
    phone.close()


def test_directory_filter_combines_language_and_city(browser, served_portal):
    page = browser.new_page()
    page.goto(f"{served_portal}/en/directory/")
    page.select_option("select[name=language]", "ru")
    page.select_option("select[name=city]", "ansan")
    visible = page.eval_on_selector_all(".points > .point:not([hidden]) h3 a",
                                        "links => links.map(a => a.getAttribute('href'))")
    assert sorted(visible) == ["../../en/directory/human-rights-center/",
                               "../../en/directory/listening-counselling-center/"]
    assert "2" in page.locator(".filter-count").inner_text()
    page.close()


@pytest.mark.parametrize("code,query", [("en", "visa"), ("th", "วีซ่า"), ("my", "ဗီဇာ"), ("ko", "비자")])
def test_no_accessibility_violations_with_search_results_open(browser, served_portal, axe_source, code, query):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{served_portal}/{code}/search/")
    page.fill("#site-search-input", query)
    page.wait_for_selector(".search-results a", timeout=20000)
    page.add_script_tag(content=axe_source)
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    context.close()
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []


def test_the_edition_zip_reads_in_a_browser_without_a_server(browser, portal_output, tmp_path):
    with zipfile.ZipFile(portal_output / "downloads" / "portal-lo.zip") as archive:
        archive.extractall(tmp_path)
    page = browser.new_page()
    page.goto((tmp_path / "lo" / "index.html").as_uri())
    page.click(".section-menu summary")
    page.click("nav.sections a >> nth=0")
    assert page.url.endswith("/index.html")
    assert page.locator("html").get_attribute("lang") == "lo"
    assert page.evaluate("() => getComputedStyle(document.body).fontFamily").startswith("system-ui")
    # search cannot fetch its index from a file: the form takes the reader to the A-Z index
    page.click('header a[href*="/search/"]')
    page.fill("form.site-search input[type=search]", "ວີຊາ")
    page.press("form.site-search input[type=search]", "Enter")
    page.wait_for_url("**/az/index.html*")
    assert page.locator("html").get_attribute("lang") == "lo"
    page.close()
