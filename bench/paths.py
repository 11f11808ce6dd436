"""Where the harness finds the project and keeps its own files.

Everything is computed from this file's location, so the harness works
from any working directory and in any checkout of the project.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
THEME = ROOT / "theme"
PLUGINS = ROOT / "plugins"
REAL_SETTINGS = ROOT / "pelicanconf.py"
REAL_TRANSLATIONS = ROOT / "translations"
WORK = BENCH / "work"  # generated sites and build outputs (ignored by Git)
RESULTS = BENCH / "results"  # JSON results and profiles
ANCHORS_VENV = BENCH / ".venv-anchors"


def project_python() -> Path:
    """The interpreter that has the portal installed: the project's venv, else this one."""
    venv = ROOT / ".venv" / "bin" / "python"
    return venv if venv.exists() else Path(sys.executable)


def real_settings() -> dict[str, Any]:
    """The sample portal's settings (upper-case names only), read as plain Python."""
    return {k: v for k, v in runpy.run_path(str(REAL_SETTINGS)).items() if k.isupper()}


def language_codes() -> tuple[str, list[str]]:
    """(source code, target codes) as declared in the sample portal's PORTAL_LANGUAGES."""
    settings = real_settings()
    source = settings.get("PORTAL_SOURCE_LANGUAGE", "ko")
    codes = [entry["code"] for entry in settings["PORTAL_LANGUAGES"]]
    return source, [code for code in codes if code != source]


def site_dir(pages: int, seed: int) -> Path:
    """The default folder of the synthetic site of a given size and seed."""
    return WORK / f"p{pages}-s{seed}"
