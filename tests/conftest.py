"""Shared fixtures: the small three-language fixture site, built once."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]
FIXTURE_SITE = REPO / "tests" / "fixtures" / "site"
os.environ.setdefault("PORTAL_TEST_THEME", str(REPO / "theme"))


def run_portal(settings: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run the command line as an editor would, in the settings' folder."""
    result = subprocess.run(
        [sys.executable, "-m", "portal", "--settings", str(settings), *args],
        cwd=settings.parent, capture_output=True, text=True, env=os.environ.copy(),
    )
    if check and result.returncode != 0:
        raise AssertionError(f"portal {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    """A private copy of the fixture site that a test may change."""
    target = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, target, ignore=shutil.ignore_patterns("output", "__pycache__"))
    return target


@pytest.fixture(scope="session")
def portal_output(tmp_path_factory) -> Path:
    """The sample portal (content/, translations/) built once, for a fixed build date."""
    output = tmp_path_factory.mktemp("portal") / "output"
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "1764547200"  # 2025-12-01
    try:
        run_portal(REPO / "pelicanconf.py", "build", "--output", str(output))
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    return output


@pytest.fixture(scope="session")
def fixture_output(tmp_path_factory) -> Path:
    """The fixture site built once for every test that only reads the output."""
    output = tmp_path_factory.mktemp("fixture") / "output"
    run_portal(FIXTURE_SITE / "pelicanconf.py", "build", "--output", str(output))
    return output


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """A static host: the security headers a host would send, and for a missing address the
    404 page GitHub Pages serves (the root 404.html, at any depth), or with ``nearest`` the one
    Netlify serves (the closest 404.html above the address)."""

    nearest = False

    def end_headers(self):
        from portal.publishing import SECURITY_HEADERS

        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        root = Path(self.directory)
        folder = Path(self.path.split("?")[0].lstrip("/")).parent if self.nearest else Path(".")
        while not (root / folder / "404.html").is_file() and folder != Path("."):
            folder = folder.parent
        body = (root / folder / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve(folder: Path, nearest: bool = False):
    """Serve ``folder`` on 127.0.0.1 in a thread; returns (server, base URL)."""
    handler = type("Host", (StaticHost,), {"nearest": nearest})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="session")
def served_portal(portal_output):
    """The built sample portal on 127.0.0.1, served as GitHub Pages serves it."""
    server, url = serve(portal_output)
    try:
        yield url
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (which never downloads a browser of its own)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
