"""The README's translator walkthrough, checked against what the portal really does."""

from __future__ import annotations

import re
import shlex
import shutil

from conftest import REPO, run_portal

README = (REPO / "README.md").read_text("utf-8")


def walkthrough() -> str:
    return README[README.index("### A translation, step by step"):README.index("### Poedit")]


def test_the_walkthrough_creates_a_page_in_a_section_the_sample_has(tmp_path):
    commands = re.search(r"```sh\n(.*?)```", walkthrough(), re.S)[1].splitlines()
    new = shlex.split(next(line for line in commands if line.startswith(".venv/bin/portal new")))
    page = new[2]
    section = page.split("/")[0]
    assert (REPO / "content" / section / "index.md").is_file(), f"the sample has no section '{section}'"
    assert not (REPO / "content" / f"{page}.md").exists()
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copy(REPO / "pelicanconf.py", tmp_path / "pelicanconf.py")
    (tmp_path / "theme").symlink_to(REPO / "theme")  # the settings are checked: THEME must exist
    created = run_portal(tmp_path / "pelicanconf.py", *new[1:comment_start(new)]).stdout
    assert created.strip() == f"created content/{page}.md"
    text = (tmp_path / "content" / f"{page}.md").read_text("utf-8")
    assert "title: 사업장 변경" in text
    assert f"$EDITOR content/{page}.md" in walkthrough()
    assert f"poedit translations/en/content/{page}.po" in walkthrough()
    assert f"http://localhost:8000/en/{page}/" in walkthrough()


def comment_start(words: list[str]) -> int:
    return next((index for index, word in enumerate(words) if word.startswith("#")), len(words))


def test_the_walkthrough_names_the_policy_that_shows_stale_text():
    assert '`"stale": "mark"`' in walkthrough()
    assert "fallback chain" in walkthrough()


def test_the_counter_view_is_documented_where_the_build_writes_it(fixture_output):
    assert "(`<guide>/counter.html`" in README and "<guide>/counter/" not in README
    assert (fixture_output / "en/guides/visa/counter.html").is_file()
    assert not (fixture_output / "en/guides/visa/counter").exists()
