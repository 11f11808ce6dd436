"""The theme's static files under content-hashed names, so hosts may cache them for a year.

``theme/css/portal.css`` is published as ``theme/css/portal.<hash>.css``
(the first ten hex digits of its SHA-256): a changed file gets a new name,
so a reader's stored copy is never stale, and ``_headers`` can mark every
file below ``/theme/`` immutable. Templates ask ``asset("css/portal.css")``
for the published name. The service worker is not here: its address must
stay the same (it sits at the root, written by the host files).
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

FOLDER = "theme"  # below the output root
UNHASHED = frozenset({"js/sw.js"})  # published elsewhere, under a fixed name


def hashed_name(name: str, data: bytes) -> str:
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.{hashlib.sha256(data).hexdigest()[:10]}{path.suffix}"))


@dataclass(frozen=True)
class ThemeAssets:
    """Logical name ('js/search.js') -> source file and published path ('theme/js/search.<hash>.js')."""

    sources: Mapping[str, Path]
    published: Mapping[str, str]

    @classmethod
    def collect(cls, static: Path, extra: Mapping[str, Path] | None = None) -> ThemeAssets:
        """Every file below the theme's ``static`` folder, plus ``extra`` ones (lunr.js from npm)."""
        sources = {path.relative_to(static).as_posix(): path for path in sorted(static.rglob("*"))
                   if path.is_file()}
        sources.update(extra or {})
        sources = {name: path for name, path in sources.items() if name not in UNHASHED}
        return cls(sources, {name: f"{FOLDER}/{hashed_name(name, path.read_bytes())}"
                             for name, path in sources.items()})

    def url(self, name: str) -> str:
        """The published path of ``name``, relative to the site root (KeyError for an unknown one)."""
        return self.published[name]

    def write_one(self, name: str, output: Path) -> Path:
        target = output / self.published[name]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.sources[name], target)
        return target
