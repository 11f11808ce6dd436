"""Offline reading: what a reader's device stores, and a zip for sharing.

A language edition can be kept on the phone by the service worker (it
fetches ``<lang>/offline.json``, the list written here) or handed out as a
zip at a center. The zip is deterministic (sorted, fixed timestamps) and its
links name ``index.html`` explicitly, since a phone's file viewer does not
open a folder's index the way a web server does. It leaves out the search
index: a page opened from a file cannot fetch it (browsers refuse
``fetch`` on ``file://``), so there the search form goes to the edition's
A-Z index, which the zip holds; the service worker, which serves pages
over HTTP, does store the search index.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Collection
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from .buildcache import relative_files

SHARED = ("theme", "images")  # folders every edition uses
DIRECTORY_LINK = re.compile(r'((?:href|src|action)=")((?![a-z][a-z0-9+.-]*:|#|/)[^"#?]*/)(#[^"]*)?"')
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
DOS_DATE = ((ZIP_TIME[0] - 1980) << 9) | (ZIP_TIME[1] << 5) | ZIP_TIME[2]
DOS_TIME = (ZIP_TIME[3] << 11) | (ZIP_TIME[4] << 5) | (ZIP_TIME[5] // 2)
ZIP_LEVEL = 6  # zlib's default: 9 took 1.45x as long for 0.2% less (a 24 MB edition)
UTF8_NAMES = 0x0800  # general purpose flag: names are UTF-8


def edition_files(output: Path, code: str) -> list[str]:
    """Every file a reader needs for one edition, relative to the site root, sorted."""
    files = [f"{code}/{name}" for name in relative_files(output / code) if name != "offline.json"]
    for folder in SHARED:
        files += [f"{folder}/{name}" for name in relative_files(output / folder)]
    return sorted(files)


def zip_files(files: list[str], code: str) -> list[str]:
    """An edition's files (``edition_files``) without the search index, which a page read from
    a file cannot load (the search page stays: from a file, its form opens the A-Z index)."""
    search = f"{code}/search/"
    return [name for name in files if not name.startswith(search) or name == f"{search}index.html"]


def offline_manifest(output: Path, code: str, files: list[str] | None = None) -> dict:
    """The list the service worker caches: pages by the URL readers use ('en/visas/').
    ``files``: the edition's ``edition_files``, when the caller has them."""
    urls, size = [], 0
    for name in edition_files(output, code) if files is None else files:
        size += os.stat(os.path.join(output, name)).st_size
        urls.append(name[: -len("index.html")] if name.endswith("/index.html") else name)
    return {"edition": code, "bytes": size, "urls": urls}


def write_offline_manifest(output: Path, code: str, files: list[str] | None = None) -> Path:
    target = output / code / "offline.json"
    target.write_text(json.dumps(offline_manifest(output, code, files), sort_keys=True) + "\n", "utf-8")
    return target


def link_index_files(html: str) -> str:
    """Relative links (and form targets) to folders ('../visas/') point at their index.html,
    for file:// reading."""
    return DIRECTORY_LINK.sub(lambda m: f'{m[1]}{m[2]}index.html{m[3] or ""}"', html)


@dataclass(frozen=True)
class ZipMember:
    """Where a member's compressed bytes are in a zip, and what they hold (sha256 of the data)."""

    sha256: str
    crc: int
    size: int
    compressed_size: int
    offset: int  # of the compressed bytes, from the start of the file


class _ZipWriter:
    """Writes a zip of deflated members with fixed timestamps, member by member.

    ``zipfile`` can only compress what it is given; this writer also takes
    members already compressed (copied from the previous build's zip), so a
    rebuild compresses only the files that changed. The format is plain
    PKZIP 2.0 (no ZIP64): at most 65,535 members and 4 GiB.
    """

    def __init__(self, stream):
        self.stream = stream
        self.central: list[bytes] = []
        self.members: dict[str, ZipMember] = {}

    def add(self, name: str, sha256: str, crc: int, size: int, compressed: bytes) -> None:
        encoded = name.encode("utf-8")
        header_offset = self.stream.tell()
        if header_offset + len(compressed) > 0xFFFFFFFF or len(self.central) >= 0xFFFF:
            raise ValueError("the edition is too large for a plain zip (over 65,535 files or 4 GiB)")
        self.stream.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, UTF8_NAMES, zipfile.ZIP_DEFLATED,
                                      DOS_TIME, DOS_DATE, crc, len(compressed), size, len(encoded), 0))
        self.stream.write(encoded)
        self.members[name] = ZipMember(sha256, crc, size, len(compressed), self.stream.tell())
        self.stream.write(compressed)
        self.central.append(struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, (3 << 8) | 20, 20, UTF8_NAMES, zipfile.ZIP_DEFLATED,
            DOS_TIME, DOS_DATE, crc, len(compressed), size, len(encoded), 0, 0, 0, 0, 0o100644 << 16,
            header_offset) + encoded)

    def copy(self, name: str, member: ZipMember, previous) -> None:
        """Add a member as it is in the ``previous`` zip (an open file), still compressed."""
        previous.seek(member.offset)
        self.add(name, member.sha256, member.crc, member.size, previous.read(member.compressed_size))

    def close(self) -> None:
        start = self.stream.tell()
        for entry in self.central:
            self.stream.write(entry)
        self.stream.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(self.central), len(self.central),
                                      self.stream.tell() - start, start, 0))


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(ZIP_LEVEL, zlib.DEFLATED, -15)  # raw deflate, as zip stores it
    return compressor.compress(data) + compressor.flush()


def write_edition_zip(output: Path, code: str, target: Path, previous: Path | None = None,
                      known: dict[str, ZipMember] | None = None,
                      unchanged: Collection[str] = frozenset(),
                      files: list[str] | None = None) -> dict[str, ZipMember]:
    """A deterministic zip of one edition and the shared files, readable without a server.

    ``previous`` is the last build's zip, whose members are described by
    ``known``: a file whose bytes are the same is copied from it still
    compressed, and a file that is ``unchanged`` (the very file the last
    build wrote) is not even read. Returns the new zip's members, for the
    next build.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    known = known or {}
    names = zip_files(edition_files(output, code) if files is None else files, code)
    if previous is not None and list(known) == names and all(name in unchanged for name in names):
        try:
            os.link(previous, target)  # the very same zip: keep it (and its inode)
            return known
        except OSError:
            pass  # (a file system without hard links) write it again
    temporary = target.with_suffix(".tmp")
    with temporary.open("wb") as stream, (previous.open("rb") if previous else nullcontext()) as old:
        writer = _ZipWriter(stream)
        for name in names:
            member = known.get(name)
            if old is not None and member is not None and name in unchanged:
                writer.copy(name, member, old)
                continue
            data = (output / name).read_bytes()
            if name.endswith(".html"):
                data = link_index_files(data.decode("utf-8")).encode("utf-8")
            sha256 = hashlib.sha256(data).hexdigest()
            if old is not None and member is not None and member.sha256 == sha256:
                writer.copy(name, member, old)
            else:
                writer.add(name, sha256, zlib.crc32(data), len(data), _deflate(data))
        writer.close()
    temporary.replace(target)
    return writer.members
