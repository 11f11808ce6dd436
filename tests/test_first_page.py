"""The preview shows an edited page first: rendered alone, it is the page the rebuild writes.

``portal serve`` renders the one page an edit changed, in the edition
being viewed, from what the last build prepared, and serves it from memory
until the rebuild is done (``portal_pelican.firstpage``). These tests hold
it to the rebuild's bytes, and to the build's checks: an edit with a
problem is never shown ahead of the rebuild that reports it.
"""

from __future__ import annotations

import re
import threading
import urllib.request
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import watchfiles
from test_hostile_catalogs import set_msgstr

from portal_pelican.serve import PreviewHandler, PreviewState, Rebuilder

MODIFIED = watchfiles.Change.modified


@pytest.fixture
def rebuilder(site_copy: Path, monkeypatch) -> Rebuilder:
    monkeypatch.chdir(site_copy)
    rebuilder = Rebuilder(site_copy / "pelicanconf.py", site_copy / "output")
    assert rebuilder.build(rerun=True)
    return rebuilder


def edit(file: Path, old: str, new: str) -> list[tuple[watchfiles.Change, str]]:
    text = file.read_text("utf-8")
    assert old in text, f"{old!r} is not in {file}"
    file.write_text(text.replace(old, new, 1), "utf-8")
    return [(MODIFIED, str(file))]


def test_an_edited_page_alone_is_the_page_the_rebuild_writes(rebuilder: Rebuilder, site_copy: Path):
    content, translations = site_copy / "content", site_copy / "translations"
    # (the edit, the edition viewed, the file shown first, a text it must show); a catalog's
    # edit is shown in its own language
    edits = [
        (edit(content / "guides/visa.md", "## 마지막 단계", "새 문단입니다.\n\n## 마지막 단계"), "ko",
         "ko/guides/visa/index.html", "새 문단입니다."),
        (lambda: edit(content / "guides/visa.md", "title: 비자 안내", "title: 비자 안내서"), "uz",
         "uz/guides/visa/index.html", "비자 안내서"),  # untranslated now: shown in the source
        (lambda: edit(content / "guides/index.md", "\n---\n", "\n---\n섹션 소개 문단.\n\n"), None,
         "ko/guides/index.html", "섹션 소개 문단."),
        (lambda: edit(content / "index.md", "\n---\n", "\n---\n첫 화면 문단.\n\n"), "en",
         "en/index.html", "첫 화면 문단."),
        (lambda: edit(translations / "ru/content/guides/school.po", 'msgstr "Дети могут',
                      'msgstr "ПРАВКА: дети могут'), "en", "ru/guides/school/index.html", "ПРАВКА"),
    ]
    for number, (changes, viewed, name, shown) in enumerate(edits):
        changes = changes() if callable(changes) else changes
        first = rebuilder.first_page.render(changes, viewed)
        assert list(first) == [name], f"edit {number}"
        assert shown in first[name].decode("utf-8"), f"edit {number}"
        assert rebuilder.build(), f"edit {number}"
        assert first[name] == (site_copy / "output" / name).read_bytes(), f"edit {number}: not the rebuild's page"


HOSTILE_TRANSLATION = "A visa is a [status](javascript:alert(1))."


@pytest.mark.parametrize("broken", ["front matter", "dangling link", "hostile catalog", "unreadable catalog",
                                    "new page", "two files", "deleted page", "theme"])
def test_an_edit_with_a_problem_or_past_one_page_is_left_to_the_rebuild(rebuilder: Rebuilder, site_copy: Path,
                                                                        broken: str, capsys):
    content = site_copy / "content"
    catalog = site_copy / "translations/en/content/guides/visa.po"
    if broken == "front matter":
        changes = edit(content / "guides/visa.md", "title: 비자 안내", "title: [broken")
    elif broken == "dangling link":
        changes = edit(content / "guides/visa.md", "## 마지막 단계", "[없는 쪽](nowhere.md)\n\n## 마지막 단계")
    elif broken == "hostile catalog":
        set_msgstr(catalog, "비자는 *체류 자격*입니다. [학교 안내](school.md#documents)를 보세요.",
                   HOSTILE_TRANSLATION)
        changes = [(MODIFIED, str(catalog))]
    elif broken == "unreadable catalog":
        catalog.write_text(re.sub(r'msgstr "Passport"', 'msgstr "Passport', catalog.read_text("utf-8")), "utf-8")
        changes = [(MODIFIED, str(catalog))]
    elif broken == "new page":
        (content / "guides/new.md").write_text("---\ntitle: 새 쪽\n---\n본문.\n", "utf-8")
        changes = [(watchfiles.Change.added, str(content / "guides/new.md"))]
    elif broken == "two files":
        changes = [*edit(content / "guides/visa.md", "## 마지막 단계", "하나.\n\n## 마지막 단계"),
                   *edit(content / "guides/school.md", "\n---\n", "\n---\n둘.\n\n")]
    elif broken == "deleted page":
        (content / "guides/school.md").unlink()
        changes = [(watchfiles.Change.deleted, str(content / "guides/school.md"))]
    else:
        style = next((site_copy / "theme").rglob("*.css"), None) or next(Path(rebuilder.first_page.generator.theme)
                                                                         .rglob("*.css"))
        changes = [(MODIFIED, str(style))]
    assert rebuilder.first_page.render(changes, "en") == {}
    reported = {"front matter": "content/guides/visa.md", "dangling link": "content/guides/visa.md",
                "hostile catalog": "translations/en/content/guides/visa.po",
                "unreadable catalog": "translations/en/content/guides/visa.po"}
    if broken in reported:
        assert not rebuilder.build()  # the rebuild reports it (and the preview keeps the last good site)
        assert re.search(rf"{re.escape(reported[broken])}:\d+: error: ", capsys.readouterr().err)


def test_the_preview_serves_the_page_shown_first_and_notes_the_edition_viewed(rebuilder: Rebuilder,
                                                                              site_copy: Path):
    output = site_copy / "output"
    state = PreviewState(["ko", "en", "ru", "uz"])
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(PreviewHandler, directory=str(output), state=state))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with urllib.request.urlopen(f"{base}/ru/guides/") as response:
            assert response.read() == (output / "ru/guides/index.html").read_bytes()
        assert state.viewed == "ru"
        state.ahead = {"ru/guides/visa/index.html": b"<!DOCTYPE html><p>first</p>"}
        with urllib.request.urlopen(f"{base}/ru/guides/visa/") as response:
            assert response.read() == b"<!DOCTYPE html><p>first</p>"
            assert response.headers["Cache-Control"] == "no-store"
        state.ahead = {}
        with urllib.request.urlopen(f"{base}/ru/guides/visa/") as response:
            assert response.read() == (output / "ru/guides/visa/index.html").read_bytes()
        with urllib.request.urlopen(f"{base}/en/") as response:
            assert response.status == 200
        assert state.viewed == "en"
    finally:
        server.shutdown()
        server.server_close()
