"""Hostile and careless catalogs and markup, fed to a copy of the fixture site.

One test per class of input: theme catalogs (markup, quotes, placeholders,
plural forms), links and images in translations and in the source, bidi
controls, catalog files of every odd shape (one named fixture catalog each,
in tests/fixtures/catalogs/, as Sphinx's test-intl roots), ``portal update``
killed part-way, and a page built from a hostile theme catalog in
Chromium. Each asserts the exit code and the file:line of the message, and
where the build succeeds, that the parsed output holds nothing of the
payload.
"""

from __future__ import annotations

import functools
import http.server
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from conftest import FIXTURE_SITE, REPO, parse, run_portal
from portal.catalogs import read_catalog
from portal.problems import ProblemLog

CATALOGS = Path(__file__).parent / "fixtures" / "catalogs"
RLO, LRI, PDI = "\u202e", "\u2066", "\u2069"


def po_quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def set_msgstr(catalog: Path, msgid: str, msgstr: str, flags: str = "") -> int:
    """Give ``msgid`` the translation ``msgstr`` (appending the entry if it is missing);
    return the line of its msgid, as the build reports it."""
    text = catalog.read_text("utf-8")
    entry = re.compile(rf'^msgid "{re.escape(po_quote(msgid))}"\nmsgstr ".*"$', re.M)
    replacement = f'msgid "{po_quote(msgid)}"\nmsgstr "{po_quote(msgstr)}"'
    if entry.search(text):
        text = entry.sub(lambda _: replacement, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + (f"#, {flags}\n" if flags else "") + replacement + "\n"
    catalog.write_text(text, "utf-8")
    return msgid_line(catalog, msgid)


def msgid_line(catalog: Path, msgid: str) -> int:
    lines = catalog.read_text("utf-8").splitlines()
    return lines.index(f'msgid "{po_quote(msgid)}"') + 1


def source_line(path: Path, needle: str) -> int:
    return next(number for number, line in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in line)


def all_pages(output: Path, *codes: str) -> list[Path]:
    return sorted(page for code in codes for page in (output / code).rglob("*.html"))


def attributes_of(doc: BeautifulSoup) -> set[str]:
    return {name for element in doc.find_all(True) for name in element.attrs}


def build(site: Path, *args: str) -> subprocess.CompletedProcess:
    return run_portal(site / "pelicanconf.py", "build", *args, check=False)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def refresh_catalogs(site: Path) -> None:
    run_portal(site / "pelicanconf.py", "extract")
    run_portal(site / "pelicanconf.py", "update")


# -- theme catalogs --------------------------------------------------------------

META_REFRESH = '<meta http-equiv="refresh" content="0;url=https://evil.example/">Перейти к содержанию'
QUOTE_BREAKOUT = 'Найдено: %(count)s" autofocus onfocus="location=\'https://evil.example/\'" x="'
LOOK_ALIKE = ('Уходите быстро. <a class="quick-exit-button" href="https://evil.example/" data-quick-exit>'
              'Exit this page</a>')
QUICK_EXIT_HINT = "Leave quickly: this opens another website. Pressing Shift three times does the same."


def test_markup_in_a_theme_catalog_is_refused_with_its_line(site_copy):
    theme = site_copy / "translations/ru/theme.po"
    refresh = set_msgstr(theme, "Skip to content", META_REFRESH)
    link = set_msgstr(theme, QUICK_EXIT_HINT, LOOK_ALIKE)
    entity = set_msgstr(theme, "Search this site", "Поиск&nbsp;по сайту")
    result = build(site_copy)
    assert result.returncode == 2
    err = result.stderr
    assert f"translations/ru/theme.po:{refresh}: error: translation contains HTML (<meta>)" in err
    assert f"translations/ru/theme.po:{link}: error: translation contains HTML (<a>, </a>)" in err
    assert f"translations/ru/theme.po:{entity}: error: translation contains HTML (&nbsp;)" in err
    assert "Traceback" not in err
    assert not (site_copy / "output").exists()
    check = run_portal(site_copy / "pelicanconf.py", "check", check=False)
    assert check.returncode == 2 and f"translations/ru/theme.po:{refresh}: error:" in check.stderr


def test_theme_text_is_escaped_in_every_edition_whose_chain_reaches_it(site_copy):
    """uz falls back to ru: a quote typed in the Russian catalog reaches Uzbek pages as text."""
    theme = site_copy / "translations/ru/theme.po"
    set_msgstr(theme, "Results: %(count)s", QUOTE_BREAKOUT, flags="python-format")
    set_msgstr(theme, "Search this site", "Поиск & <подсказка> \"в кавычках\" 100%%")
    with (site_copy / "translations/uz/theme.po").open("rb") as stream:
        assert not read_po(stream).get("Results: %(count)s").string  # uz shows ru's
    result = build(site_copy)
    assert result.returncode == 0, result.stderr
    for page in all_pages(site_copy / "output", "ru", "uz"):
        doc = parse(page)
        assert not attributes_of(doc) & {"onfocus", "x"}, page
        # the search page's own field is the only one focused on arrival
        assert [element.get("id") for element in doc.select("[autofocus]")] in ([], ["site-search-input"]), page
        form = doc.select_one("form.site-search")
        if form is None:
            continue
        assert form["data-msg-count"] == QUOTE_BREAKOUT.replace("%(count)s", "{count}")
        assert form.select_one("label").get_text() == 'Поиск & <подсказка> "в кавычках" 100%'
        assert doc.find("подсказка") is None


def test_theme_placeholders_and_plural_forms_are_checked_like_the_msgid(site_copy):
    theme = site_copy / "translations/ru/theme.po"
    cases = {
        set_msgstr(theme, "Results: %(count)s", "Найдено: %(evil)s", "python-format"):
            "translation's placeholders differ from the msgid's: missing %(count)s; added %(evil)s",
        set_msgstr(theme, "Published on %(date)s", "Опубликовано", "python-format"):
            "translation's placeholders differ from the msgid's: missing %(date)s",
        set_msgstr(theme, "Updated on %(date)s", "Обновлено %s", "python-format"):
            "translation has a % that is no placeholder of the msgid ('%s')",
        set_msgstr(theme, "Help by phone", "Помощь на 100%"):
            "translation has a % that is no placeholder of the msgid ('%')",
        set_msgstr(theme, "Last checked on %(date)s", "Проверено %(date)d", "python-format"):
            "missing %(date)s; added %(date)d",
    }
    text = theme.read_text("utf-8")
    text = text.replace('msgstr[2] "%(num)s страниц в разделе"', 'msgstr[2] "%(count)s страниц в разделе"')
    text = text.replace('msgstr[3] "%(num)s страницы в разделе"', 'msgstr[3] ""')
    theme.write_text(text, "utf-8")
    plural = msgid_line(theme, "%(num)s page in this section")
    result = build(site_copy)
    assert result.returncode == 2
    for line, message in cases.items():
        assert re.search(rf"translations/ru/theme\.po:{line}: error: .*{re.escape(message)}", result.stderr), message
    assert (f"translations/ru/theme.po:{plural}: error: plural form 2 (msgstr[2])'s placeholders differ from "
            "the msgid's: missing %(num)s; added %(count)s") in result.stderr
    assert (f"translations/ru/theme.po:{plural}: error: plural form 3 (msgstr[3]) is empty while other "
            "forms are filled") in result.stderr
    assert result.stderr.count("hint:") == result.stderr.count("error:")
    assert "Traceback" not in result.stderr


# -- links and images in translations ----------------------------------------------

LINKED_SOURCE = """
[하이코리아][hikorea]에서 신청하세요.

[정부24][gov]에서 확인하세요.

[hikorea]: https://www.hikorea.go.kr
[gov]: https://www.gov.kr
"""


def test_every_link_and_image_of_a_translation_needs_its_counterpart_in_the_source(site_copy):
    append(site_copy / "content/guides/visa.md", LINKED_SOURCE)
    refresh_catalogs(site_copy)
    catalog = site_copy / "translations/en/content/guides/visa.po"
    refused = {
        set_msgstr(catalog, "비자는 *체류 자격*입니다. [학교 안내](school.md#documents)를 보세요.",
                   "A visa is a *status*. See the [school guide](school.md#documents) or <https://evil.example/>."):
            "translation adds a link to 'https://evil.example/', which its source does not have",
        set_msgstr(catalog, "여권", "Passport, see [the ministry][gov]"):
            "translation adds a link to 'https://www.gov.kr', which its source does not have",
        set_msgstr(catalog, "사진", "Photo ![x](https://evil.example/t.png)"):
            "translation adds an image 'https://evil.example/t.png', which its source does not have",
        set_msgstr(catalog, "번호", "Number [x](\\\\\\\\evil.example/)"):  # Markdown for \\evil.example
            "translation links to '\\\\evil.example/', which does not exist",
        set_msgstr(catalog, "설명", "What [mail us](mailto:evil@evil.example)"):
            "translation adds a link to 'mailto:evil@evil.example', which its source does not have",
        set_msgstr(catalog, "출입국 상담", 'Immigration <a href="https://evil.example/">help</a>'):
            "translation adds raw HTML (a)",
    }
    # the counterpart of a reference link may be written inline: same target
    set_msgstr(catalog, "[하이코리아][hikorea]에서 신청하세요.", "Apply at [HiKorea](https://www.hikorea.go.kr).")
    result = build(site_copy)
    assert result.returncode == 2
    for line, message in refused.items():
        assert f"translations/en/content/guides/visa.po:{line}: error: {message}" in result.stderr, message
    assert "HiKorea" not in result.stderr
    assert not (site_copy / "output").exists()


def test_allowed_hosts_let_a_translation_link_to_its_own_language_page(site_copy):
    settings = site_copy / "pelicanconf.py"
    append(settings, '\nPORTAL_ALLOWED_LINK_HOSTS = ["hikorea.go.kr"]\n')
    append(site_copy / "content/guides/visa.md", LINKED_SOURCE)
    refresh_catalogs(site_copy)
    catalog = site_copy / "translations/en/content/guides/visa.po"
    set_msgstr(catalog, "[하이코리아][hikorea]에서 신청하세요.", "Apply at [HiKorea](https://www.hikorea.go.kr/en/).")
    set_msgstr(catalog, "여권", "Passport (see [HiKorea](https://www.hikorea.go.kr/passport))")
    result = build(site_copy)
    assert result.returncode == 0, result.stderr
    assert run_portal(settings, "check").stdout.strip() == "no problems found"
    doc = parse(site_copy / "output/en/guides/visa/index.html")
    links = {a["href"]: a.get("rel") for a in doc.select(".content a")}
    assert links["https://www.hikorea.go.kr/en/"] == ["noopener", "noreferrer"]
    assert links["https://www.hikorea.go.kr/passport"] == ["noopener", "noreferrer"]
    assert links["https://www.gov.kr"] == ["noopener", "noreferrer"]  # untranslated: the source's link
    assert links["../school/#documents"] is None  # links within the site keep no rel
    source_page = parse(site_copy / "output/ko/guides/visa/index.html")
    source = {a["href"]: a.get("rel") for a in source_page.select(".content a")}
    assert source["https://www.hikorea.go.kr"] == ["noopener", "noreferrer"]
    # a site not on the list stays refused
    set_msgstr(catalog, "사진", "Photo, see [this](https://www.other.example/)")
    assert "translation adds a link to 'https://www.other.example/'" in build(site_copy).stderr


# -- the source --------------------------------------------------------------------

def test_images_and_media_of_the_source_must_be_files_of_the_site(site_copy):
    page = site_copy / "content/guides/school.md"
    append(page, """
<img src="https://other.example/block.png" alt="블록">

지도를 보세요: ![지도](https://other.example/map.png)

![그림][pic]

<video src="//other.example/v.mp4"></video>

<a href="https://other.example/raw">저기</a>에 물어보세요.

![없는 그림](../images/none.png)

[pic]: http://other.example/ref.png
""")
    result = build(site_copy)
    assert result.returncode == 2
    err = result.stderr
    for needle, message in [
        ("block.png", "image 'https://other.example/block.png' is not a file of this site"),
        ("map.png", "image 'https://other.example/map.png' is not a file of this site"),
        ("ref.png", "image 'http://other.example/ref.png' is not a file of this site"),
        ("v.mp4", "image '//other.example/v.mp4' is not a file of this site"),
        ("other.example/raw", 'link to another site written as HTML (<a href="https://other.example/raw">)'),
        ("none.png", "image '../images/none.png', which does not exist"),
    ]:
        assert f"content/guides/school.md:{source_line(page, needle)}: error: {message}" in err, message
    assert err.count("hint:") == err.count("error:")


# -- bidi controls --------------------------------------------------------------------

HELPLINE = """- number: "1345"
  name: 외국인 종합 안내 센터
  description: 체류와 비자를 여러 언어로 상담합니다.
  languages: [ko, en, ru]
"""


def test_bidi_controls_are_refused_in_source_translations_data_and_theme(site_copy):
    (site_copy / "content/data").mkdir()
    (site_copy / "content/data/helplines.yml").write_text(HELPLINE, "utf-8")
    refresh_catalogs(site_copy)
    en = site_copy / "translations/en"
    translated = {
        ("content/guides/visa.po", set_msgstr(en / "content/guides/visa.po", "여권", f"Pass{RLO}tropssaP")),
        ("content/data/helplines.po", set_msgstr(en / "content/data/helplines.po", "외국인 종합 안내 센터",
                                                 f"{LRI}Immigration contact center{PDI}")),
        ("theme.po", set_msgstr(en / "theme.po", "Skip to content", f"Skip{RLO} to content")),
    }
    school = site_copy / "content/guides/school.md"
    school.write_text(school.read_text("utf-8").replace("title: 학교 안내", f"title: 학교{RLO} 안내")
                      .replace("## 서류", f"## 서{LRI}류{PDI}").replace("등록 서류를", f"등록 {RLO}서류를"), "utf-8")
    data = site_copy / "content/data/helplines.yml"
    data.write_text(HELPLINE.replace("상담합니다", f"상담{RLO}합니다"), "utf-8")
    result = build(site_copy)
    assert result.returncode == 2
    err = result.stderr
    for path, line in translated:
        where = f"translations/en/{path}:{line}"
        assert re.search(rf"{re.escape(where)}: error: .*invisible text-direction controls", err), where
    assert ("content/guides/school.md:2: error: front matter 'title' contains invisible text-direction controls "
            "(U+202E RIGHT-TO-LEFT OVERRIDE)") in err
    heading, body = source_line(school, "## 서"), source_line(school, "등록")
    assert f"content/guides/school.md:{heading}: error: the text contains invisible text-direction controls " \
           "(U+2066 LEFT-TO-RIGHT ISOLATE, U+2069 POP DIRECTIONAL ISOLATE)" in err
    assert f"content/guides/school.md:{body}: error: the text contains invisible text-direction controls" in err
    assert "content/data/helplines.yml:3: error: the text contains invisible text-direction controls" in err


def test_joiners_and_direction_marks_are_left_alone(site_copy):
    """Khmer, Burmese and Thai text use ZWSP, ZWNJ and ZWJ; right-to-left text needs LRM/RLM."""
    text = "Pass\u200bport\u200c\u200d \u200e(ID)\u200f"
    set_msgstr(site_copy / "translations/en/content/guides/visa.po", "여권", text)
    result = build(site_copy)
    assert result.returncode == 0, result.stderr
    assert text in parse(site_copy / "output/en/guides/visa/index.html").select_one(".content ul li").get_text()


# -- catalog files of every shape (one named fixture each) ------------------------------

RU_VISA = "translations/ru/content/guides/visa.po"


def use_catalog(site: Path, fixture: str, target: str = RU_VISA) -> Path:
    path = site / target
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CATALOGS / fixture, path)
    return path


