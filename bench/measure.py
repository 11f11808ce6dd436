"""Measuring one build: wall time, CPU time and peak memory of a whole process tree.

Our generator forks one worker per core, so the memory of "the build" is
that of a process tree whose workers share most pages with their parent
(copy-on-write). Three figures are kept, each for a reason:

- ``peak_pss_mib``: the highest sum, over the tree, of each process's
  proportional set size (``/proc/PID/smaps_rollup``). Shared pages are
  divided among the processes that share them, so this is the memory the
  build really occupies; it is the figure compared between engines. It
  is sampled every 0.25 s, less often for a large tree (reading it walks
  the page tables; the sampler keeps its own cost under 2% of a core), so
  it can miss a short peak.
- ``peak_rss_sum_mib``: the sum of RSS over the tree (``/proc/PID/statm``,
  every 50 ms); it counts shared pages once per process, so it overstates
  a forking build (an upper bound).
- ``max_rss_mib``: ``ru_maxrss`` from ``wait4``: exact, but the largest
  *single* process of the tree (what ``/usr/bin/time -f %M`` prints), so
  it understates a forking build (a lower bound).

CPU time is user + system time of the process and every descendant it
waited for (``wait4``'s rusage), so forked workers are included.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

KIB_PER_MIB = 1024
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass(frozen=True)
class Measurement:
    """What one run of a command cost."""

    wall_s: float
    cpu_s: float
    user_s: float
    system_s: float
    peak_pss_mib: float
    peak_rss_sum_mib: float
    max_rss_mib: float
    peak_processes: int
    returncode: int

    def as_dict(self) -> dict:
        return {key: round(value, 3) if isinstance(value, float) else value
                for key, value in asdict(self).items()}


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as stream:
                found += [int(child) for child in stream.read().split()]
    except OSError:
        pass  # the process ended between two reads
    return found


def process_tree(root: int) -> list[int]:
    """``root`` and all its descendants, from /proc."""
    tree, pending = [], [root]
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending += _children(pid)
    return tree


def rss_kib(pid: int) -> int:
    """Resident set of one process in KiB, from /proc/PID/statm (cheap to read)."""
    try:
        with open(f"/proc/{pid}/statm") as stream:
            return int(stream.read().split()[1]) * PAGE_KIB
    except (OSError, ValueError, IndexError):
        return 0  # the process has just ended


def pss_kib(pid: int) -> int:
    """Proportional set of one process in KiB, from /proc/PID/smaps_rollup.

    The kernel walks the page tables to answer, which costs milliseconds
    for a large process: it is read less often than RSS.
    """
    try:
        with open(f"/proc/{pid}/smaps_rollup") as stream:
            for line in stream:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeSampler(threading.Thread):
    """Samples a process tree's summed RSS and PSS until stopped; keeps the peaks.

    RSS is read every ``interval``. PSS costs a page-table walk per
    process (milliseconds per GiB), and on a 2-core machine the sampler
    competes with the build it measures: PSS is read at most every
    ``pss_interval`` and never more often than keeps its own cost under
    ``max_overhead`` of one core.
    """

    def __init__(self, root: int, interval: float, pss_interval: float = 0.25, max_overhead: float = 0.02):
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.pss_interval, self.max_overhead = pss_interval, max_overhead
        self.peak_rss = self.peak_pss = self.peak_processes = 0
        self._next_pss = 0.0
        self._stop_event = threading.Event()

    def sample(self) -> None:
        tree = process_tree(self.root)
        self.peak_rss = max(self.peak_rss, sum(rss_kib(pid) for pid in tree))
        self.peak_processes = max(self.peak_processes, len(tree))
        started = time.monotonic()
        if started >= self._next_pss:
            self.peak_pss = max(self.peak_pss, sum(pss_kib(pid) for pid in tree))
            cost = time.monotonic() - started
            self._next_pss = started + max(self.pss_interval, cost / self.max_overhead)

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def run_measured(command: Sequence[str], cwd: Path, log: Path, env: dict[str, str] | None = None,
                 interval: float = 0.05, timeout: float | None = None) -> Measurement:
    """Run ``command`` (output to ``log``) and measure it; a timeout kills its process group."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as output:
        started = time.perf_counter()
        process = subprocess.Popen(list(command), cwd=cwd, env=env, stdout=output,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        sampler = TreeSampler(process.pid, interval)
        sampler.start()
        timer = threading.Timer(timeout, os.killpg, (process.pid, signal.SIGKILL)) if timeout else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        if timer:
            timer.cancel()
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
    return Measurement(
        wall_s=wall, cpu_s=usage.ru_utime + usage.ru_stime, user_s=usage.ru_utime,
        system_s=usage.ru_stime, peak_pss_mib=sampler.peak_pss / KIB_PER_MIB,
        peak_rss_sum_mib=sampler.peak_rss / KIB_PER_MIB, max_rss_mib=usage.ru_maxrss / KIB_PER_MIB,
        peak_processes=sampler.peak_processes, returncode=process.returncode)
