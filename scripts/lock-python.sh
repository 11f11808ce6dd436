#!/usr/bin/env bash
# Write constraints.txt: the exact version of every Python package the project installs, read
# off a fresh virtual environment, so that every machine (a developer's, CI's, the publishing
# workflow's) installs the same ones and builds the same site, byte for byte.
#
#   make lock     (or: scripts/lock-python.sh)
#
# Run it after changing a dependency or its range in pyproject.toml, or to take newer releases;
# then run `make test` (it reinstalls .venv from the new file) and commit both files.
# It resolves for the Python it runs on and records the ICU it finds: run it on Debian 12 with
# Debian's own Python (the default, /usr/bin/python3, 3.11.2), the oldest Python of the
# machines that install from it (a package may need a later 3.11 release: pip would then find
# no version of it on Debian's), with the ICU that CI and the publishing workflow have.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-/usr/bin/python3}
PYTHON=$python bash scripts/system-packages.sh build

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --upgrade pip
"$work/venv/bin/pip" install --quiet ".[test]"
icu=$("$work/venv/bin/python" -c 'import icu; print(icu.ICU_VERSION)')
py=$("$work/venv/bin/python" -c 'import platform; print(platform.python_version())')
{
  echo "# Exact versions of every Python package of the project and its tests, written by"
  echo "# scripts/lock-python.sh (make lock) from a fresh virtual environment; the Makefile, .ci/run"
  echo "# and the publishing workflow install with 'pip install -c constraints.txt'. Do not edit."
  echo "# Made with Python $py: every package here installs on it and on later 3.11 releases."
  echo "# ICU $icu: PyICU builds against the system's ICU (libicu-dev); tests/test_setup.py checks the"
  echo "# machine's ICU is this one, since another ICU may cut words and sort titles differently."
  "$work/venv/bin/pip" freeze --all --exclude migrant-portal --exclude setuptools --exclude wheel
} >constraints.txt.new
mv constraints.txt.new constraints.txt
echo "wrote constraints.txt (Python $py, ICU $icu)"