def translations_of(path: Path) -> set[str]:
    catalog = read_catalog(path, ProblemLog())
    assert catalog is not None, path
    return {message.string for message in [*catalog, *catalog.obsolete.values()]
            if message.id and isinstance(message.string, str) and message.string}


def test_crlf_line_endings_are_read_and_kept(site_copy):
    path = use_catalog(site_copy, "crlf-line-endings.po")
    before = translations_of(path)
    assert build(site_copy).returncode == 0
    doc = parse(site_copy / "output/ru/guides/visa/index.html")
    assert doc.select_one(".content ul li").get_text() == "Паспорт"
    assert run_portal(site_copy / "pelicanconf.py", "check").returncode == 0
    run_portal(site_copy / "pelicanconf.py", "update")
    # brought to GNU's canonical form (LF line endings), no message changed
    assert translations_of(path) == before and b"\r\n" not in path.read_bytes()
    data = path.read_bytes()
    run_portal(site_copy / "pelicanconf.py", "update")
    assert path.read_bytes() == data  # in canonical form: not rewritten again


@pytest.mark.parametrize("fixture,target,line,message", [
    ("utf8-bom.po", RU_VISA, 1, "the file starts with a byte-order mark (BOM)"),
    ("charset-latin1-declared.po", RU_VISA, 15, "the header declares charset=iso-8859-1, but the file is UTF-8"),
    ("latin1-bytes.po", "translations/en/content/guides/visa.po", None, "the file is not UTF-8 (byte 0xE9"),
    ("duplicate-msgid.po", RU_VISA, None, "a second entry for the msgid at line"),
    ("theme-wrong-plural-count.po", "translations/ru/theme.po", 13,
     "the Plural-Forms header gives 2 plural forms; Русский has 4 (CLDR)"),
])
def test_a_malformed_catalog_stops_the_build_and_update_with_its_line(site_copy, fixture, target, line, message):
    path = use_catalog(site_copy, fixture, target)
    data = path.read_bytes()
    if line is None:  # the line of the offending bytes: the last entry, or the latin-1 byte
        line = data[:data.rindex(b"\xe9") if b"\xe9" in data else data.rindex(b"msgid")].count(b"\n") + 1
    result = build(site_copy)
    assert result.returncode == 2
    assert f"{target}:{line}: error: {message}" in result.stderr
    assert "Traceback" not in result.stderr and not (site_copy / "output").exists()
    if "theme" not in fixture:  # update reads every catalog first: one bad file, nothing written
        before = {p: p.read_bytes() for p in (site_copy / "translations").rglob("*.po")}
        append(site_copy / "content/guides/school.md", "\n새 문단입니다.\n")
        run_portal(site_copy / "pelicanconf.py", "extract")
        updated = run_portal(site_copy / "pelicanconf.py", "update", check=False)
        assert updated.returncode == 2 and f"{line}: error: {message}" in updated.stderr
        assert {p: p.read_bytes() for p in (site_copy / "translations").rglob("*.po")} == before


