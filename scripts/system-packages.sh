#!/usr/bin/env bash
# The Debian packages that `make html` and `make test` need, installed when they are missing.
#
#   scripts/system-packages.sh build   what installing the project and building the site needs
#   scripts/system-packages.sh test    that, and what the test suite needs
#   scripts/system-packages.sh --list build|test   print the packages still missing, install nothing
#
# Each need is found by what it provides (a command, a header, a font package), so a machine
# that has it some other way (pyenv's Python, Node.js from elsewhere) is left alone. Run as
# root with apt-get (CI, a container), it installs what is missing; otherwise it stops with
# one line naming the command to run. The Makefile calls it before installing the project and
# before the tests, and so does .ci/run: this is the one list of the project's system packages.
set -euo pipefail

list_only=false
if [ "${1:-}" = "--list" ]; then
  list_only=true
  shift
fi
purpose=${1:-}
case "$purpose" in
  build) what="to install and build the portal" ;;
  test) what="to run the tests" ;;
  *)
    echo "usage: $0 [--list] build|test" >&2
    exit 2
    ;;
esac
python=${PYTHON:-python3}

need=()
add() { need+=("$@"); }
has() { command -v "$1" >/dev/null 2>&1; }
# A font package: asked of dpkg on Debian; elsewhere fontconfig is asked for its family.
has_fonts() {
  if has dpkg-query; then
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
  elif has fc-list; then
    fc-list : family | grep -q "$2"
  fi
}

# Installing the project: a Python with venv and its headers, and a C++ compiler, pkg-config
# and ICU's headers, since PyICU (word breaks, A-Z collation) builds against the system's ICU.
if ! has "$python"; then
  add python3 python3-venv python3-dev
else
  "$python" -c 'import ensurepip, venv' >/dev/null 2>&1 || add python3-venv
  "$python" -c 'import os, sys, sysconfig
sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
    >/dev/null 2>&1 || add python3-dev
fi
has c++ || add g++
has pkg-config || add pkg-config
if ! has pkg-config || ! pkg-config --exists icu-uc icu-i18n; then add libicu-dev; fi
# Building the site: lunr.js, from npm, is copied into every edition.
has node || add nodejs
has npm || add npm

if [ "$purpose" = test ]; then
  has msgfmt || add gettext                           # msgfmt --check over every catalog
  [ -x /usr/bin/chromium ] || add chromium            # the browser tests (Playwright drives it)
  has_fonts fonts-noto-core "Noto Sans Thai" || add fonts-noto-core  # every script renders
  has_fonts fonts-noto-cjk "Noto Sans CJK" || add fonts-noto-cjk
  has java || add default-jre-headless                # the Nu Html Checker (vnu.jar)
  has hugo || add hugo                                # the benchmarks' anchor (bench smoke tests)
fi

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if $list_only; then
  echo "${need[*]}"
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! has apt-get; then
  if has apt-get; then
    echo "missing system packages $what; install them with: sudo apt-get install --no-install-recommends ${need[*]}" >&2
  else
    echo "missing system packages $what (Debian names): ${need[*]}; install them with your system's package manager" >&2
  fi
  exit 1
fi
echo "installing Debian packages $what: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 "${need[@]}" >/dev/null
