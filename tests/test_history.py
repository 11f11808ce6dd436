"""The date in "parts of this page changed in the original on DATE", with and without Git."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from babel.dates import format_date

from conftest import parse, run_portal
from portal.catalogs import CatalogLayout
from portal.history import source_change_dates, template_date
from portal.problems import ProblemLog
from portal.site import Site

HEADER = 'msgid ""\nmsgstr ""\n"Project-Id-Version: migrant-portal 1\\n"\n"POT-Creation-Date: {date} 07:08+0000\\n"\n'


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def test_outside_git_a_page_without_modified_is_dated_by_its_template(tmp_path):
    content, translations = tmp_path / "content", tmp_path / "translations"
    write(content / "index.md", "---\ntitle: 홈\n---\n홈\n")
    write(content / "guides/index.md", "---\ntitle: 안내\n---\n")
    write(content / "guides/work.md", "---\ntitle: 일자리\n---\n고용센터에 가세요.\n")
    write(content / "guides/visa.md", "---\ntitle: 비자\nmodified: 2025-06-01\n---\n비자\n")
    write(content / "guides/new.md", "---\ntitle: 새 글\n---\n아직 추출하지 않았습니다.\n")
    write(translations / "templates/content/guides/work.pot", HEADER.format(date="2030-03-02"))
    write(translations / "templates/content/guides/visa.pot", HEADER.format(date="2030-03-02"))
    write(translations / "templates/content/guides/index.pot", HEADER.format(date="20xx-03-02"))
    assert subprocess.run(["git", "rev-parse"], cwd=content, capture_output=True).returncode != 0

    site = Site.read(content, ProblemLog())
    dates = source_change_dates(site, CatalogLayout(translations))
    assert dates["guides/work.md"] == dt.date(2030, 3, 2)  # the template's date
    assert dates["guides/visa.md"] == dt.date(2025, 6, 1)  # the editor's date wins
    assert "guides/new.md" not in dates  # no template yet: no date rather than a wrong one
    assert "guides/index.md" not in dates  # a template whose date does not read
    assert source_change_dates(site) == {"guides/visa.md": dt.date(2025, 6, 1)}


def test_template_date_of_a_missing_or_empty_file(tmp_path):
    assert template_date(tmp_path / "missing.pot") is None
    (tmp_path / "empty.pot").write_bytes(b"")
    assert template_date(tmp_path / "empty.pot") is None


def test_the_stale_notice_of_a_copied_site_says_when_the_original_changed(site_copy, monkeypatch):
    """A page without ``modified:`` in a folder that is no Git checkout still gets its date."""
    settings = site_copy / "pelicanconf.py"
    page = site_copy / "content/guides/school.md"
    source = page.read_text("utf-8")
    assert "modified:" not in source and "아이는 학교에 갈 수 있습니다." in source
    settings.write_text(settings.read_text("utf-8").replace(
        '{"code": "en", "locale": "en", "name": "English"}',
        '{"code": "en", "locale": "en", "name": "English", "stale": "mark"}'))
    page.write_text(source.replace("아이는 학교에", "아이는 누구나 학교에"), "utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2031, 4, 5, 6, tzinfo=dt.UTC).timestamp())))
    run_portal(settings, "extract")
    run_portal(settings, "update", "en")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    run_portal(settings, "build")
    notice = parse(site_copy / "output/en/guides/school/index.html").select_one("p.stale-notice")
    assert notice is not None
    assert f"on {format_date(dt.date(2031, 4, 5), 'long', locale='en')}." in notice.get_text()