def test_a_plural_entry_in_a_page_catalog_is_reported_by_check(site_copy):
    path = use_catalog(site_copy, "plural-in-page-catalog.po")
    line = msgid_line(path, "여권")
    assert build(site_copy).returncode == 0  # never shown: the reader gets the fallback
    item = parse(site_copy / "output/ru/guides/visa/index.html").select_one(".content ul li")
    assert (item.get_text(), item.get("lang")) == ("Passport", "en")  # ru falls back to en
    result = run_portal(site_copy / "pelicanconf.py", "check", check=False)
    assert result.returncode == 2
    assert f"{RU_VISA}:{line}: error: plural entry (msgid_plural) in a page catalog" in result.stderr


def test_a_catalog_whose_page_is_gone_is_a_warning_and_update_keeps_it_obsolete(site_copy):
    path = use_catalog(site_copy, "page-gone.po", "translations/ru/content/guides/gone.po")
    before = translations_of(path)
    assert build(site_copy).returncode == 0
    check = run_portal(site_copy / "pelicanconf.py", "check")
    assert ("translations/ru/content/guides/gone.po: warning: catalog of content/guides/gone.md, which no "
            "longer exists") in check.stderr
    run_portal(site_copy / "pelicanconf.py", "update")
    catalog = read_catalog(path, ProblemLog())
    assert [m.id for m in catalog if m.id] == [] and translations_of(path) == before
    assert "warning" not in run_portal(site_copy / "pelicanconf.py", "check").stderr


