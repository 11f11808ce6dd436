"""Catalogs on disk: reading with clear errors, stable writing, merging without loss."""

from __future__ import annotations

import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURE_SITE, REPO
from portal.catalogs import PO_LINE, CatalogLayout, first_malformed_line, read_catalog, write_if_changed
from portal.languages import load_languages
from portal.problems import ProblemLog
from portal.workflow import merge, new_catalog, new_template, update

LANGUAGES = load_languages([{"code": "ko"}, {"code": "en"}, {"code": "my"}, {"code": "ru"}], "ko")


def template(*messages: str):
    catalog = new_template("content/page")
    for number, message in enumerate(messages, 1):
        catalog.add(message, locations=[("content/page.md", number)])
    return catalog


def test_provenance_header_survives_a_round_trip(tmp_path):
    catalog = new_catalog(template("안녕하세요"), LANGUAGES["en"], "content/page", provenance="reviewed")
    path = tmp_path / "en.po"
    write_if_changed(path, catalog)
    again = read_catalog(path, ProblemLog())
    assert again.provenance == "reviewed"
    assert 'X-Portal-Provenance: reviewed\\n"' in path.read_text()


def test_unclosed_quote_is_a_syntax_error_with_its_line(tmp_path):
    path = tmp_path / "bad.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "a"\nmsgstr "b\n')
    log = ProblemLog()
    assert read_catalog(path, log, "bad.po") is None
    assert str(log.problems[0]).startswith("bad.po:6: error: PO syntax error")


PO_PIECES = ["msgid ", "msgstr ", "msgstr[1] ", "msgctxt ", '"', '\\', "\\n", "a", "번역", " ", "\t", "#", "#:",
             "\u3000"]


@settings(deadline=None)
@given(st.lists(st.lists(st.sampled_from(PO_PIECES), max_size=8).map("".join), max_size=6))
def test_the_first_malformed_line_is_found_in_one_search_as_line_by_line(lines):
    """``first_malformed_line`` searches the whole text at once; the answer is the first line
    (cut at line feeds, as gettext cuts them) that is not a PO line on its own."""
    by_line = next((number for number, line in enumerate(lines, 1)
                    if not re.fullmatch(PO_LINE, line)), None)
    assert first_malformed_line("\n".join(lines)) == by_line


def test_babel_parse_error_is_reported_with_its_line(tmp_path):
    path = tmp_path / "bad.po"
    path.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgid "b"\nmsgstr "c"\n')
    log = ProblemLog()
    assert read_catalog(path, log, "bad.po") is None
    assert log.problems[0].path == "bad.po" and log.problems[0].line is not None


def test_a_date_only_change_is_not_written(tmp_path, monkeypatch):
    path = tmp_path / "page.pot"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert write_if_changed(path, template("하나"))
    first = path.read_bytes()
    assert b"2023-11-14 22:13+0000" in first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert not write_if_changed(path, template("하나"))
    assert path.read_bytes() == first
    assert write_if_changed(path, template("하나", "둘"))


def test_a_new_babel_release_does_not_rewrite_catalogs(tmp_path):
    path = tmp_path / "page.pot"
    assert write_if_changed(path, template("하나"))
    older = re.sub(rb"Generated-By: Babel [^\\]+", b"Generated-By: Babel 2.0", path.read_bytes())
    assert older != path.read_bytes()
    path.write_bytes(older)
    assert not write_if_changed(path, template("하나"))
    assert path.read_bytes() == older


def test_merge_keeps_every_translation():
    catalog = new_catalog(template("하나", "둘 셋 넷 다섯", "여섯"), LANGUAGES["en"], "content/page")
    catalog["하나"].string = "one"
    catalog["둘 셋 넷 다섯"].string = "two three four five"
    catalog["여섯"].string = "six"

    merge(catalog, template("하나", "둘 셋 넷 다섯 여섯 일곱"))
    changed = catalog["둘 셋 넷 다섯 여섯 일곱"]
    assert changed.fuzzy and changed.string == "two three four five"
    assert changed.previous_id == ["둘 셋 넷 다섯"]
    assert catalog.obsolete["여섯"].string == "six"

    merge(catalog, template("하나", "여섯"))  # the removed message comes back
    assert catalog["여섯"].string == "six" and not catalog["여섯"].fuzzy
    assert catalog["하나"].string == "one"


def test_update_twice_changes_nothing(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE / "translations", site / "translations")
    layout = CatalogLayout(site / "translations")
    fixture_languages = load_languages(
        [{"code": "ko"}, {"code": "en"}, {"code": "ru"}, {"code": "uz", "locale": "uz_Latn"}], "ko")
    log = ProblemLog()
    first = update(layout, fixture_languages, log)
    assert not log.problems
    assert first.written == []  # the committed fixture is already up to date
    before = {p: p.read_bytes() for p in layout.root.rglob("*.po")}
    second = update(layout, fixture_languages, log)
    assert second.written == []
    assert {p: p.read_bytes() for p in layout.root.rglob("*.po")} == before


