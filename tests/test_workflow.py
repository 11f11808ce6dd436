"""The editors' and translators' workflow, as a newcomer follows the README."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import parse, run_portal
from portal.catalogs import read_catalog
from portal.problems import ProblemLog


def set_translation(catalog: Path, msgid: str, msgstr: str) -> None:
    """What a translator does in Poedit: fill one msgstr."""
    text = catalog.read_text("utf-8")
    entry = f'msgid "{msgid}"\nmsgstr ""\n'
    assert entry in text, f"{msgid!r} is not untranslated in {catalog}"
    catalog.write_text(text.replace(entry, f'msgid "{msgid}"\nmsgstr "{msgstr}"\n'), "utf-8")


def read(catalog: Path):
    return read_catalog(catalog, ProblemLog())


def test_newcomer_flow_from_new_page_to_stale_translation(site_copy):
    settings = site_copy / "pelicanconf.py"
    run_portal(settings, "new", "guides/work", "--title", "일자리 안내",
               "--summary", "일자리를 찾는 방법입니다.")
    page = site_copy / "content/guides/work.md"
    page.write_text(page.read_text("utf-8") + "고용센터에 가세요.\n", "utf-8")

    assert "content/guides/work.pot" in run_portal(settings, "extract").stdout
    run_portal(settings, "update")
    catalog = site_copy / "translations/en/content/guides/work.po"
    set_translation(catalog, "일자리 안내", "Finding work")
    set_translation(catalog, "일자리를 찾는 방법입니다.", "How to find a job.")
    set_translation(catalog, "고용센터에 가세요.", "Go to the job center.")

    run_portal(settings, "build")
    doc = parse(site_copy / "output/en/guides/work/index.html")
    assert doc.select_one("article h1").get_text() == "Finding work"
    assert doc.select_one(".content p").get_text() == "Go to the job center."

    edited = page.read_text("utf-8").replace("고용센터에 가세요.", "가까운 고용센터에 가세요.")
    page.write_text(edited, "utf-8")
    run_portal(settings, "extract")
    run_portal(settings, "update")
    entry = read(catalog)["가까운 고용센터에 가세요."]
    assert entry.fuzzy and entry.string == "Go to the job center."
    assert entry.previous_id == ["고용센터에 가세요."]
    assert '#| msgid "고용센터에 가세요."' in catalog.read_text("utf-8")

    # Default policy: stale text is replaced along the chain, and the page says so.
    run_portal(settings, "build")
    doc = parse(site_copy / "output/en/guides/work/index.html")
    paragraph = doc.select_one(".content p")
    assert (paragraph.get_text(), paragraph["lang"]) == ("가까운 고용센터에 가세요.", "ko")
    assert doc.select_one("p.notice.partial") is not None

    # 'mark' policy: the stale translation is shown, marked, with a link to the original.
    text = settings.read_text("utf-8")
    settings.write_text(text.replace('{"code": "en", "locale": "en", "name": "English"}',
                                     '{"code": "en", "locale": "en", "name": "English", "stale": "mark"}'))
    run_portal(settings, "build")
    doc = parse(site_copy / "output/en/guides/work/index.html")
    paragraph = doc.select_one(".content p")
    assert paragraph.get_text() == "Go to the job center."
    assert "stale" in paragraph["class"] and not paragraph.has_attr("lang")
    notice = doc.select_one("p.stale-notice")
    assert notice.a["href"] == "../../../ko/guides/work/"
    assert notice.a["hreflang"] == "ko"

    status = run_portal(settings, "status", "--pages").stdout
    row = next(line for line in status.splitlines() if line.strip().startswith("guides/work.md"))
    assert row.split()[-1] == "2/1/0"
    data = json.loads(run_portal(settings, "status", "--json").stdout)
    counts = data["en"]["pages"]["guides/work.md"]["messages"]
    assert counts == {"translated": 2, "fuzzy": 1, "untranslated": 0}
    assert data["en"]["stale"][0]["previous"] == "고용센터에 가세요."


def test_status_min_fails_below_the_threshold(site_copy):
    settings = site_copy / "pelicanconf.py"
    data = json.loads(run_portal(settings, "status", "--json").stdout)
    assert data["en"]["percent"] == 100.0 and data["uz"]["percent"] < 10
    assert run_portal(settings, "status", "--min", "en=100").returncode == 0
    failed = run_portal(settings, "status", "--min", "90", check=False)
    assert failed.returncode == 1
    assert "uz:" in failed.stderr and "ru:" in failed.stderr and "en:" not in failed.stderr
    wrong = run_portal(settings, "status", "--min", "xx=5", check=False)
    assert wrong.returncode == 2 and "unknown language 'xx'" in wrong.stderr


def test_extract_is_stable_and_touches_only_the_edited_page(site_copy, monkeypatch):
    settings = site_copy / "pelicanconf.py"
    run_portal(settings, "extract")
    run_portal(settings, "update")  # the theme may be newer than the fixture's catalogs
    before = {p: p.read_bytes() for p in (site_copy / "translations").rglob("*.po*")}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")
    assert run_portal(settings, "extract").stdout.strip().endswith("0 written, 7 unchanged")
    school = site_copy / "content/guides/school.md"
    school.write_text(school.read_text("utf-8") + "\n새 문단입니다.\n", "utf-8")
    out = run_portal(settings, "extract").stdout
    assert out.splitlines()[0].endswith("translations/templates/content/guides/school.pot")
    assert out.strip().endswith("1 written, 6 unchanged")
    out = run_portal(settings, "update").stdout
    written = sorted(line.split("/translations/")[1]
                     for line in out.splitlines() if line.startswith("updated"))
    assert written == ["en/content/guides/school.po", "ru/content/guides/school.po",
                       "uz/content/guides/school.po"]
    after = {p: p.read_bytes() for p in (site_copy / "translations").rglob("*.po*")}
    changed = sorted(str(p.relative_to(site_copy)) for p in after if after[p] != before.get(p))
    assert changed == ["translations/en/content/guides/school.po", "translations/ru/content/guides/school.po",
                       "translations/templates/content/guides/school.pot",
                       "translations/uz/content/guides/school.po"]


def test_a_failed_update_changes_no_catalog(site_copy):
    settings = site_copy / "pelicanconf.py"
    school = site_copy / "content/guides/school.md"
    school.write_text(school.read_text("utf-8") + "\n새 문단입니다.\n", "utf-8")
    run_portal(settings, "extract")
    broken = site_copy / "translations/uz/content/guides/visa.po"
    broken.write_text(broken.read_text("utf-8").replace('msgstr "Viza haqida"', 'msgstr "Viza haqida'))
    before = {p: p.read_bytes() for p in (site_copy / "translations").rglob("*.po")}
    result = run_portal(settings, "update", check=False)
    assert result.returncode == 2
    assert "translations/uz/content/guides/visa.po" in result.stderr and "PO syntax error" in result.stderr
    assert {p: p.read_bytes() for p in (site_copy / "translations").rglob("*.po")} == before


def test_renamed_page_keeps_its_translations(site_copy):
    settings = site_copy / "pelicanconf.py"
    (site_copy / "content/guides/school.md").rename(site_copy / "content/guides/schools.md")
    visa = site_copy / "content/guides/visa.md"
    visa.write_text(visa.read_text("utf-8").replace("school.md#documents", "schools.md#documents"))
    run_portal(settings, "extract")
    run_portal(settings, "update")
    renamed = read(site_copy / "translations/ru/content/guides/schools.po")
    assert renamed["아이는 학교에 갈 수 있습니다."].string == "Дети могут ходить в школу."
    assert not renamed["아이는 학교에 갈 수 있습니다."].fuzzy
    old = read(site_copy / "translations/ru/content/guides/school.po")
    assert old.obsolete["아이는 학교에 갈 수 있습니다."].string == "Дети могут ходить в школу."


def test_new_refuses_an_existing_page_and_an_unknown_section(site_copy):
    settings = site_copy / "pelicanconf.py"
    exists = run_portal(settings, "new", "guides/visa", "--title", "x", check=False)
    assert exists.returncode == 2
    assert "content/guides/visa.md: error: the page already exists" in exists.stderr
    unknown = run_portal(settings, "new", "jobs/first", "--title", "x", check=False)
    assert unknown.returncode == 2 and "there is no section 'jobs'" in unknown.stderr


def test_new_page_in_a_feed_section_gets_a_date(site_copy):
    settings = site_copy / "pelicanconf.py"
    run_portal(settings, "new", "notices/meeting", "--title", "설명회")
    text = (site_copy / "content/notices/meeting.md").read_text("utf-8")
    assert text.startswith("---\ntitle: 설명회\nsummary: 설명회\ndate: ")
    run_portal(settings, "check")


def test_provenance_is_read_from_each_catalog_header(site_copy):
    settings = site_copy / "pelicanconf.py"
    catalog = site_copy / "translations/en/content/guides/visa.po"
    catalog.write_text(catalog.read_text("utf-8").replace("X-Portal-Provenance: draft",
                                                          "X-Portal-Provenance: reviewed"))
    run_portal(settings, "build")
    reviewed = parse(site_copy / "output/en/guides/visa/index.html")
    assert reviewed.select_one("footer .provenance") is None
    draft = parse(site_copy / "output/en/guides/school/index.html")
    assert "unreviewed draft" in draft.select_one("footer .provenance").get_text()
    assert draft.select_one("footer .provenance a")["href"] == "../../../ko/guides/school/"
