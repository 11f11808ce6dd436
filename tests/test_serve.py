"""Live preview: serves the site, rebuilds on every change, survives mistakes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bs4 import BeautifulSoup


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def first_item(html: str | None) -> str | None:
    return BeautifulSoup(html, "html.parser").select_one(".content ul li").get_text() if html else None


def test_serve_rebuilds_on_catalog_and_content_changes(site_copy: Path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/en/guides/visa/"
    server = subprocess.Popen(
        [sys.executable, "-m", "portal", "--settings", str(site_copy / "pelicanconf.py"),
         "serve", "--port", str(port)],
        cwd=site_copy, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    try:
        assert wait_for(lambda: first_item(fetch(url)) == "Passport"), "the preview never came up"

        catalog = site_copy / "translations/en/content/guides/visa.po"
        catalog.write_text(catalog.read_text("utf-8").replace('msgstr "Passport"', 'msgstr "Passport (ID)"'))
        assert wait_for(lambda: first_item(fetch(url)) == "Passport (ID)"), "no rebuild after a catalog edit"

        page = site_copy / "content/guides/visa.md"
        page.write_text(page.read_text("utf-8").replace("title: 비자 안내", "title: [broken"), "utf-8")
        time.sleep(3)
        assert first_item(fetch(url)) == "Passport (ID)", "a failed build must keep the last good site"

        page.write_text(page.read_text("utf-8").replace("title: [broken", "title: 비자 안내"), "utf-8")
        catalog.write_text(catalog.read_text("utf-8").replace('msgstr "Photo"', 'msgstr "Photograph"'))
        items = lambda: [li.get_text() for li in  # noqa: E731
                         BeautifulSoup(fetch(url) or "", "html.parser").select(".content ul li")]
        assert wait_for(lambda: items() == ["Passport (ID)", "Photograph"]), "no recovery after the fix"
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert "content/guides/visa.md:2: error: front matter is not valid YAML" in stderr
