"""Offline reading: what a reader's device stores, and a zip for sharing.

A language edition can be kept on the phone by the service worker (it
fetches ``<lang>/offline.json``, the list written here) or handed out as a
zip at a center. The zip is deterministic (sorted, fixed timestamps) and its
links name ``index.html`` explicitly, since a phone's file viewer does not
open a folder's index the way a web server does.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

SHARED = ("theme", "images")  # folders every edition uses
DIRECTORY_LINK = re.compile(r'((?:href|src)=")((?![a-z][a-z0-9+.-]*:|#|/)[^"#?]*/)(#[^"]*)?"')
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def edition_files(output: Path, code: str) -> list[str]:
    """Every file a reader needs for one edition, relative to the site root, sorted."""
    files = [p for p in (output / code).rglob("*") if p.is_file() and p.name != "offline.json"]
    for folder in SHARED:
        files += [p for p in (output / folder).rglob("*") if p.is_file()]
    return sorted(p.relative_to(output).as_posix() for p in files)


def offline_manifest(output: Path, code: str) -> dict:
    """The list the service worker caches: pages by the URL readers use ('en/visas/')."""
    urls, size = [], 0
    for name in edition_files(output, code):
        size += (output / name).stat().st_size
        urls.append(name[: -len("index.html")] if name.endswith("/index.html") else name)
    return {"edition": code, "bytes": size, "urls": urls}


def write_offline_manifest(output: Path, code: str) -> Path:
    target = output / code / "offline.json"
    target.write_text(json.dumps(offline_manifest(output, code), sort_keys=True) + "\n", "utf-8")
    return target


def link_index_files(html: str) -> str:
    """Relative links to folders ('../visas/') point at their index.html, for file:// reading."""
    return DIRECTORY_LINK.sub(lambda m: f'{m[1]}{m[2]}index.html{m[3] or ""}"', html)


def write_edition_zip(output: Path, code: str, target: Path) -> Path:
    """A deterministic zip of one edition and the shared files, readable without a server."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in edition_files(output, code):
            data = (output / name).read_bytes()
            if name.endswith(".html"):
                data = link_index_files(data.decode("utf-8")).encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    temporary.replace(target)
    return target
