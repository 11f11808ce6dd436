"""Every page checked as a reader meets it, in a real headless Chromium.

axe-core (WCAG 2.2 AA) on every kind of page in every edition; a 360 px
wide phone screen where nothing may overflow sideways, in every script
(screenshots kept in artifacts/screenshots/); the Nu Html Checker on a
sample of every page kind; and the enhancements that need a browser:
offline reading through the service worker, the quick exit and the
directory filter.
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
    "404": "{code}/404.html",
}
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


@pytest.mark.parametrize("code", CODES)
def test_a_guide_fits_a_360_pixel_phone_screen(browser, served_portal, code):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    page = context.new_page()
    for route in [f"{code}/settlement/emergency-help/", f"{code}/consultation/centers/"]:
        page.goto(f"{served_portal}/{route}")
        overflow = page.evaluate("""() => {
            const width = document.documentElement.clientWidth;
            const wide = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest('table, pre'))
                .map(e => e.tagName + '.' + e.className);
            return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
        }""")
        assert overflow["scroll"] <= overflow["width"], f"{route}: {overflow}"
        assert overflow["wide"] == [], f"{route}: {overflow}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{served_portal}/{code}/settlement/emergency-help/")
    page.screenshot(path=str(ARTIFACTS / f"{code}-emergency-help-360.png"), full_page=True)
    context.close()


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


def test_an_edition_kept_offline_opens_without_a_connection(browser, served_portal):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{served_portal}/vi/")
    page.click("[data-offline-store]")
    page.wait_for_function("() => !document.querySelector('[data-offline-remove]').hidden", timeout=60000)
    context.set_offline(True)
    page.goto(f"{served_portal}/vi/settlement/health-care/")
    assert page.locator("article h1").inner_text()
    assert page.locator("html").get_attribute("lang") == "vi"
    page.goto(f"{served_portal}/vi/directory/integration-center/")
    assert page.locator(".phones a").first.get_attribute("href") == "tel:+82-31-000-0001"
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
    page.goto(f"{served_portal}/{code}/")
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
    page.click("nav.sections a >> nth=0")
    assert page.url.endswith("/index.html")
    assert page.locator("html").get_attribute("lang") == "lo"
    assert page.evaluate("() => getComputedStyle(document.body).fontFamily").startswith("system-ui")
    # search cannot fetch its index from a file: the form takes the reader to the A-Z index
    page.fill("form.site-search input[type=search]", "ວີຊາ")
    page.press("form.site-search input[type=search]", "Enter")
    page.wait_for_url("**/az/index.html*")
    assert page.locator("html").get_attribute("lang") == "lo"
    page.close()
