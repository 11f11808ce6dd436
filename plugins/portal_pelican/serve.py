"""Live preview for editors and translators: serve the site, rebuild on change.

Watches the content, the catalogs, the theme and the settings file. An
edit to one page (its Markdown or its catalog) is shown first: that page,
in the edition the reader viewed last, is rendered alone and served from
memory while the whole site is rebuilt (``portal_pelican.firstpage``). A
build that fails prints its problems and keeps serving the last good
site (builds are atomic), so a typo never takes the preview down. Each
rebuild takes the output's build lock: a ``make html`` run meanwhile
waits for it, and it for ``make html``; each says in one line what it did.
A missing page is answered as a host would: with the site's own 404 page
(the edition's below ``/<lang>/``, the root's elsewhere) and status 404.
"""

from __future__ import annotations

import functools
import io
import sys
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import watchfiles
from pelican import signals
from pelican.settings import read_settings

from portal.failures import explain
from portal.outputs import ROOT, EditionPaths
from portal.project import PortalSettings

from .build import build_site, cache_folder
from .firstpage import FirstPage
from .generator import EditionGenerator


class PreviewState:
    """What the preview's server and its rebuilding share: the pages shown ahead of the
    rebuild (output name -> bytes) and the edition the reader asked for last."""

    def __init__(self, codes: list[str]):
        self.codes = frozenset(codes)
        self.ahead: dict[str, bytes] = {}  # replaced whole, never changed in place: threads read it
        self.viewed: str | None = None

    def saw(self, address: str) -> None:
        first = address.lstrip("/").split("/", 1)[0]
        if first in self.codes:
            self.viewed = first


class Rebuilder:
    """Builds on every change, keeping the generator of the last build that succeeded."""

    def __init__(self, settings_file: Path, output: Path):
        self.settings_file, self.output = settings_file, output
        self.first_page = FirstPage()
        self._ran: list[EditionGenerator] = []
        signals.all_generators_finalized.connect(self._prepared)  # held by self: connected weakly

    def _prepared(self, generators) -> None:
        self._ran[:] = [generator for generator in generators if isinstance(generator, EditionGenerator)]

    def build(self, rerun: bool = False) -> bool:
        """Build once; on any failure say why (never with a traceback) and keep serving the previous site."""
        self._ran.clear()
        try:
            build_site(self.settings_file, rerun=rerun)  # says what it built, or that nothing changed
        except Exception as error:  # a template typo must not stop the preview
            print(explain(error, cache_folder(self.output))[0], file=sys.stderr, flush=True)
            return False
        if self._ran:
            self.first_page.adopt(self._ran[0])
        return True

    def show_first(self, changes, state: PreviewState) -> None:
        """The edited page, rendered alone, served until the rebuild is done."""
        try:
            state.ahead = self.first_page.render(changes, state.viewed)
        except Exception:  # noqa: BLE001 (the rebuild that follows reports any problem properly)
            state.ahead = {}


def _is_source(change: watchfiles.Change, path: str) -> bool:
    name = Path(path).name
    return not (name.startswith(".") or name.endswith((".tmp", "~", ".swp")))


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the output folder quietly, an edited page ahead of the rebuild from memory;
    a missing page gets the site's own 404 page."""

    def __init__(self, *args, state: PreviewState, **kwargs):
        self.state = state
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the standard library's name)
        pass

    def send_head(self):
        address = unquote(urlsplit(self.path).path)
        self.state.saw(address)
        name = address.lstrip("/") + ("index.html" if address.endswith("/") else "")
        body = self.state.ahead.get(name)
        if body is None:
            return super().send_head()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(body)

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
    rebuilder = Rebuilder(settings_file, output)
    rebuilder.build(rerun=True)  # even when up to date: the first edit is then shown first too
    output.mkdir(parents=True, exist_ok=True)
    state = PreviewState(portal.languages.codes)
    handler = functools.partial(PreviewHandler, directory=str(output), state=state)
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving http://{host}:{port}/ ; watching {', '.join(str(p) for p in watched)}", flush=True)
    try:
        for changes in watchfiles.watch(*[p for p in watched if p.exists()], watch_filter=_is_source,
                                  debounce=300, rust_timeout=0):
            rebuilder.show_first(changes, state)
            rebuilder.build()
            state.ahead = {}
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
