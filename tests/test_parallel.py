"""Running editions on every core: results in order, every job once, failures reported."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

import pytest

from portal.parallel import JobFailed, run_jobs


def _note(folder: Path, number: int) -> int:
    (folder / f"{number}-{os.getpid()}").touch()
    return number * number


def _fail(number: int) -> int:
    raise ValueError(f"job {number} is broken")


def test_every_job_runs_once_and_results_keep_their_order(tmp_path):
    results = run_jobs([partial(_note, tmp_path, number) for number in range(12)], workers=2)
    assert results == [number * number for number in range(12)]
    ran = sorted(int(path.name.split("-")[0]) for path in tmp_path.iterdir())
    assert ran == list(range(12))
    assert len({path.name.split("-")[1] for path in tmp_path.iterdir()} - {str(os.getpid())}) >= 1  # forked


def test_a_failing_job_is_reported_with_its_traceback(tmp_path):
    jobs = [partial(_note, tmp_path, 0), partial(_fail, 1), partial(_note, tmp_path, 2)]
    with pytest.raises(JobFailed, match="job 1 is broken"):
        run_jobs(jobs, workers=2)
    assert sorted(int(path.name.split("-")[0]) for path in tmp_path.iterdir()) == [0, 2]
