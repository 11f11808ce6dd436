"""The benchmark harness still runs: a 3-page synthetic portal in 12 languages builds.

No time is asserted (the machine is shared); the benchmark itself reports figures.
"""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_benchmark_smoke_build():
    result = subprocess.run([sys.executable, "-m", "bench.smoke"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "built 3 pages x 12 languages" in result.stdout
