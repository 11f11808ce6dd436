"""One build at a time per output folder, and what killed builds left behind.

``portal serve`` rebuilds on every change, and an editor may run
``make html`` meanwhile: the second build waits for the first, saying so,
then runs (and usually finds nothing changed). Waiting rather than
refusing keeps both commands working side by side; a build is a matter
of seconds. The lock is ``flock`` on a file beside the output, which the
kernel releases when its process ends, however it ends (a killed build's
workers die with it: ``parallel.die_with_parent``); the file holds the
process id of the build that has it, for the message.

A build writes into ``.output.new-<pid>`` beside the output. One killed
with ``kill -9`` (or a power cut) leaves that folder; with the lock held
no other build is writing, so every such folder of another process is a
leftover, and ``remove_leftovers`` removes it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

NEW_PREFIX = ".{name}.new-"  # + the process id of the build writing it


def lock_file(output: Path) -> Path:
    return output.with_name(f".{output.name}.lock")


def fresh_folder(output: Path) -> Path:
    """Where this process's build of ``output`` is written before it is swapped in."""
    return output.with_name(f"{NEW_PREFIX.format(name=output.name)}{os.getpid()}")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def build_lock(output: Path, say: Callable[[str], None] = _say) -> Iterator[None]:
    """Hold the build lock of ``output`` (waiting, with a message, while another build has it)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(lock_file(output), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip() or "unknown"
            say(f"waiting: another build of {output} is running (process {holder}); "
                "this one starts when it ends")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(descriptor)


def remove_leftovers(output: Path) -> list[Path]:
    """Remove the work folders of builds that did not finish (call with the lock held)."""
    ours = fresh_folder(output)
    removed = []
    for folder in output.parent.glob(f"{NEW_PREFIX.format(name=output.name)}*"):
        if folder != ours and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
