"""`portal check` on links that would lead a reader nowhere, with the fix in the editor's terms.

A link to a page that does not exist names the nearest one (``centers.md``
for ``center.md``); a site-absolute link (``/guides/school/``), a 404 once the
site is published under a folder, names the relative link to write; a link
to a heading id the page does not have names the nearest id. The same
holds for a translation's links, and for an unknown front-matter key.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_portal

VISA = "content/guides/visa.md"
LINE = "비자는 *체류 자격*입니다. [학교 안내](school.md#documents)를 보세요."


def with_link(site: Path, target: str) -> None:
    page = site / VISA
    text = page.read_text("utf-8")
    assert LINE in text
    page.write_text(text.replace(LINE, LINE.replace("school.md#documents", target)), "utf-8")


def check(site: Path) -> str:
    result = run_portal(site / "pelicanconf.py", "check", check=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    return result.stderr


@pytest.mark.parametrize(("target", "message", "hint"), [
    ("schol.md", "link to 'schol.md', which does not exist", "did you mean 'school.md'?"),
    ("/guides/school/", "link to '/guides/school/' from the site's root",
     "write the link relative to this file, as 'school.md'"),
    ("/guides/school.md", "link to '/guides/school.md' from the site's root", "as 'school.md'"),
    ("school.md#documnets", "has no heading with the id 'documnets'", "did you mean '#documents'?"),
    ("#no-such-part", "but this page has no heading with the id 'no-such-part'", "its headings' ids: "),
])
def test_a_link_that_leads_nowhere_names_the_fix(site_copy, target, message, hint):
    with_link(site_copy, target)
    stderr = check(site_copy)
    assert f"{VISA}:6: error: " in stderr and message in stderr, stderr
    assert hint in stderr, stderr


def test_heading_ids_are_those_the_page_is_rendered_with(site_copy):
    # the same page's own heading by the id its Korean text gives, and a written {#id}
    with_link(site_copy, "#마지막-단계")
    result = run_portal(site_copy / "pelicanconf.py", "check", check=False)
    assert result.returncode == 0, result.stderr
    (site_copy / VISA).write_text((site_copy / VISA).read_text("utf-8").replace("(#마지막-단계)", "(#documents)"),
                                  "utf-8")  # the page has "## 필요한 서류 {#documents}" too
    result = run_portal(site_copy / "pelicanconf.py", "check", check=False)
    assert result.returncode == 0, result.stderr


def test_a_translation_that_changes_an_anchor_is_refused(site_copy):
    catalog = site_copy / "translations/en/content/guides/visa.po"
    text = catalog.read_text("utf-8")
    assert "See the [school guide](school.md#documents)." in text
    catalog.write_text(text.replace("[school guide](school.md#documents)", "[school guide](school.md#papers)"), "utf-8")
    stderr = check(site_copy)
    assert "translations/en/content/guides/visa.po:" in stderr
    assert "translation links to 'school.md#papers', but guides/school.md has no heading with the id 'papers'" in stderr


def test_an_unknown_front_matter_key_names_the_nearest_one(site_copy):
    page = site_copy / VISA
    page.write_text(page.read_text("utf-8").replace("summary:", "sumary:", 1), "utf-8")
    stderr = check(site_copy)
    assert f"{VISA}:3: error: unknown front matter key 'sumary'" in stderr
    assert "did you mean 'summary'?" in stderr
