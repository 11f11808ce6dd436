"""When each source page last changed, for "the source changed on DATE" notices.

An editor's ``modified:`` date wins; otherwise the date of the last Git
commit that touched the file, read for the whole content folder in one
``git log`` call. Outside a Git checkout there is simply no date.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from .site import Site


def git_change_dates(folder: Path) -> dict[str, dt.date]:
    """Last commit date of every file under ``folder`` (paths relative to it)."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder,
                             capture_output=True, text=True, check=True).stdout.strip()
        log = subprocess.run(["git", "log", "--format=%x00%cs", "--name-only", "--", "."],
                             cwd=folder, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    prefix = folder.resolve().relative_to(Path(top).resolve()).as_posix()
    dates: dict[str, dt.date] = {}
    current = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current is not None:
            relative = line[len(prefix) + 1:] if prefix != "." else line
            dates.setdefault(relative, current)  # newest commit comes first
    return dates


def source_change_dates(site: Site) -> dict[str, dt.date]:
    dates = git_change_dates(site.content_root)
    for path, page in site.pages.items():
        if "modified" in page.meta:
            dates[path] = page.meta["modified"]
    return {path: date for path, date in dates.items() if path in site.pages}
