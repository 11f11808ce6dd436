"""Live preview for editors and translators: serve the site, rebuild on change.

Watches the content, the catalogs, the theme and the settings file. A
build that fails prints its problems and keeps serving the last good
site (builds are atomic), so a typo never takes the preview down. Each
rebuild takes the output's build lock: a ``make html`` run meanwhile
waits for it, and it for ``make html``.
"""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import watchfiles
from pelican.settings import read_settings

from portal.failures import explain
from portal.project import PortalSettings

from .build import build_site, cache_folder


def _rebuild(settings_file: Path, output: Path) -> bool:
    """Build once; on any failure say why (never with a traceback) and keep serving the previous site."""
    try:
        build_site(settings_file)
    except Exception as error:  # a template typo must not stop the preview
        print(explain(error, cache_folder({}, output))[0], file=sys.stderr, flush=True)
        return False
    print("rebuilt", flush=True)
    return True


def _is_source(change: watchfiles.Change, path: str) -> bool:
    name = Path(path).name
    return not (name.startswith(".") or name.endswith((".tmp", "~", ".swp")))


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the standard library's name)
        pass


def serve(settings_file: Path, port: int = 8000, host: str = "127.0.0.1") -> None:
    settings_file = settings_file.resolve()
    settings = read_settings(str(settings_file))
    portal = PortalSettings.from_mapping(settings, settings_file)
    output = Path(settings["OUTPUT_PATH"]).resolve()
    watched = [settings_file, portal.content, portal.theme, portal.translations]
    _rebuild(settings_file, output)
    output.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(QuietHandler, directory=str(output))
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
