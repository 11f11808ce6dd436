"""Setting up a machine: the pinned Python packages, the ICU they were pinned with, and the
script that finds (and installs) the Debian packages ``make html`` and ``make test`` need."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

import icu
import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from conftest import REPO

CONSTRAINTS = REPO / "constraints.txt"
SCRIPT = REPO / "scripts" / "system-packages.sh"
PROJECT = "migrant-portal"


def pins() -> dict[str, str]:
    found = {}
    for line in CONSTRAINTS.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            found[canonical(name)] = version
    return found


def recorded(what: str) -> str:
    match = re.search(rf"^# (?:Made with )?{what} (\d[\w.]*)", CONSTRAINTS.read_text("utf-8"), re.MULTILINE)
    assert match, f"constraints.txt does not record its {what} version: run `make lock`"
    return match[1].rstrip(".:")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_tree() -> dict[str, list[Requirement]]:
    """Every distribution the project and its tests need (installed here), with what asks for it."""
    wanted: dict[str, list[Requirement]] = {}
    todo = [(PROJECT, {"test"})]
    while todo:
        name, extras = todo.pop()
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            environments = [{"extra": extra} for extra in extras] or [{"extra": ""}]
            if requirement.marker and not any(requirement.marker.evaluate(env) for env in environments):
                continue
            key = canonical(requirement.name)
            if key not in wanted:
                todo.append((requirement.name, set(requirement.extras)))
            wanted.setdefault(key, []).append(requirement)
    return wanted


def test_every_package_the_project_needs_is_pinned_and_installed_at_its_pin():
    pinned = pins()
    for name, requirements in requirement_tree().items():
        assert name in pinned, f"{name} is not in constraints.txt: run `make lock`"
        for requirement in requirements:
            assert requirement.specifier.contains(pinned[name], prereleases=True), (
                f"constraints.txt pins {name}=={pinned[name]}, outside {requirement}: run `make lock`")
        assert metadata.version(name) == pinned[name], (
            f"{name} {metadata.version(name)} is installed, constraints.txt pins {pinned[name]}: "
            "remove .venv and run `make test` again")


def test_every_pinned_package_installs_on_the_python_the_lock_was_made_with():
    """Debian 12's Python is 3.11.2: a release that needs 3.11.5 has no version pip can take there."""
    python = recorded("Python")
    for name in requirement_tree():
        needs = metadata.metadata(name).get("Requires-Python")
        assert not needs or SpecifierSet(needs).contains(python), f"{name} needs Python {needs}, not {python}"


def test_icu_is_the_one_the_lock_was_made_with():
    """Another ICU may cut Thai or Khmer words and sort titles differently: the site would differ."""
    assert icu.ICU_VERSION == recorded("ICU"), (
        f"this machine's ICU is {icu.ICU_VERSION}, constraints.txt was made with {recorded('ICU')}: "
        "build on Debian 12 (its libicu-dev), or make the lock again (`make lock`) on purpose")


# -- scripts/system-packages.sh --------------------------------------------------

TOOLS = ("c++", "pkg-config", "dpkg-query", "id", "grep", "fc-list", "apt-get", "msgfmt", "java", "node", "npm", "hugo")


@pytest.fixture
def run_script():
    """Run the script with PATH holding only this machine's copies of TOOLS, less ``drop``.

    The folders are world-readable: the script also runs as 'nobody' below."""
    folders = []

    def run(*args: str, python: str | None = None, drop: tuple[str, ...] = (),
            user: str | None = None) -> subprocess.CompletedProcess:
        folder = Path(tempfile.mkdtemp(prefix="portal-tools-"))
        folders.append(folder)
        folder.chmod(0o755)
        for tool in set(TOOLS) - set(drop):
            found = shutil.which(tool)
            if found:
                (folder / tool).symlink_to(found)
        script = folder / SCRIPT.name  # a copy that 'nobody' may read, wherever the clone is
        shutil.copy(SCRIPT, script)
        script.chmod(0o644)
        command = [shutil.which("bash"), str(script), *args]
        if user is not None and os.geteuid() == 0:
            command = [shutil.which("setpriv"), f"--reuid={user}", "--regid=65534", "--clear-groups", *command]
        environment = {"PATH": str(folder), "PYTHON": python or sys.executable}
        return subprocess.run(command, capture_output=True, text=True, env=environment, cwd="/")

    yield run
    for folder in folders:
        shutil.rmtree(folder)


def test_this_machine_has_every_system_package(run_script):
    result = run_script("--list", "test")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_what_is_missing_is_named_by_its_debian_package(run_script):
    result = run_script("--list", "test", drop=("msgfmt", "java", "node", "npm"))
    assert result.stdout.split() == ["nodejs", "npm", "gettext", "default-jre-headless"]
    assert run_script("--list", "build", drop=("pkg-config",)).stdout.split() == ["pkg-config", "libicu-dev"]
    assert run_script("--list", "build", python="/nonexistent/python3").stdout.split() == [
        "python3", "python3-venv", "python3-dev"]
    assert run_script("--list", "build", drop=("msgfmt", "java")).stdout == ""  # the build needs neither


def test_without_root_it_stops_with_one_line_naming_the_command(run_script):
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.fail("setpriv (util-linux) is needed to run the script as an ordinary user")
    python = "/usr/bin/python3"  # one that 'nobody' may run (the venv's may live under /root)
    missing = run_script("--list", "test", python=python, drop=("msgfmt",)).stdout.split()
    assert "gettext" in missing
    result = run_script("test", python=python, drop=("msgfmt",), user="nobody")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "missing system packages to run the tests; install them with: "
        f"sudo apt-get install --no-install-recommends {' '.join(missing)}"]


def test_an_unknown_purpose_is_refused(run_script):
    result = run_script("docs")
    assert result.returncode == 2 and "usage:" in result.stderr