def test_new_catalogs_use_cldr_plural_forms(tmp_path):
    catalog = new_catalog(template("하나"), LANGUAGES["my"], "content/page")
    path = tmp_path / "my.po"
    write_if_changed(path, catalog)
    with path.open("rb") as handle:
        assert read_po(handle).plural_forms == "nplurals=1; plural=(0);"


def all_catalogs() -> list[Path]:
    roots = [REPO / "translations", FIXTURE_SITE / "translations"]
    return sorted(p for root in roots for p in root.rglob("*.po*"))


def test_every_catalog_passes_gnu_msgfmt_check():
    """Every template and catalog of the sample portal and the fixture site, in one test:
    msgfmt checks one catalog per run (given several, it merges them into one), so it runs once
    per file, a few at a time, and the test names every file that fails, with msgfmt's words."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext's msgfmt is required (Debian package 'gettext'; `make test` installs it)"
    paths = all_catalogs()
    assert len(paths) > 100  # the sample's catalogs are all there

    def check(path: Path) -> str:
        result = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        return "" if result.returncode == 0 else f"{path.relative_to(REPO)}: {result.stderr.strip()}"

    with ThreadPoolExecutor(max_workers=4) as pool:
        failures = [failure for failure in pool.map(check, paths) if failure]
    assert not failures, "\n".join(failures)


def test_previous_msgid_survives_a_second_update(tmp_path):
    catalog = new_catalog(template("고용센터에 가세요."), LANGUAGES["en"], "content/page")
    catalog["고용센터에 가세요."].string = "Go to the job center."
    merge(catalog, template("가까운 고용센터에 가세요."))
    path = tmp_path / "en.po"
    write_if_changed(path, catalog)
    first = path.read_bytes()
    assert '#| msgid "고용센터에 가세요."'.encode() in first
    again = read_catalog(path, ProblemLog())
    assert again["가까운 고용센터에 가세요."].previous_id == ["고용센터에 가세요."]
    assert again["가까운 고용센터에 가세요."].user_comments == []
    merge(again, template("가까운 고용센터에 가세요."))
    assert not write_if_changed(path, again)  # a second update changes nothing
    assert path.read_bytes() == first


@pytest.mark.parametrize("comment", [
    '#| msgid "This translation is an unreviewed draft. Check important details with\n'
    '#| the original page."\n',  # Babel wraps the comment as text
    '#| msgid ""\n#| "This translation is an unreviewed draft. Check important details with "\n'
    '#| "the original page."\n',  # GNU gettext writes quoted continuation lines
])
def test_previous_msgid_is_read_however_it_was_wrapped(tmp_path, comment):
    path = tmp_path / "en.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\n#, fuzzy\n' + comment +
                    'msgid "New text."\nmsgstr "Old translation."\n', "utf-8")
    catalog = read_catalog(path, ProblemLog())
    assert catalog["New text."].previous_id == [
        "This translation is an unreviewed draft. Check important details with the original page."]


def test_long_previous_msgids_are_written_as_gnu_gettext_reads_them(tmp_path):
    old = "This translation is an unreviewed draft. Check important details with the Korean page."
    catalog = new_catalog(template(old), LANGUAGES["en"], "content/page")
    catalog[old].string = "Draft."
    merge(catalog, template(old.replace("Korean page", "original page")))
    path = tmp_path / "en.po"
    write_if_changed(path, catalog)
    assert ('#| msgid ""\n#| "This translation is an unreviewed draft. Check important details with the "\n'
            '#| "Korean page."\n') in path.read_text("utf-8")  # GNU's wrapping, prefixed
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert read_catalog(path, ProblemLog())[old.replace("Korean page", "original page")].previous_id == [old]


def test_obsolete_fuzzy_translation_stays_fuzzy(tmp_path):
    """Found by test_nothing_lost: Babel wrote obsolete entries without their flags."""
    catalog = new_catalog(template("학교 학교"), LANGUAGES["en"], "content/page")
    catalog["학교 학교"].string = "school"
    merge(catalog, template("학교 학교 학교"))  # fuzzy
    merge(catalog, template("다른 문장"))  # the fuzzy entry becomes obsolete
    path = tmp_path / "en.po"
    write_if_changed(path, catalog)
    assert '#, fuzzy\n#~ msgid "학교 학교 학교"\n#~ msgstr "school"' in path.read_text("utf-8")
    again = read_catalog(path, ProblemLog())
    assert again.obsolete["학교 학교 학교"].fuzzy
    merge(again, template("학교 학교 학교"))  # the message returns: still stale
    assert again["학교 학교 학교"].fuzzy and again["학교 학교 학교"].string == "school"
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