def test_babel_catalog_check_runs_on_catalogs_the_build_does_not_read(site_copy):
    path = use_catalog(site_copy, "page-gone.po", "translations/ru/content/guides/gone.po")
    line = set_msgstr(path, "값: %(value)s", "Значение: %(other)s", flags="python-format")
    result = run_portal(site_copy / "pelicanconf.py", "check", check=False)
    assert result.returncode == 2
    assert (f"translations/ru/content/guides/gone.po:{line}: error: Babel: unknown named placeholder "
            "'other'") in result.stderr


# -- portal update killed part-way -------------------------------------------------------

def sample_copy(site: Path) -> Path:
    """The sample portal (43 pages, 12 languages), with sources changed so that update has work."""
    site.mkdir(parents=True)
    for name in ("content", "translations", "theme"):
        shutil.copytree(REPO / name, site / name)
    shutil.copy(REPO / "pelicanconf.py", site)
    pages = sorted((site / "content").glob("*/*.md"))
    for number, page in enumerate(pages):
        text = page.read_text("utf-8")
        if number % 3 == 0:  # a changed paragraph: its translation must stay, as fuzzy
            text = text.replace("다.\n", "다!\n", 1)
        page.write_text(text + "\n새로 덧붙인 문단입니다.\n", "utf-8")
    pages[1].rename(pages[1].with_name("renamed-page.md"))  # its catalog is kept as obsolete
    return site


