"""What a user sees when a command fails: a message, never a Python traceback.

Problems in the input (``PortalError``) are printed with their files and
lines; the machine's faults (``BuildFault``: a full disk, a folder that
may not be written, a worker killed) in one line naming the path. An
error of the operating system that a user can act on becomes such a
fault (``fault_from``). Anything else is a bug in the generator: one
line says so and names the file its traceback was saved in, for the
report.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import tempfile
import traceback
from pathlib import Path

from .problems import BuildFault, PortalError

# errors of the machine, not of the generator, in the words of the person at it
MACHINE_ERRORS = {
    errno.ENOSPC: "no space left on the device: free some space and build again",
    errno.EDQUOT: "the disk quota is used up: free some space and build again",
    errno.EACCES: "permission denied: check who may write to that folder",
    errno.EPERM: "not permitted: check who may write to that folder",
    errno.EROFS: "the file system is read-only",
    errno.EMFILE: "too many open files: raise the limit (ulimit -n) or use fewer PORTAL_WORKERS",
    errno.ENFILE: "too many open files on the system",
    errno.EFBIG: "the file is larger than the file system or the limits allow",
    errno.EIO: "input/output error: the disk may be failing",
    errno.ENAMETOOLONG: "the path is too long for the file system",
}
INTERRUPTED = 130
BUG = 70  # EX_SOFTWARE


def fault_from(error: OSError, folder: Path) -> BuildFault | None:
    """A one-line fault for an error of the machine while building in ``folder``; None for others."""
    reason = MACHINE_ERRORS.get(error.errno)
    if reason is None:
        return None
    where = error.filename or f"in {folder}"  # a failed write() does not say which file it was
    return BuildFault(f"cannot write {where}: {reason}")


def save_traceback(error: BaseException, folder: Path | None) -> Path | None:
    """Write the error's traceback to a new file in ``folder`` (else the temporary folder);
    None when neither can be written."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = "".join(traceback.format_exception(error))
    for place in (folder, Path(tempfile.gettempdir())):
        if place is None:
            continue
        try:
            place.mkdir(parents=True, exist_ok=True)
            target = place / f"portal-crash-{stamp}-{os.getpid()}.txt"
            target.write_text(text, "utf-8")
            return target
        except OSError:
            continue
    return None


def explain(error: BaseException, crash_folder: Path | None) -> tuple[str, int]:
    """What to print for an error that ended a command, and the exit status."""
    if isinstance(error, PortalError):
        return str(error), error.exitcode
    if isinstance(error, BuildFault):
        return f"error: {error}", error.exitcode
    if isinstance(error, KeyboardInterrupt):
        return "interrupted; the published output was left as it was", INTERRUPTED
    if isinstance(error, OSError):
        fault = fault_from(error, Path.cwd())
        if fault is not None:
            return f"error: {fault}", fault.exitcode
    saved = save_traceback(error, crash_folder)
    summary = (f"{type(error).__name__}: {error}".splitlines() or [type(error).__name__])[0][:200]
    report = (f"its details are in {saved}: please report it with that file" if saved
              else "its details could not be saved (no folder could be written): please report this line")
    return (f"error: internal error in the portal generator ({summary}). This is a bug in the generator, "
            f"not a problem in your files; {report}."), BUG
