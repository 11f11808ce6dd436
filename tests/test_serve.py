"""Live preview: serves the site, rebuilds on every change, survives mistakes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
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


def fetch_status(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type", "")


def test_serve_answers_missing_pages_with_the_sites_404_and_says_one_line_per_rebuild(site_copy: Path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "portal", "--settings", str(site_copy / "pelicanconf.py"),
         "serve", "--port", str(port)],
        cwd=site_copy, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    output = site_copy / "output"
    try:
        assert wait_for(lambda: fetch(f"{base}/en/") is not None), "the preview never came up"
        status, body, kind = fetch_status(f"{base}/en/no/such/page/")
        assert (status, body, kind) == (404, (output / "en/404.html").read_bytes(), "text/html; charset=utf-8")
        status, body, _ = fetch_status(f"{base}/no-such-page")
        assert (status, body) == (404, (output / "404.html").read_bytes())
        status, body, _ = fetch_status(f"{base}/../../etc/passwd")
        assert status == 404 and body == (output / "404.html").read_bytes()

        catalog = site_copy / "translations/en/content/guides/visa.po"
        catalog.write_text(catalog.read_text("utf-8").replace('msgstr "Passport"', 'msgstr "Passport (ID)"'))
        assert wait_for(lambda: first_item(fetch(f"{base}/en/guides/visa/")) == "Passport (ID)")
        time.sleep(1)
        catalog.write_text(catalog.read_text("utf-8"))  # saved again, unchanged
        time.sleep(4)
    finally:
        server.terminate()
        stdout, stderr = server.communicate(timeout=30)
    lines = [line for line in stdout.splitlines() if not line.startswith("serving ")]
    assert len(lines) == 3, stdout
    assert lines[0].startswith("Built ") and lines[1].startswith("Built ")
    assert lines[2] == f"Nothing changed since the last build: {output.resolve()} is up to date."
    assert "rebuilt" not in stdout and "Processed" not in stdout + stderr