def all_translations(translations: Path, codes: list[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {code: set() for code in codes}
    for code in codes:
        for path in (translations / code).rglob("*.po"):
            found[code] |= translations_of(path)
    return found


def staged(translations: Path) -> list[Path]:
    return list(translations.rglob(".*.tmp"))


def test_update_killed_at_any_point_leaves_valid_catalogs_and_loses_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    site, reference = sample_copy(tmp_path / "killed"), tmp_path / "whole"
    codes = ["en", "ru"]
    run_portal(site / "pelicanconf.py", "extract")
    shutil.copytree(site, reference)
    translations = site / "translations"
    before = all_translations(translations, codes)
    command = [sys.executable, "-m", "portal", "--settings", str(site / "pelicanconf.py"), "update", *codes]
    rng = random.Random(14)
    kills = [("staged", 1), ("staged", 30)] + [("seconds", rng.uniform(0.2, 2.0)) for _ in range(3)]
    for kind, when in kills:
        process = subprocess.Popen(command, cwd=site, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started, killed = time.monotonic(), False
        while process.poll() is None:  # SIGKILL once `when` catalogs are staged, or after `when` seconds
            if (len(staged(translations)) >= when) if kind == "staged" else (time.monotonic() - started >= when):
                os.kill(process.pid, signal.SIGKILL)
                killed = True
                break
            time.sleep(0.002)
        process.wait()
        assert killed or kind == "seconds", "update finished before it was killed while staging"
        for path in translations.rglob("*.po"):
            assert read_catalog(path, ProblemLog()) is not None, f"{path} is damaged ({when} {kind})"
        after = all_translations(translations, codes)
        for code in codes:
            assert before[code] <= after[code], f"{code}: translations lost after a kill ({when} {kind})"
    run_portal(site / "pelicanconf.py", "update", *codes)
    run_portal(reference / "pelicanconf.py", "update", *codes)
    assert staged(translations) == []  # the killed runs' temporary files are gone
    assert all_translations(translations, codes) == all_translations(reference / "translations", codes)
    catalogs = sorted(p.relative_to(translations) for p in translations.rglob("*.po"))
    expected = reference / "translations"
    assert catalogs == sorted(p.relative_to(expected) for p in expected.rglob("*.po"))
    for relative in catalogs:  # as if never interrupted
        assert (translations / relative).read_bytes() == (expected / relative).read_bytes(), relative


# -- in a browser ----------------------------------------------------------------------

# Builds with the theme check switched off, to hold the renderer to its own promise: even a
# catalog the check would refuse can only put text on the page.
UNCHECKED_BUILD = ("import sys, portal.editions as editions; editions.theme_catalog_problems = lambda *a: []; "
                   "from portal.cli import main; sys.exit(main(sys.argv[1:]))")


@pytest.fixture(scope="module")
def hostile_theme_site(tmp_path_factory):
    site_copy = tmp_path_factory.mktemp("hostile") / "site"
    shutil.copytree(FIXTURE_SITE, site_copy, ignore=shutil.ignore_patterns("output", "__pycache__"))
    school = site_copy / "content/guides/school.md"
    school.write_text(school.read_text("utf-8").replace("title: 학교 안내", "title: 학교 안내\nsensitive: true"),
                      "utf-8")
    theme = site_copy / "translations/ru/theme.po"
    set_msgstr(theme, "Skip to content", META_REFRESH)
    set_msgstr(theme, "Results: %(count)s", QUOTE_BREAKOUT, flags="python-format")
    set_msgstr(theme, QUICK_EXIT_HINT, LOOK_ALIKE)
    assert build(site_copy).returncode == 2  # the build proper refuses this catalog
    result = subprocess.run([sys.executable, "-c", UNCHECKED_BUILD, "--settings", str(site_copy / "pelicanconf.py"),
                             "build"], cwd=site_copy, capture_output=True, text=True, env=os.environ.copy())
    assert result.returncode == 0, result.stderr
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Quiet, directory=str(site_copy / "output")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.mark.parametrize("code", ["ru", "uz"])  # uz: through its fallback chain
def test_a_hostile_theme_catalog_cannot_navigate_request_or_add_controls(browser, hostile_theme_site, code):
    context = browser.new_context()  # no CSP bypass, and no security headers from this server
    offsite: list[str] = []

    def only_local(route):
        if route.request.url.startswith(hostile_theme_site + "/"):
            route.continue_()
        else:
            offsite.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    navigations: list[str] = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)
    url = f"{hostile_theme_site}/{code}/guides/school/"
    page.goto(url)
    page.wait_for_timeout(1500)  # a refresh of 0 seconds would have gone by now
    assert page.url == url and navigations == [url]
    assert page.locator("[data-quick-exit]").count() == 1
    assert page.get_by_role("link", name="Exit this page").count() == 1
    assert page.locator("meta[http-equiv=refresh i]").count() == 0
    assert page.evaluate("() => document.querySelectorAll('[onfocus], [autofocus]').length") == 0
    assert "http-equiv" in page.locator(".skip-link").text_content()  # the payload, as letters
    search = f"{hostile_theme_site}/{code}/search/"  # the form whose texts carry the quote
    page.goto(search)
    page.focus("#site-search-input")
    page.wait_for_timeout(1500)
    assert page.url == search and navigations == [url, search]
    assert page.evaluate("() => document.querySelectorAll('[onfocus]').length") == 0
    assert page.evaluate("() => [...document.querySelectorAll('[autofocus]')].map(e => e.id)") == [
        "site-search-input"]  # the search page's own field, nothing the payload added
    assert offsite == []
    context.close()
