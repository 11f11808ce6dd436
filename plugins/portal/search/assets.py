"""lunr.js for the browser: installed from npm at a pinned version, published with the theme.

It is never vendored into the repository nor loaded from a CDN: the build
finds ``node_modules/lunr/lunr.min.js`` (from ``npm ci`` in the project
folder, with ``package-lock.json`` pinning it) and publishes it beside the
theme's scripts as ``theme/js/lunr.<hash>.js`` (``portal.assets``), loaded
only when a reader starts a search.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..problems import PortalError, Problem

LUNR_FILE = Path("node_modules", "lunr", "lunr.min.js")


class SearchAssetMissing(PortalError):
    """lunr.js is not installed where the build looks for it (reported like any input problem)."""


def find_lunr(starts: Iterable[Path]) -> Path:
    """``node_modules/lunr/lunr.min.js`` in one of ``starts`` or their parents."""
    looked = []
    for start in starts:
        for folder in (start.resolve(), *start.resolve().parents):
            candidate = folder / LUNR_FILE
            if candidate.is_file():
                return candidate
            looked.append(str(folder))
    raise SearchAssetMissing([Problem(
        str(LUNR_FILE), None, "lunr.js is not installed, and the search box needs it",
        "run `npm ci` in the project folder (where package.json is) to install it from "
        f"package-lock.json; looked in: {', '.join(dict.fromkeys(looked))}")])

