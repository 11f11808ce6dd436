"""`portal build --keep-going`: one translator's broken message does not stop the portal.

The broken translation is left out (the page shows the message along its
fallback chain, marked with the language it is in), the status dashboard
and status.json list it with its file and line, and the command still
fails at the end; without the flag nothing is published.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import run_portal

BROKEN = "Passport, see [this](https://evil.example/)"


def break_one_translation(site: Path) -> int:
    """The English "여권" translated with a link its source does not have; returns its msgid's line."""
    catalog = site / "translations/en/content/guides/visa.po"
    text = catalog.read_text("utf-8")
    assert 'msgid "여권"\nmsgstr "Passport"\n' in text
    catalog.write_text(text.replace('msgid "여권"\nmsgstr "Passport"\n', f'msgid "여권"\nmsgstr "{BROKEN}"\n'), "utf-8")
    return catalog.read_text("utf-8").splitlines().index('msgid "여권"') + 1


def build(site: Path, *args: str) -> subprocess.CompletedProcess:
    return run_portal(site / "pelicanconf.py", "build", *args, check=False)


def test_without_the_flag_a_broken_translation_publishes_nothing(site_copy):
    line = break_one_translation(site_copy)
    result = build(site_copy)
    assert result.returncode == 2
    assert f"translations/en/content/guides/visa.po:{line}: error:" in result.stderr
    assert not (site_copy / "output").exists()


def test_keep_going_publishes_with_the_broken_translation_falling_back(site_copy):
    line = break_one_translation(site_copy)
    result = build(site_copy, "--keep-going")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    where = f"translations/en/content/guides/visa.po:{line}"
    assert f"{where}: error: translation adds a link to 'https://evil.example/'" in result.stderr
    assert "with 1 translation left out" in result.stderr
    output = site_copy / "output"
    pages = list((output / "en").rglob("*.html"))
    assert pages and not any("evil.example" in page.read_text("utf-8") for page in pages)
    visa = next(page for page in pages if "visa" in str(page.relative_to(output)) and "counter" not in str(page))
    doc = BeautifulSoup(visa.read_text("utf-8"), "html.parser")
    shown = [element for element in doc.find_all(lang="ko") if element.get_text(strip=True) == "여권"]
    assert shown, "the message falls back to the source, marked as Korean"
    assert doc.find(string=lambda text: text and "Documents you need" in text)  # the rest is English
    report = json.loads((output / "status.json").read_text("utf-8"))
    assert report["en"]["broken"] == [{"file": "translations/en/content/guides/visa.po", "line": line,
                                       "problem": "translation adds a link to 'https://evil.example/', "
                                                  "which its source does not have"}]
    assert report["ru"]["broken"] == []
    dashboard = BeautifulSoup((output / "status/index.html").read_text("utf-8"), "html.parser")
    listed = dashboard.select("#status-en .broken-list li")
    assert len(listed) == 1 and where in listed[0].get_text()


def test_a_strict_build_after_a_keep_going_one_still_refuses(site_copy):
    break_one_translation(site_copy)
    assert build(site_copy, "--keep-going").returncode == 2
    published = {path: path.read_bytes() for path in (site_copy / "output").rglob("*") if path.is_file()}
    result = build(site_copy)
    assert result.returncode == 2 and "evil.example" in result.stderr
    assert {path: path.read_bytes() for path in (site_copy / "output").rglob("*") if path.is_file()} == published
