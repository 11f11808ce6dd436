"""When each source page last changed, for "the source changed on DATE" notices.

An editor's ``modified:`` date wins; otherwise the date of the last Git
commit that touched the file, read for the whole content folder in one
``git log`` call. Outside a Git checkout (a downloaded zip, a copied
folder), or for a page not committed yet, the date is that of the page's
translation template: ``portal extract`` rewrites a template only when the
page's messages change, so its ``POT-Creation-Date`` is the day the text
to translate last changed. A file's modification time is not used: a copy
or a checkout resets it, and two builds of one commit would disagree.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

from .catalogs import CatalogLayout, page_domain
from .site import Site

POT_CREATION_DATE = re.compile(rb'^"POT-Creation-Date: (\d{4}-\d{2}-\d{2})', re.MULTILINE)
HEADER_BYTES = 4096  # the header entry is at the top of a template


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


def template_date(template: Path) -> dt.date | None:
    """The day in a template's ``POT-Creation-Date`` header; None if it has none that reads."""
    try:
        with template.open("rb") as stream:
            match = POT_CREATION_DATE.search(stream.read(HEADER_BYTES))
        return dt.date.fromisoformat(match[1].decode()) if match else None
    except (OSError, ValueError):
        return None


def source_change_dates(site: Site, layout: CatalogLayout | None = None) -> dict[str, dt.date]:
    """Each page's change date: ``modified:``, else its last commit, else its template's date."""
    dates = git_change_dates(site.content_root)
    for path, page in site.pages.items():
        if "modified" in page.meta:
            dates[path] = page.meta["modified"]
        elif path not in dates and layout is not None:
            date = template_date(layout.template(page_domain(path)))
            if date is not None:
                dates[path] = date
    return {path: date for path, date in dates.items() if path in site.pages}
