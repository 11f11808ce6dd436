#!/usr/bin/env bash
# Write constraints.txt: the exact version of every Python package the project installs, read
# off a fresh virtual environment, so that every machine (a developer's, CI's, the publishing
# workflow's) installs the same ones and builds the same site, byte for byte.
#
#   make lock     (or: scripts/lock-python.sh)
#
# Run it after changing a dependency or its range in pyproject.toml, or to take newer releases;
# then run `make test` (it reinstalls .venv from the new file) and commit both files.
# It resolves on this machine's Python and ICU: make it on the Debian release and Python minor
# that CI uses (Debian 12, Python 3.11), since ICU's version changes word breaks and A-Z order.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
bash scripts/system-packages.sh build

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
  echo "# Made with Python $py."
  echo "# ICU $icu: PyICU builds against the system's ICU (libicu-dev); tests/test_setup.py checks the"
  echo "# machine's ICU is this one, since another ICU may cut words and sort titles differently."
  "$work/venv/bin/pip" freeze --all --exclude migrant-portal --exclude setuptools --exclude wheel
} >constraints.txt.new
mv constraints.txt.new constraints.txt
echo "wrote constraints.txt (Python $py, ICU $icu)"
