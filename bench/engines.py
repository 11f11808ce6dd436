"""The builds being compared, each run as a subprocess on its own layout of the corpus.

- ``ours``: ``portal build`` on the Korean source and catalogs;
- ``pelican-i18n``: Pelican with the i18n_subsites plugin (one sub-site per language);
- ``pelican``: Pelican in one run, translations linked by slug;
- ``hugo``: Hugo from Debian, multilingual by file name;
- ``markdown``: not a site generator but the floor of ours: Python-Markdown
  alone on every page of every language (``bench/floor.py``).

The Pelican anchors run from ``bench/.venv-anchors``, a venv the harness
creates with the same Pelican and Markdown versions as the project's, so
the comparison is between designs, not versions; the project's own venv
is never touched.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .paths import ANCHORS_VENV, BENCH, project_python

I18N_SUBSITES = "pelican-i18n-subsites==1.0.0"


@dataclass(frozen=True)
class Engine:
    """How to build one layout: the command, where it runs, where it writes."""

    name: str
    layout: str  # the folder of the synthetic site it reads (and runs in, on a fresh copy)
    output: str  # its output folder, relative to that folder
    description: str

    def command(self) -> list[str]:
        if self.name == "ours":
            return [str(project_python()), "-m", "portal", "--settings", "pelicanconf.py", "build"]
        if self.name == "hugo":
            return ["hugo", "--quiet", "--noBuildLock", "-d", self.output]
        if self.name == "markdown":  # -P: bench/'s modules must not shadow installed ones
            return [str(project_python()), "-P", str(BENCH / "floor.py"), "content", self.output]
        settings = "pelicanconf.py" if self.name == "pelican-i18n" else "pelicanconf_plain.py"
        return [str(ANCHORS_VENV / "bin" / "pelican"), "-q", "-s", settings, "-o", self.output]

    def unavailable(self) -> str | None:
        """Why this engine cannot run here, or None."""
        if self.name == "hugo" and shutil.which("hugo") is None:
            return "hugo is not installed (Debian: apt-get install hugo)"
        return None


ENGINES = {
    "ours": Engine("ours", "portal", "output", "portal build (Pelican + portal_pelican)"),
    "hugo": Engine("hugo", "hugo", "public", "Hugo (Debian package), multilingual by file name"),
    "pelican": Engine("pelican", "pelican", "output-plain", "Pelican, one run, per-language files"),
    "pelican-i18n": Engine("pelican-i18n", "pelican", "output", "Pelican + i18n_subsites"),
    "markdown": Engine("markdown", "pelican", "output-floor",
                       "Python-Markdown alone on every page-language, every core (the floor)"),
}


def engine_versions() -> dict[str, str]:
    """Versions of what is compared, for the results file."""
    versions = {"python": sys.version.split()[0]}
    for package in ("pelican", "markdown", "babel", "jinja2"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            pass
    if shutil.which("hugo"):
        versions["hugo"] = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip()
    versions["pelican-i18n-subsites"] = I18N_SUBSITES.split("==")[1]
    return versions


def anchor_requirements() -> list[str]:
    """Pelican and Markdown pinned to the project's versions, plus i18n_subsites."""
    pins = []
    for package in ("pelican", "markdown"):
        try:
            pins.append(f"{package}=={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            pins.append(package)
    return [*pins, I18N_SUBSITES]


def ensure_anchors_venv() -> Path:
    """Create ``bench/.venv-anchors`` with the anchors' packages, once per set of pins."""
    wanted = "\n".join(anchor_requirements()) + "\n"
    stamp = ANCHORS_VENV / "requirements.txt"
    if stamp.exists() and stamp.read_text() == wanted and (ANCHORS_VENV / "bin" / "pelican").exists():
        return ANCHORS_VENV
    print(f"creating {ANCHORS_VENV} with {wanted.split()}", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(ANCHORS_VENV)], check=True)
    subprocess.run([str(ANCHORS_VENV / "bin" / "pip"), "install", "--quiet", *wanted.split()], check=True)
    stamp.write_text(wanted)
    return ANCHORS_VENV
