"""Running independent jobs (language editions) on every core.

A ``concurrent.futures.ProcessPoolExecutor`` with the fork start method:
the workers share the read-only site model and translations with the
parent without pickling them (each is given the jobs when it starts, and
is sent only a job's number); a job returns a small picklable value.

- What the parent holds is frozen out of the cyclic garbage collector's
  reach before forking (as the ``gc.freeze`` documentation advises): the
  workers' collections then never walk it, nor touch and copy its pages.
- Jobs are drawn one at a time by whichever worker is free: a worker that
  drew a long job (an edition to render) leaves the short ones (editions
  reused whole) to the others. Results come back in the jobs' order.
- A job's exception is raised in the parent as it was raised (a
  ``PortalError`` stays one), after every other job has ended.
- A worker that dies (killed, out of memory, ``os._exit``) is a
  ``WorkerDied`` error saying how it died, not a hang.
- On Linux each worker asks the kernel to kill it when its parent dies
  (``PR_SET_PDEATHSIG``), so a build killed with ``kill -9`` leaves no
  worker behind.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from .problems import BuildFault

T = TypeVar("T")
PR_SET_PDEATHSIG = 1

_jobs: Sequence[Callable[[], object]] = ()  # in a worker: the jobs it was forked with


class WorkerDied(BuildFault):
    """A worker process ended without finishing its job (killed, out of memory)."""


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def workers_for(items: int, per_worker: int = 1, workers: int | None = None) -> int:
    """How many workers to share ``items`` out over: ``workers`` (every core when None),
    but no more than give each ``per_worker`` items (forking a large build process costs
    more than a few small items), and at least one."""
    return max(1, min(workers or default_workers(), items // per_worker))


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when ``parent`` dies (Linux; elsewhere nothing).

    If the parent died already, before the request was made, exit now.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _start_worker(jobs: Sequence[Callable[[], object]], parent: int) -> None:
    global _jobs
    _jobs = jobs
    die_with_parent(parent)


def _run(index: int) -> object:
    return _jobs[index]()


def run_jobs(jobs: Sequence[Callable[[], T]], workers: int | None = None) -> list[T]:
    """Run every job and return their results in order."""
    workers = min(workers or default_workers(), len(jobs))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [job() for job in jobs]
    gc.freeze()
    try:
        return _run_forked(jobs, workers)
    finally:
        gc.unfreeze()


def _run_forked(jobs: Sequence[Callable[[], T]], workers: int) -> list[T]:
    executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_start_worker, initargs=(jobs, os.getpid()))
    processes = []
    try:
        futures = [executor.submit(_run, index) for index in range(len(jobs))]
        processes = list(getattr(executor, "_processes", {}).values())  # to say how one died
        failures = [future.exception() for future in futures]
    except BaseException:
        executor.shutdown(wait=True, cancel_futures=True)
        raise
    executor.shutdown(wait=True)
    died = next((failure for failure in failures if isinstance(failure, BrokenProcessPool)), None)
    if died is not None:
        raise WorkerDied(_how_it_died(processes)) from None
    failure = next((failure for failure in failures if failure is not None), None)
    if failure is not None:
        raise failure
    return [future.result() for future in futures]


def _how_it_died(processes) -> str:
    codes = [process.exitcode for process in processes if process.exitcode not in (None, 0)]
    if any(code != -signal.SIGTERM for code in codes):  # the pool ends the others with SIGTERM
        codes = [code for code in codes if code != -signal.SIGTERM]
    signals = sorted({-code for code in codes if code < 0})
    if signals:
        names = ", ".join(signal.Signals(number).name for number in signals if number in signal.valid_signals())
        how = f"was killed by {names or 'a signal'}"
        if signal.SIGKILL in signals:
            how += " (the system may have run out of memory)"
    elif codes:
        how = f"exited with status {codes[0]}"
    else:
        how = "ended unexpectedly"
    return f"a worker process of the build {how} before finishing its work; nothing was published"
