"""Running a whole Pelican build into a fresh folder, swapped in on success.

A failed build (bad input, a crash, an interrupted run) leaves the
previous output exactly as it was: the new site is written beside it and
only renamed into place once every edition has been written.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from pelican import Pelican
from pelican.log import init as init_logging
from pelican.settings import read_settings


def swap_in(fresh: Path, output: Path) -> None:
    """Replace ``output`` with ``fresh``, keeping the old one until the new is in place."""
    retired = output.with_name(f".{output.name}.old-{os.getpid()}")
    if output.exists():
        output.rename(retired)
    try:
        fresh.rename(output)
    except BaseException:
        if retired.exists():
            retired.rename(output)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def build_site(settings_file: Path, output: Path | None = None, overrides: dict | None = None) -> Path:
    """Build the site described by ``settings_file``; return the output folder."""
    init_logging(level=logging.WARNING)
    settings = read_settings(str(settings_file), override=overrides or {})
    output = (output or Path(settings["OUTPUT_PATH"])).resolve()
    fresh = output.with_name(f".{output.name}.new-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    settings = read_settings(str(settings_file),
                             override={**(overrides or {}), "OUTPUT_PATH": str(fresh),
                                       "DELETE_OUTPUT_DIRECTORY": False})
    try:
        Pelican(settings).run()
        swap_in(fresh, output)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return output
