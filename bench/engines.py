"""The builds being compared, each run as a subprocess on its own layout of the corpus.

- ``ours``: ``portal build`` on the Korean source and catalogs;
- ``pelican-i18n``: Pelican with the i18n_subsites plugin (one sub-site per language);
- ``pelican``: Pelican in one run, translations linked by slug;
- ``hugo``: Hugo from Debian, multilingual by file name;
- ``pagefind``: Pagefind (the pinned npm package and the binary it ships)
  alone, indexing a Hugo output prepared, unmeasured, just before;
- ``hugo+pagefind``: what a searchable multilingual Hugo site costs: Hugo's
  build then Pagefind over its output, one shell command measured whole
  (wall, CPU and peak PSS of the tree, as for any other engine);
- ``markdown``: not a site generator but the floor of ours: Python-Markdown
  alone on every page of every language (``bench/floor.py``).

The Pelican anchors run from ``bench/.venv-anchors``, a venv the harness
creates with the same Pelican and Markdown versions as the project's, so
the comparison is between designs, not versions; the project's own venv
is never touched.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .paths import ANCHORS_VENV, BENCH, ROOT, project_python

I18N_SUBSITES = "pelican-i18n-subsites==1.0.0"
HUGO = ("hugo", "--quiet", "--noBuildLock", "-d", "public")
PAGEFIND = ROOT / "node_modules" / ".bin" / "pagefind"  # npm's wrapper of the binary the package ships
PAGEFIND_PACKAGES = ROOT / "node_modules" / "@pagefind"  # where npm put that binary
# The wrapper runs the binary these name instead of the package's own: never while measuring.
PAGEFIND_OVERRIDES = ("PAGEFIND_BINARY_PATH", "PAGEFIND_EXTENDED_BINARY_PATH")
INSTALL_HUGO = "Hugo is not installed: apt-get install -y hugo (Debian's package, 0.111.3 on bookworm)"
INSTALL_PAGEFIND = (f"Pagefind is not installed: run `npm ci` in {ROOT} (package.json pins the pagefind "
                    "package, which ships its binary)")


def pagefind_command() -> list[str]:
    """Pagefind over Hugo's output, as a Hugo site's build script runs it."""
    return [str(PAGEFIND), "--site", "public"]


def measured_env() -> dict[str, str]:
    """The environment every build runs in: this one, without overrides of Pagefind's binary."""
    return {key: value for key, value in os.environ.items() if key not in PAGEFIND_OVERRIDES}


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
            return list(HUGO)
        if self.name == "pagefind":
            return pagefind_command()
        if self.name == "hugo+pagefind":
            return ["sh", "-c", f"{shlex.join(HUGO)} && {shlex.join(pagefind_command())}"]
        if self.name == "markdown":  # -P: bench/'s modules must not shadow installed ones
            return [str(project_python()), "-P", str(BENCH / "floor.py"), "content", self.output]
        settings = "pelicanconf.py" if self.name == "pelican-i18n" else "pelicanconf_plain.py"
        return [str(ANCHORS_VENV / "bin" / "pelican"), "-q", "-s", settings, "-o", self.output]

    def prepare(self) -> list[str] | None:
        """A command run, unmeasured, on the fresh copy before the measured one (or None)."""
        return list(HUGO) if self.name == "pagefind" else None

    def unavailable(self) -> str | None:
        """Why this engine cannot run here, or None."""
        if self.layout == "hugo" and shutil.which("hugo") is None:
            return INSTALL_HUGO
        if "pagefind" in self.name:
            return pagefind_unavailable()
        return None


def pagefind_binary() -> Path | None:
    """The binary npm's wrapper runs: the one the ``@pagefind/<platform>`` package shipped."""
    found = sorted(PAGEFIND_PACKAGES.glob("*/bin/pagefind_extended")) + sorted(
        PAGEFIND_PACKAGES.glob("*/bin/pagefind"))
    return found[0] if found else None


def pagefind_unavailable() -> str | None:
    if not PAGEFIND.exists() or pagefind_binary() is None:
        return INSTALL_PAGEFIND
    return None


def pagefind_version() -> dict[str, str]:
    """Pagefind's version, and the binary its npm wrapper really ran (to show it is the package's)."""
    answer = subprocess.run([str(PAGEFIND), "--version", "--verbose"], capture_output=True, text=True,
                            env=measured_env())
    ran = next((line.split(" at ", 1)[1] for line in answer.stdout.splitlines()
                if "Running the executable at" in line), "")
    version = next((line for line in answer.stdout.splitlines() if re.match(r"pagefind \d", line)), "")
    package = json.loads((ROOT / "node_modules" / "pagefind" / "package.json").read_text("utf-8"))["version"]
    return {"pagefind": version, "pagefind_npm": package, "pagefind_binary": ran}


ENGINES = {
    "ours": Engine("ours", "portal", "output", "portal build (Pelican + portal_pelican)"),
    "hugo": Engine("hugo", "hugo", "public", "Hugo (Debian package), multilingual by file name"),
    "pelican": Engine("pelican", "pelican", "output-plain", "Pelican, one run, per-language files"),
    "pelican-i18n": Engine("pelican-i18n", "pelican", "output", "Pelican + i18n_subsites"),
    "markdown": Engine("markdown", "pelican", "output-floor",
                       "Python-Markdown alone on every page-language, every core (the floor)"),
    "pagefind": Engine("pagefind", "hugo", "public/pagefind",
                       "Pagefind (npm package, its binary) alone over a prepared Hugo output"),
    "hugo+pagefind": Engine("hugo+pagefind", "hugo", "public",
                            "Hugo's build, then Pagefind over its output: a searchable Hugo site"),
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
    if pagefind_unavailable() is None:
        versions.update(pagefind_version())
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
