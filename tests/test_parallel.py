"""Running editions on every core: results in order, every job once, failures reported, no hang."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from functools import partial
from pathlib import Path

import pytest

from portal.parallel import WorkerDied, run_jobs, workers_for
from portal.problems import PortalError, Problem


def _note(folder: Path, number: int) -> int:
    (folder / f"{number}-{os.getpid()}").touch()
    return number * number


def _fail(number: int) -> int:
    raise ValueError(f"job {number} is broken")


def _refuse(number: int) -> int:
    raise PortalError([Problem("content/page.md", 3, f"page {number} is refused")])


def _exit(number: int) -> int:
    os._exit(3)


def _kill_self(number: int) -> int:
    os.kill(os.getpid(), signal.SIGKILL)
    return number


def test_every_job_runs_once_and_results_keep_their_order(tmp_path):
    results = run_jobs([partial(_note, tmp_path, number) for number in range(12)], workers=2)
    assert results == [number * number for number in range(12)]
    ran = sorted(int(path.name.split("-")[0]) for path in tmp_path.iterdir())
    assert ran == list(range(12))
    assert len({path.name.split("-")[1] for path in tmp_path.iterdir()} - {str(os.getpid())}) >= 1  # forked


def test_a_failing_job_raises_its_own_exception_after_the_others_ran(tmp_path):
    jobs = [partial(_note, tmp_path, 0), partial(_fail, 1), partial(_note, tmp_path, 2)]
    with pytest.raises(ValueError, match="job 1 is broken"):
        run_jobs(jobs, workers=2)
    assert sorted(int(path.name.split("-")[0]) for path in tmp_path.iterdir()) == [0, 2]


def test_a_problem_found_in_a_worker_stays_a_problem():
    with pytest.raises(PortalError) as caught:
        run_jobs([partial(_refuse, 1), partial(_refuse, 2)], workers=2)
    assert [str(problem) for problem in caught.value.problems] == ["content/page.md:3: error: page 1 is refused"]


@pytest.mark.parametrize(("job", "how"), [(_exit, "exited with status 3"), (_kill_self, "killed by SIGKILL")])
def test_a_worker_that_dies_is_a_clear_error_not_a_hang(tmp_path, job, how):
    jobs = [partial(_note, tmp_path, 0), partial(job, 1), partial(_note, tmp_path, 2)]
    with pytest.raises(WorkerDied, match=how) as caught:
        run_jobs(jobs, workers=2)
    assert "\n" not in str(caught.value)


def test_a_build_whose_worker_dies_says_so_in_one_line(site_copy: Path):
    # A plugin of the portal's own kind whose job kills its worker, as the out-of-memory killer would.
    plugin = site_copy / "killer.py"
    plugin.write_text(textwrap.dedent('''
        import os, signal
        from pelican import signals
        from portal.parallel import run_jobs

        def _die():
            os.kill(os.getpid(), signal.SIGKILL)

        def kill_workers(pelican):
            run_jobs([_die, _die], 2)

        def register():
            signals.finalized.connect(kill_workers)
    '''), "utf-8")
    settings = site_copy / "pelicanconf.py"
    plugins = '\nPLUGIN_PATHS = ["."]\nPLUGINS = ["portal_pelican", "killer"]\n'
    settings.write_text(settings.read_text("utf-8") + plugins, "utf-8")
    result = subprocess.run([sys.executable, "-m", "portal", "--settings", str(settings), "build"],
                            cwd=site_copy, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == ["error: a worker process of the build was killed by SIGKILL (the system may have run out "
                     "of memory) before finishing its work; nothing was published"], result.stderr
    assert not (site_copy / "output").exists()


def test_workers_are_forked_only_for_enough_items():
    assert workers_for(10_000, 2_000, 2) == 2  # every core asked for
    assert workers_for(3_000, 2_000, 2) == 1  # a second worker would have too little to do
    assert workers_for(0, 60, 4) == 1 and workers_for(5, 1, 8) == 5  # at least one; no more than the items
