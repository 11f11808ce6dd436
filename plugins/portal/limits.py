"""How much input the portal accepts, and what happens past that.

Every file an editor writes is untrusted, and a build must end, quickly,
in a site or in a message: files are read through ``read_limited`` (a size
limit, checked before reading, and UTF-8), and a page is rendered under
``bounded_rendering`` (Python-Markdown recurses once per level of nesting
and is quadratic on some inputs, such as thousands of '[' without ']':
past the recursion limit or a budget of processor time, the page is
refused with its file and line, not the build left hanging).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

from .problems import PortalError, Problem, ProblemLog

KB = 1024
MAX_PAGE_BYTES = 512 * KB  # a long guide is 20 KB
MAX_FRONT_MATTER_BYTES = 32 * KB  # a title, a summary, a few keys
MAX_DATA_BYTES = 2 * KB * KB  # the sample's service points are 8 KB for 14 records
MAX_MESSAGE_CHARS = 20_000  # one paragraph, list item or table cell: one translator's message
PAGE_SECONDS = 20.0  # processor time to render one page (a page takes a few milliseconds)


def size_text(size: int) -> str:
    return f"{size / (KB * KB):.1f} MB" if size >= KB * KB else f"{size / KB:.0f} KB"


def read_limited(path: Path, display: str, log: ProblemLog, limit: int, hint: str) -> str | None:
    """The file's text, or None with a problem: over ``limit`` bytes, unreadable or not UTF-8.

    A UTF-8 byte order mark (which some editors write) is dropped.
    """
    try:
        size = path.stat().st_size
        if size > limit:
            log.add(display, 1, f"the file is {size_text(size)}, more than the {size_text(limit)} "
                    "the portal reads", hint)
            return None
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        log.add(display, None, f"cannot read the file ({error.strerror})", "check the file's permissions")
        return None
    if len(data) > limit:  # it grew since stat
        log.add(display, 1, f"the file is more than the {size_text(limit)} the portal reads", hint)
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        log.add(display, line, f"the file is not UTF-8 ({error.reason})", "save the file as UTF-8")
        return None


class _OverBudget(Exception):
    """Raised from the timer's signal handler when a page has used up its processor time."""


def _over_budget(signum, frame) -> None:
    raise _OverBudget


@contextlib.contextmanager
def _processor_budget(seconds: float | None) -> Iterator[None]:
    """Raise ``_OverBudget`` after ``seconds`` of this process's processor time.

    Only in the main thread of a process that has interval timers (signals
    are delivered there); elsewhere the recursion limit still holds.
    """
    if (not seconds or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return
    previous = signal.signal(signal.SIGVTALRM, _over_budget)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


TOO_DEEP_HINT = ("lists, quotes and emphasis nest at most about 200 levels, and a definition list needs a "
                 "blank line between entries after a few hundred: flatten the nesting or split the page")
TOO_SLOW_HINT = ("this happens with thousands of '[' or '<' in one paragraph, or nesting hundreds of levels "
                 "deep: shorten the paragraph or split the page")


@contextlib.contextmanager
def bounded_rendering(display: str, line: int, seconds: float | None = PAGE_SECONDS) -> Iterator[None]:
    """Render a page within the recursion limit and ``seconds`` of processor time.

    Past either, or out of memory, raise a ``PortalError`` naming the page
    (``display``, ``line``): the page's problem, not the generator's.
    """
    try:
        with _processor_budget(seconds):
            yield
    except RecursionError:
        raise PortalError([Problem(display, line, "the page nests too deeply for the Markdown parser",
                                   TOO_DEEP_HINT)]) from None
    except _OverBudget:
        raise PortalError([Problem(display, line, f"rendering the page took more than {seconds:g} s "
                                   "of processor time (a page normally takes a few milliseconds)",
                                   TOO_SLOW_HINT)]) from None
    except MemoryError:
        raise PortalError([Problem(display, line, "rendering the page ran out of memory",
                                   TOO_SLOW_HINT)]) from None
