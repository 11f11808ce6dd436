"""Running independent jobs (language editions) on every core.

Jobs run in forked processes, so they share the read-only site model and
translations without pickling them; each returns a small picklable value.
What the parent holds is frozen out of the cyclic garbage collector's
reach before forking (as the ``gc.freeze`` documentation advises): the
workers' collections then never walk it, nor touch and copy its pages.
A failure in any job is raised in the parent with the job's traceback.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from queue import Empty
from typing import TypeVar

T = TypeVar("T")


class JobFailed(RuntimeError):
    """A job raised in a worker process; carries its traceback as text."""


def _worker(jobs, next_job, queue) -> None:
    """Take jobs one at a time until none is left: a worker that drew a long job (an edition
    to render) leaves the short ones (editions reused whole) to the others."""
    while True:
        with next_job.get_lock():
            index = next_job.value
            next_job.value += 1
        if index >= len(jobs):
            return
        try:
            queue.put((index, True, jobs[index]()))
        except BaseException:  # report, do not hang the parent
            queue.put((index, False, traceback.format_exc()))


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_jobs(jobs: Sequence[Callable[[], T]], workers: int | None = None) -> list[T]:
    """Run every job and return their results in order."""
    workers = min(workers or default_workers(), len(jobs))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [job() for job in jobs]
    context = multiprocessing.get_context("fork")
    gc.freeze()
    try:
        return _run_forked(context, jobs, workers)
    finally:
        gc.unfreeze()


def _run_forked(context, jobs: Sequence[Callable[[], T]], workers: int) -> list[T]:
    queue = context.Queue()
    next_job = context.Value("i", 0)
    processes = [context.Process(target=_worker, args=(jobs, next_job, queue)) for _ in range(workers)]
    for process in processes:
        process.start()
    results: dict[int, T] = {}
    failures = []
    while len(results) + len(failures) < len(jobs):
        try:
            index, ok, value = queue.get(timeout=1)
        except Empty:
            if not any(process.is_alive() for process in processes) and queue.empty():
                failures.append("a worker process died without reporting (killed, or out of memory)")
                break
            continue
        if ok:
            results[index] = value
        else:
            failures.append(value)
    for process in processes:
        process.join()
    if failures:
        raise JobFailed("\n".join(failures))
    return [results[i] for i in range(len(jobs))]
