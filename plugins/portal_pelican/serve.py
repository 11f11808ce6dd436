"""Live preview for editors and translators: serve the site, rebuild on change.

Watches the content, the catalogs, the theme and the settings file. A
build that fails prints its problems and keeps serving the last good
site (builds are atomic), so a typo never takes the preview down. Each
rebuild takes the output's build lock: a ``make html`` run meanwhile
waits for it, and it for ``make html``; each says in one line what it did.
A missing page is answered as a host would: with the site's own 404 page
(the edition's below ``/<lang>/``, the root's elsewhere) and status 404.
"""

from __future__ import annotations

import functools
import sys
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import watchfiles
from pelican.settings import read_settings

from portal.failures import explain
from portal.outputs import ROOT, EditionPaths
from portal.project import PortalSettings

from .build import build_site, cache_folder


def _rebuild(settings_file: Path, output: Path) -> bool:
    """Build once; on any failure say why (never with a traceback) and keep serving the previous site."""
    try:
        build_site(settings_file)  # says what it built, or that nothing changed
    except Exception as error:  # a template typo must not stop the preview
        print(explain(error, cache_folder(output))[0], file=sys.stderr, flush=True)
        return False
    return True


def _is_source(change: watchfiles.Change, path: str) -> bool:
    name = Path(path).name
    return not (name.startswith(".") or name.endswith((".tmp", "~", ".swp")))


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the output folder quietly; a missing page gets the site's own 404 page."""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the standard library's name)
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self._not_found_page() if code == HTTPStatus.NOT_FOUND else None
        if page is None:
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _not_found_page(self) -> Path | None:
        """The edition's 404 page for an address below an edition's folder, the root's otherwise."""
        root = Path(self.directory).resolve()
        first = urlsplit(self.path).path.lstrip("/").split("/", 1)[0]
        candidates = [root / EditionPaths(first).not_found] if first and first not in (".", "..") else []
        for page in [*candidates, root / ROOT.not_found]:
            if page.is_file() and page.resolve().is_relative_to(root):
                return page
        return None


def serve(settings_file: Path, port: int = 8000, host: str = "127.0.0.1") -> None:
    settings_file = settings_file.resolve()
    settings = read_settings(str(settings_file))
    portal = PortalSettings.from_mapping(settings, settings_file)
    output = Path(settings["OUTPUT_PATH"]).resolve()
    watched = [settings_file, portal.content, portal.theme, portal.translations]
    _rebuild(settings_file, output)
    output.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(PreviewHandler, directory=str(output))
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving http://{host}:{port}/ ; watching {', '.join(str(p) for p in watched)}", flush=True)
    try:
        for _ in watchfiles.watch(*[p for p in watched if p.exists()], watch_filter=_is_source,
                                  debounce=300, rust_timeout=0):
            _rebuild(settings_file, output)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
