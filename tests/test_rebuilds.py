"""Rebuilds: what a build after a small change (or none) rewrites, and that it is still right.

Every rebuild here is compared byte for byte with a full build of the same
inputs into another folder (``build --full``): reusing the previous
output must never change what is published. "Rewritten" means a file got
a new inode or modification time, which is what rsync, a CDN or a reader's
service worker notice.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from pelican.settings import read_settings

from conftest import REPO, run_portal
from portal.buildcache import (
    BuildCache,
    FileDigests,
    PreviousOutput,
    digest,
    file_digest,
    output_listing,
    relative_files,
    tree_digest,
)
from portal.checks import TranslationChecks
from portal.cli import load_settings
from portal.editions import EditionRenderer
from portal.offline import write_edition_zip
from portal.problems import PortalError
from portal.project import Known, prepare
from portal_pelican.build import build, environment_key, keep_unchanged, swap_in
from portal_pelican.memo import BuildMemo
from portal_pelican.reuse import EditionKeys, keep_inputs, known_inputs, site_key

EDITIONS = ("ko", "en", "ru", "uz")


def states(output: Path) -> dict[str, tuple[int, int, int]]:
    found = {}
    for path in output.rglob("*"):
        if path.is_file():
            stat = path.stat()
            found[path.relative_to(output).as_posix()] = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    return found


def rewritten(before: dict, after: dict) -> set[str]:
    return {name for name in after if before.get(name) != after[name]} | (before.keys() - after.keys())


def contents(output: Path) -> dict[str, bytes]:
    return {path.relative_to(output).as_posix(): path.read_bytes() for path in output.rglob("*") if path.is_file()}


def assert_same_as_full_build(settings: Path, output: Path, tmp_path: Path) -> None:
    full = tmp_path / "full-output"
    run_portal(settings, "build", "--full", "--output", str(full))
    expected, actual = contents(full), contents(output)
    assert sorted(actual) == sorted(expected)
    assert [name for name in expected if expected[name] != actual[name]] == []


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def built(site_copy: Path, monkeypatch) -> tuple[Path, Path]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    settings = site_copy / "pelicanconf.py"
    run_portal(settings, "build")
    return settings, site_copy / "output"


def test_a_rebuild_with_nothing_changed_writes_nothing(built):
    settings, output = built
    before = states(output)
    result = run_portal(settings, "build")
    assert "up to date" in result.stdout + result.stderr
    assert rewritten(before, states(output)) == set()


def test_editing_a_page_rewrites_that_page_in_every_edition_and_the_search_files(built, tmp_path):
    settings, output = built
    before = states(output)
    page = settings.parent / "content/guides/visa.md"
    replace_in(page, "꼭 확인하세요", "꼭 다시 확인하세요")
    run_portal(settings, "build")
    changed = rewritten(before, states(output))
    for code in EDITIONS:
        assert f"{code}/guides/visa/index.html" in changed
        assert f"{code}/guides/visa/counter.html" in changed
        assert f"{code}/guides/school/index.html" not in changed
        assert f"{code}/guides/school/counter.html" not in changed
        assert f"{code}/index.html" not in changed
    pages = {name for name in changed if name.endswith(".html") and not name.startswith("status/")}
    # (the A-Z pages list titles and headings, which this edit leaves as they were)
    assert pages == {f"{code}/guides/visa/{name}" for code in EDITIONS for name in ("index.html", "counter.html")}
    assert_same_as_full_build(settings, output, tmp_path)



def test_editing_a_heading_rewrites_the_a_to_z_pages(built, tmp_path):
    settings, output = built
    before = states(output)
    replace_in(settings.parent / "content/guides/visa.md", "## 마지막 단계", "## 마지막 확인 단계")
    run_portal(settings, "build")
    changed = rewritten(before, states(output))
    assert {f"{code}/az/index.html" for code in EDITIONS} <= changed
    assert "마지막 확인 단계" in (output / "ko/az/index.html").read_text("utf-8")
    assert_same_as_full_build(settings, output, tmp_path)

def test_editing_a_catalog_rewrites_only_the_editions_that_show_it(built, tmp_path):
    settings, output = built
    before = states(output)
    catalog = settings.parent / "translations/ru/content/guides/visa.po"
    replace_in(catalog, 'msgstr "Нужные документы"', 'msgstr "Необходимые документы"')
    run_portal(settings, "build")
    changed = rewritten(before, states(output))
    assert "ru/guides/visa/index.html" in changed
    # Korean and English never show Russian text; their editions are linked whole.
    assert not [name for name in changed if name.startswith(("ko/", "en/", "downloads/portal-ko",
                                                              "downloads/portal-en"))]
    assert "ru/guides/school/index.html" not in changed
    assert_same_as_full_build(settings, output, tmp_path)


def test_a_file_changed_in_the_output_is_not_trusted(built, tmp_path):
    settings, output = built
    page = output / "en/guides/school/index.html"
    page.write_text("tampered", "utf-8")
    result = run_portal(settings, "build")
    assert "up to date" not in result.stdout + result.stderr
    assert "tampered" not in page.read_text("utf-8")
    assert_same_as_full_build(settings, output, tmp_path)


DAY = 86400
FIRST_DAY = 1764547200  # 2025-12-01, the ``built`` fixture's build date


def test_a_build_on_another_day_redoes_only_what_the_date_decides(site_copy, tmp_path, monkeypatch):
    # a visa rule taking effect on 2025-12-10: "upcoming" until then
    data = site_copy / "content" / "data"
    data.mkdir()
    (data / "visas.yml").write_text("- code: E-7-4R\n  name: 지역 특화형 숙련 인력 비자\n  rules:\n"
                                    "    - 1345에 먼저 확인하세요.\n  effective_from: 2025-12-10\n"
                                    "  sample: true\n", "utf-8")
    settings, output = site_copy / "pelicanconf.py", site_copy / "output"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(FIRST_DAY))
    run_portal(settings, "build")
    rules = output / "en/visas/rules/index.html"
    upcoming = rules.read_text("utf-8")
    before, cache = states(output), site_copy / ".output-cache"
    editions = {name: state for name, state in states(cache).items() if name.startswith("edition-")}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(FIRST_DAY + DAY))  # the next day: nothing it decides changed
    result = run_portal(settings, "build")
    assert "up to date" not in result.stdout + result.stderr  # (a rule may have expired: it looks)
    assert rewritten(before, states(output)) == set()
    # every edition was taken whole from the last build, its cache entry untouched, not rendered again
    assert {name: state for name, state in states(cache).items() if name.startswith("edition-")} == editions
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(FIRST_DAY + 10 * DAY))  # 2025-12-11: in effect
    run_portal(settings, "build")
    assert rules.read_text("utf-8") != upcoming
    assert "en/guides/school/index.html" not in rewritten(before, states(output))
    assert_same_as_full_build(settings, output, tmp_path)


def restore(folder: Path, saved: Path) -> None:
    """Put ``saved`` back at ``folder`` as a CI cache restores it: the same bytes in new files
    (other inodes and modification times)."""
    shutil.rmtree(folder)
    shutil.copytree(saved, folder, copy_function=shutil.copyfile)


def test_an_output_and_cache_restored_on_another_machine_are_reused(built, tmp_path, monkeypatch):
    settings, output = built
    cache = settings.parent / ".output-cache"
    for folder in (output, cache):
        shutil.copytree(folder, tmp_path / folder.name)
        restore(folder, tmp_path / folder.name)
    for source in (settings.parent / "content").rglob("*.md"):  # a fresh checkout: new files too
        source.write_bytes(source.read_bytes())
    school = output / "en/guides/school/index.html"
    school.write_bytes(school.read_bytes().replace(b"<main", b"<MAIN", 1))  # same size, other bytes
    replace_in(settings.parent / "content/guides/visa.md", "꼭 확인하세요", "꼭 다시 확인하세요")
    rendered = []
    render = EditionRenderer.render
    monkeypatch.setattr(EditionRenderer, "render", lambda self, page: rendered.append(
        (self.language.code, str(page.path))) or render(self, page))
    monkeypatch.chdir(settings.parent)
    build(settings, overrides={"PORTAL_WORKERS": 1})  # in this process, to see what it renders
    # the edited page in every edition (and the home page, whose title every page shows), and
    # the page whose restored file has other bytes than recorded: nothing else
    assert sorted(set(rendered)) == sorted({(code, path) for code in EDITIONS for path in (
        "guides/visa.md", "index.md")} | {("en", "guides/school.md")})
    assert b"<MAIN" not in school.read_bytes()
    assert_same_as_full_build(settings, output, tmp_path)


def test_a_damaged_or_missing_cache_means_a_full_build(built, tmp_path):
    settings, output = built
    cache = settings.parent / ".output-cache"
    for entry in cache.glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    (cache / "output.json").unlink()
    replace_in(settings.parent / "content/guides/school.md", "준비", "미리 준비")
    run_portal(settings, "build")
    assert_same_as_full_build(settings, output, tmp_path)


def test_a_failed_rebuild_leaves_no_cache_entries_behind(built, tmp_path):
    settings, output = built
    page = settings.parent / "content/guides/visa.md"
    replace_in(page, "꼭 확인하세요", "새 문장을 넣고 꼭 확인하세요")
    replace_in(settings.parent / "content/guides/school.md", "title: ", "title: [")
    assert run_portal(settings, "build", check=False).returncode != 0
    assert not list((settings.parent / ".output-cache" / "pending").glob("*"))
    replace_in(settings.parent / "content/guides/school.md", "title: [", "title: ")
    run_portal(settings, "build")
    assert_same_as_full_build(settings, output, tmp_path)


def test_a_theme_change_reaches_every_page(built, tmp_path, monkeypatch):
    settings, output = built
    theme = settings.parent / "theme"
    shutil.copytree(os.environ["PORTAL_TEST_THEME"], theme)
    (settings.parent / "node_modules").symlink_to(REPO / "node_modules")  # lunr.js, found beside the settings
    replace_in(theme / "templates" / "page.html", "{%- if section %}", "{#- edited -#}{%- if section %}")
    before = states(output)
    monkeypatch.setenv("PORTAL_TEST_THEME", str(theme))
    run_portal(settings, "build")
    changed = rewritten(before, states(output))
    # the comment renders to nothing: the bytes are the same, and no page is rewritten
    assert not [name for name in changed if name.endswith("/index.html") and "/guides/" in name]
    replace_in(theme / "templates" / "page.html", "{#- edited -#}", "<!-- edited -->")
    run_portal(settings, "build")
    assert "<!-- edited -->" in (output / "en/guides/visa/index.html").read_text("utf-8")
    assert_same_as_full_build(settings, output, tmp_path)


def test_zips_copy_unchanged_members_and_still_read_everywhere(built):
    settings, output = built
    replace_in(settings.parent / "content/guides/visa.md", "꼭 확인하세요", "꼭 또 확인하세요")
    run_portal(settings, "build")
    for code in EDITIONS:
        with zipfile.ZipFile(output / "downloads" / f"portal-{code}.zip") as archive:
            assert archive.testzip() is None
            names = archive.namelist()
            assert names == sorted(names) and f"{code}/guides/visa/index.html" in names
            assert "꼭 또 확인하세요" in archive.read("ko/guides/visa/index.html").decode("utf-8") \
                if code == "ko" else True


def test_previous_files_are_linked_all_or_none(tmp_path):
    previous = tmp_path / "previous"
    (previous / "en").mkdir(parents=True)
    for name in ("one.html", "two.html"):
        (previous / "en" / name).write_text(name, "utf-8")
    reuse = PreviousOutput(previous, output_listing(previous))
    names = ["en/one.html", "en/two.html"]
    assert reuse.link_all(names, tmp_path / "new")
    assert (tmp_path / "new/en/one.html").stat().st_ino == (previous / "en/one.html").stat().st_ino
    blocked = tmp_path / "blocked"
    (blocked / "en").mkdir(parents=True)
    (blocked / "en/two.html").write_text("in the way", "utf-8")  # the second link fails
    assert not reuse.link_all(names, blocked)
    assert not (blocked / "en/one.html").exists(), "a half-linked page would be written through its link"
    (previous / "en/two.html").write_text("changed since", "utf-8")
    assert not reuse.link_all(names, tmp_path / "later")
    assert not (tmp_path / "later/en/one.html").exists()


def test_a_zip_rebuilt_from_its_previous_members_is_the_same_zip(tmp_path):
    output = tmp_path / "output"
    for name, text in {"th/index.html": '<a href="../th/guides/">แนะนำ</a>', "th/guides/index.html": "หน้า",
                       "th/search/index.json": "{}", "theme/css/portal.css": "body{}",
                       "images/ป้าย.svg": "<svg/>"}.items():
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_text(text, "utf-8")
    first = write_edition_zip(output, "th", tmp_path / "first.zip")
    (output / "th/guides/index.html").write_text("หน้าใหม่", "utf-8")
    again = write_edition_zip(output, "th", tmp_path / "again.zip", tmp_path / "first.zip", first,
                              unchanged={"th/index.html", "th/search/index.json", "theme/css/portal.css",
                                         "images/ป้าย.svg"})
    fresh = write_edition_zip(output, "th", tmp_path / "fresh.zip")
    assert (tmp_path / "again.zip").read_bytes() == (tmp_path / "fresh.zip").read_bytes()
    assert again == fresh
    with zipfile.ZipFile(tmp_path / "again.zip") as archive:
        assert archive.testzip() is None
        assert archive.read("th/guides/index.html").decode("utf-8") == "หน้าใหม่"
        assert archive.read("th/index.html").decode("utf-8") == '<a href="../th/guides/index.html">แนะนำ</a>'
        assert "images/ป้าย.svg" in archive.namelist()


def test_cache_entries_are_used_only_by_the_code_that_made_them(tmp_path):
    made = BuildCache(tmp_path / "cache", environment="generator version 1")
    made.stage("search-th", {"page": "terms"})
    assert made.load("search-th") is None, "pending until the build that staged it succeeds"
    made.commit(tmp_path / "output", "fingerprint")
    assert made.load("search-th") == {"page": "terms"}
    assert BuildCache(tmp_path / "cache", environment="generator version 2").load("search-th", "none") == "none"


def test_a_rewritten_file_is_kept_by_its_recorded_digest_without_reading_the_previous_one(tmp_path, monkeypatch):
    previous, fresh = tmp_path / "output", tmp_path / "fresh"
    for folder in (previous, fresh):
        (folder / "en").mkdir(parents=True)
        for name, text in (("same.html", "same bytes"), ("other.html", "old bytes")):
            (folder / "en" / name).write_text(text if folder == previous or name == "same.html" else "new bytes")
    listing = {name: [state.st_size, state.st_mtime_ns, state.st_ino] for name in ("en/same.html", "en/other.html")
               for state in [os.stat(previous / name)]}
    recorded = {name: file_digest(previous / name) for name in listing}
    compared = []
    monkeypatch.setattr("portal_pelican.build.filecmp.cmp", lambda *paths, **_: compared.append(paths))
    found, digests = keep_unchanged(fresh, previous, listing, recorded)
    assert compared == []  # both previous files were as recorded: their digests answered
    assert (fresh / "en/same.html").stat().st_ino == (previous / "en/same.html").stat().st_ino
    assert (fresh / "en/other.html").read_text() == "new bytes"
    assert found["en/same.html"] == listing["en/same.html"] and digests == {
        "en/same.html": recorded["en/same.html"], "en/other.html": file_digest(fresh / "en/other.html")}
    os.utime(previous / "en/same.html", ns=(1, 1))  # no longer as recorded: compared byte by byte
    (fresh / "en/same.html").unlink()
    (fresh / "en/same.html").write_text("same bytes")
    monkeypatch.undo()
    keep_unchanged(fresh, previous, listing, recorded)
    assert (fresh / "en/same.html").stat().st_ino == (previous / "en/same.html").stat().st_ino


def test_files_kept_by_two_workers_are_kept_as_by_one(tmp_path, monkeypatch):
    import portal_pelican.build as building

    previous = tmp_path / "previous"
    for number in range(30):
        (previous / f"p{number % 3}").mkdir(parents=True, exist_ok=True)
        (previous / f"p{number % 3}/f{number}.html").write_text(f"page {number}")
    listing = output_listing(previous)
    recorded = {name: file_digest(previous / name) for name in listing}
    outcomes, jobs = [], []
    real_run_jobs = building.run_jobs
    monkeypatch.setattr(building, "KEPT_PER_WORKER", 10)
    monkeypatch.setattr(building, "run_jobs", lambda found, workers: jobs.append(len(found)) or real_run_jobs(
        found, workers))
    for workers in (1, 2):
        fresh = tmp_path / f"fresh-{workers}"
        for number in range(36):  # 0-9 rewritten the same, 10-29 changed, 30-35 new
            (fresh / f"p{number % 3}").mkdir(parents=True, exist_ok=True)
            (fresh / f"p{number % 3}/f{number}.html").write_text(f"page {number}" + ("" if number < 10 else "!"))
        found, digests = keep_unchanged(fresh, previous, listing, recorded, workers)
        linked = sorted(name for name in found if found[name] == listing.get(name))
        assert linked == sorted(f"p{number % 3}/f{number}.html" for number in range(10))
        assert all((fresh / name).stat().st_ino == (previous / name).stat().st_ino for name in linked)
        outcomes.append((sorted(found), digests))
    assert jobs == [1, 2], "one worker, then two"
    assert outcomes[0] == outcomes[1]


def test_file_digests_read_only_what_changed_and_never_trust_a_fresh_write(tmp_path, monkeypatch):
    tree = tmp_path / "tree"
    (tree / "a").mkdir(parents=True)
    settled, fresh = tree / "a" / "settled.po", tree / "fresh.po"
    settled.write_text("msgstr one")
    record = tmp_path / "digests.pickle"
    first = FileDigests(record)
    expected = tree_digest([tree])
    assert tree_digest([tree], first) == expected
    real_clock = time.time_ns
    monkeypatch.setattr("portal.buildcache.time.time_ns", lambda: real_clock() + 10**10)  # 10 s later
    first.save()
    monkeypatch.setattr("portal.buildcache.time.time_ns", real_clock)
    reads = []
    real_open = open

    def counting_open(path, *args, **kwargs):
        reads.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", counting_open)
    again = FileDigests(record)
    assert again.digest(str(settled)) == digest(b"msgstr one") and reads == []  # taken from the record
    fresh.write_text("msgstr two")
    assert again.digest(str(fresh)) == digest(b"msgstr two") and reads == [str(fresh)]
    again.save()  # with the real clock: a file written just now is not remembered
    assert str(fresh) not in FileDigests(record).known
    settled.write_text("msgstr 1ne")  # same size, new times
    assert FileDigests(record).digest(str(settled)) == digest(b"msgstr 1ne")
    assert tree_digest([tree], FileDigests(record)) == tree_digest([tree]) != expected
    record.write_bytes(b"not a pickle")
    assert FileDigests(record).known == {}  # a damaged record is ignored


def test_unchanged_catalogs_are_loaded_only_when_an_edition_needs_them(site_copy, tmp_path):
    settings = load_settings(str(site_copy / "pelicanconf.py"))
    eager = prepare(settings).translations
    memo = BuildMemo(dataclasses.replace(settings, cache_path=tmp_path / "cache", environment_key="environment"),
                     tmp_path / "no-output")
    cache = memo.cache

    def prepare_with_memo():
        """What the generator does: the library is given what the memo knows, and the memo keeps the rest."""
        prepared = prepare(settings, known_inputs(memo, settings))
        keep_inputs(memo, prepared)
        return prepared

    prepare_with_memo()
    cache.commit(tmp_path / "no-output", "fingerprint")
    lazy = prepare_with_memo().translations
    assert set(lazy.pages._loaders) == {"en", "ru", "uz"}  # nothing unpickled yet
    # looking up one page unpickles that page's entries alone
    assert lazy.pages["guides/visa.md"]["ru"] == eager.pages["guides/visa.md"]["ru"]
    assert "guides/visa.md" not in lazy.pages._pickled["ru"]
    assert len(lazy.pages._pickled["ru"]) == len(eager.pages.language("ru")) - 1
    assert {path: dict(lazy.pages[path]) for path in lazy.pages} == {
        path: dict(eager.pages[path]) for path in eager.pages}
    # a damaged entry is read again from its catalog, with the same result
    (cache.root / "entries-ru.pickle").write_bytes(b"damaged")
    again = prepare_with_memo().translations
    assert again.pages.language("ru") == eager.pages.language("ru")
    # a catalog edit re-reads that catalog alone: even storing the language again unpickles nothing
    catalog = site_copy / "translations" / "uz" / "content" / "guides" / "visa.po"
    catalog.write_text(catalog.read_text("utf-8").replace(
        'msgid "필요한 서류"\nmsgstr ""', 'msgid "필요한 서류"\nmsgstr "Kerakli hujjatlar"'), "utf-8")
    edited = prepare_with_memo().translations
    assert set(edited.pages._loaders) == {"en", "ru", "uz"}
    assert edited.pages.language("uz") == prepare(settings).translations.pages.language("uz") != (
        eager.pages.language("uz"))
    cache.commit(tmp_path / "no-output", "fingerprint")
    assert prepare_with_memo().translations.pages.language("uz") == edited.pages.language("uz")


def test_page_keys_are_recomputed_only_for_pages_whose_inputs_changed(site_copy, monkeypatch):
    settings = load_settings(str(site_copy / "pelicanconf.py"))

    def edition_keys(recorded=None):
        prepared = prepare(settings)
        language = prepared.settings.languages["ru"]
        renderer = EditionRenderer(prepared.site, prepared.settings.languages, language, prepared.translations, "")
        keys = EditionKeys(prepared, site_key(prepared), language, renderer, {}, recorded)
        return {path: keys.page(path, page) for path, page in prepared.site.pages.items()}, keys, renderer

    fresh, keys, renderer = edition_keys()
    pages = keys.prepared.site.pages
    recorded = {path: SimpleNamespace(key=key, inputs=keys.inputs(path, pages[path]),
                                      shown_inputs=keys.shown_inputs(path, pages[path]),
                                      title=renderer.title(pages[path]),
                                      summary=keys._summary(renderer, pages[path]))
                for path, key in fresh.items()}
    looked_up, titled = [], []
    shown_texts, title = EditionKeys.shown_texts, EditionRenderer.title
    monkeypatch.setattr(EditionKeys, "shown_texts", lambda self, path: looked_up.append(path) or shown_texts(
        self, path))
    monkeypatch.setattr(EditionRenderer, "title", lambda self, page: titled.append(str(page.path)) or title(
        self, page))
    assert edition_keys(recorded)[0] == fresh and looked_up == [] and titled == []
    # a catalog edit: that page's messages and title are looked up again, and its key is what a
    # fresh start computes
    replace_in(site_copy / "translations" / "ru" / "content" / "guides" / "visa.po",
               'msgstr "Нужные документы"', 'msgstr "Необходимые документы"')
    edited = edition_keys(recorded)[0]
    assert looked_up == ["guides/visa.md"] and titled == ["guides/visa.md"]
    assert edited == edition_keys()[0] and edited["guides/visa.md"] != fresh["guides/visa.md"]


def test_source_checks_are_kept_only_while_what_they_read_is_as_it_was(site_copy, monkeypatch):
    settings = load_settings(str(site_copy / "pelicanconf.py"))
    checked = []
    source_problems = TranslationChecks.source_problems
    monkeypatch.setattr(TranslationChecks, "source_problems", lambda self, page, messages: checked.append(
        str(page.path)) or source_problems(self, page, messages))
    first = prepare(settings)
    assert "guides/visa.md" in checked and "guides/school.md" in checked
    checked.clear()
    again = prepare(settings, Known(clean=first.clean))
    assert checked == [] and again.clean == first.clean
    # a page whose headings another page's check read (visa.md links to school.md#documents)
    # changed: both are checked again, and the link found broken, with its line
    replace_in(site_copy / "content/guides/school.md", "{#documents}", "{#papers}")
    with pytest.raises(PortalError) as raised:
        prepare(settings, Known(clean=first.clean))
    assert sorted(checked) == ["guides/school.md", "guides/visa.md"]
    assert "content/guides/visa.md:6: error: link to 'school.md#documents'" in str(raised.value)
    replace_in(site_copy / "content/guides/school.md", "{#papers}", "{#documents}")
    # a file the site no longer has: every page is checked again and the missing image found
    (site_copy / "content/images/steps.svg").unlink()
    checked.clear()
    with pytest.raises(PortalError) as raised:
        prepare(settings, Known(clean=first.clean))
    assert len(checked) == len(first.site.pages) and "image '../images/steps.svg', which does not exist" in str(
        raised.value)


def test_the_replaced_output_and_cache_entries_are_left_for_the_next_build_to_remove(built):
    settings, output = built
    cache = output.with_name(f".{output.name}-cache")
    replace_in(settings.parent / "content/guides/visa.md", "꼭 확인하세요", "꼭 다시 확인하세요")
    run_portal(settings, "build")
    [retired] = output.parent.glob(f".{output.name}.old-*")
    assert (retired / "ko" / "guides" / "visa" / "index.html").is_file()  # the page as it was
    [entries] = output.parent.glob(f"{cache.name}.retired-*")  # beside the cache, which CI saves
    assert (entries / "edition-ko.pickle").is_file() and (cache / "edition-ko.pickle").is_file()
    run_portal(settings, "build")  # nothing changed, and the retired output and entries are gone
    assert list(output.parent.glob(f".{output.name}.old-*")) == []
    assert list(output.parent.glob(f"{cache.name}.retired-*")) == []


def test_a_commit_moves_the_entries_it_replaces_beside_the_cache(tmp_path):
    cache = BuildCache(tmp_path / "cache")
    cache.stage("search-th", "first")
    cache.commit(tmp_path / "output", "one")
    assert cache.retired_entries() == [], "the first commit replaced nothing"
    cache.stage("search-th", "second")
    cache.stage("search-lo", "new")
    cache.commit(tmp_path / "output", "two")
    [retired] = cache.retired_entries()
    assert retired.parent == tmp_path and sorted(path.name for path in retired.iterdir()) == ["search-th.pickle"]
    assert (cache.load("search-th"), cache.load("search-lo")) == ("second", "new")


def test_rebuilds_in_one_process_each_retire_their_own_output(built):
    """``portal serve`` rebuilds in one process: the second rebuild's retired output must not
    collide with the first's, which the second build is still removing when it swaps in."""
    settings, output = built
    script = f"""
import sys
from pathlib import Path
from portal_pelican.build import build_site
page = Path({str(settings.parent / "content/guides/visa.md")!r})
for number in range(3):
    page.write_text(page.read_text("utf-8").replace("꼭 확인하세요", f"꼭 확인하세요 {{number}}", 1), "utf-8")
    build_site(Path({str(settings)!r}))
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=settings.parent, capture_output=True,
                            text=True, env=os.environ.copy())
    assert result.returncode == 0, result.stderr
    assert [line.startswith("Built ") for line in result.stdout.splitlines()] == [True, True, True]
    assert "꼭 확인하세요 2 1 0" in (output / "ko/guides/visa/index.html").read_text("utf-8")
    assert_same_as_full_build(settings, output, settings.parent)


def test_a_build_ends_with_one_true_summary_line(site_copy, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    settings = site_copy / "pelicanconf.py"
    output = site_copy / "output"
    result = run_portal(settings, "build")
    assert "Processed" not in result.stdout + result.stderr  # Pelican's "0 articles ... 0 pages"
    pages = [name for name in relative_files(output) if name.endswith(".html")]
    files = relative_files(output)
    editions = load_settings(str(settings)).languages
    [line] = result.stdout.splitlines()
    found = re.fullmatch(r"Built (\d+) editions, ([\d,]+) pages, search indexes for (\d+) languages "
                         r"in \d+\.\d s \(([\d,]+) files new or changed\)", line)
    assert found, line
    assert (int(found[1]), int(found[2].replace(",", "")), int(found[3]), int(found[4].replace(",", ""))) == (
        len(editions), len(pages), len(editions), len(files))
    replace_in(site_copy / "content/guides/visa.md", "꼭 확인하세요", "꼭 다시 확인하세요")
    [line] = run_portal(settings, "build").stdout.splitlines()
    changed = int(re.search(r"\(([\d,]+) files new or changed\)", line)[1].replace(",", ""))
    assert 0 < changed < len(files)
    assert run_portal(settings, "build").stdout.splitlines() == [
        f"Nothing changed since the last build: {output.resolve()} is up to date."]


def test_an_icu_upgrade_invalidates_the_cache(site_copy, monkeypatch):
    """Word breaks and collation come from ICU: cached search terms of another ICU must not be used."""
    import icu

    settings_file = site_copy / "pelicanconf.py"
    settings = read_settings(str(settings_file))
    before = environment_key(settings, settings_file)
    monkeypatch.setattr(icu, "ICU_VERSION", "0.1")
    assert environment_key(settings, settings_file) != before


def test_two_swaps_in_one_process_retire_to_different_folders(tmp_path):
    """The second swap happens while the first one's retired output is still there."""
    output = tmp_path / "output"
    output.mkdir()
    (output / "page.html").write_text("first")
    retired = []
    for text in ("second", "third"):
        fresh = tmp_path / "fresh"
        fresh.mkdir()
        (fresh / "page.html").write_text(text)
        retired.append(swap_in(fresh, output))
    assert (output / "page.html").read_text() == "third"
    assert [(folder / "page.html").read_text() for folder in retired] == ["first", "second"]
