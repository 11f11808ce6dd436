"""Hostile and careless input, class by class (issue 14, part B).

Each class ends in a clear refusal naming the file and line, a non-zero
exit, no Python traceback and output/ as it was, or (for big Markdown
that the parser handles) in a site built within bounded memory and
processor time. Limits are asserted with ``resource`` limits on the
command's process, never with a wall clock.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from conftest import parse, run_portal
from portal.buildlock import build_lock

GIB = 1 << 30
VISAS = "- code: E-9\n  name: 고용허가제\n  rules: [고용센터에서 신청합니다.]\n"
HELPLINES = "- number: \"112\"\n  name: 경찰\n  emergency: true\n"


# -- helpers ----------------------------------------------------------------

def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def limited(memory: int = GIB, cpu: int = 120):
    """A preexec function putting the command (and the workers it forks) under resource limits."""
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    return apply


def portal(settings: Path, *args: str, memory: int = GIB, cpu: int = 120) -> subprocess.CompletedProcess:
    """The command line as an editor runs it, under memory and processor-time limits."""
    return subprocess.run([sys.executable, "-m", "portal", "--settings", str(settings), *args],
                          cwd=settings.parent, capture_output=True, text=True, env=os.environ.copy(),
                          preexec_fn=limited(memory, cpu), timeout=600)


def refused(settings: Path, *args: str, **limits) -> str:
    """Run a command that must refuse its input: non-zero, no traceback, output/ unchanged."""
    output = settings.parent / "output"
    before = tree_digest(output) if output.exists() else None
    result = portal(settings, *args, **limits)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert (tree_digest(output) if output.exists() else None) == before, "a refused build changed output/"
    assert not list(settings.parent.glob(".output.new-*")), "a refused build left its work folder"
    return result.stderr


def refused_by_check_and_build(settings: Path, **limits) -> tuple[str, str]:
    return refused(settings, "check", **limits), refused(settings, "build", **limits)


def write(site: Path, relative: str, text: str) -> Path:
    path = site / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def page(title: str, body: str = "본문입니다.\n") -> str:
    return f"---\ntitle: {title}\n---\n{body}"


def line_of(path: Path, needle: str) -> int:
    return next(number for number, text in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in text)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    """The fixture site built once, with its output and build cache, for ``built`` to copy."""
    from conftest import FIXTURE_SITE

    site = tmp_path_factory.mktemp("built") / "site"
    shutil.copytree(FIXTURE_SITE, site, ignore=shutil.ignore_patterns("output", "__pycache__"))
    run_portal(site / "pelicanconf.py", "build")
    return site


@pytest.fixture
def built(built_site: Path, tmp_path: Path) -> Path:
    """A private copy of the built fixture site (its settings file), so refusals have an output to keep."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site, symlinks=True)
    return site / "pelicanconf.py"


# -- YAML ---------------------------------------------------------------------

def alias_bomb() -> str:
    """The billion laughs: 1 KB of YAML, 9**9 strings once expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_before_it_expands(built: Path):
    site = built.parent
    write(site, "content/data/helplines.yml", "- number: \"112\"\n  name: 경찰\n  bomb:\n" +
          textwrap.indent(alias_bomb(), "    "))
    write(site, "content/guides/bomb.md", "---\n" + alias_bomb().replace("a: &a", "title: &a") + "---\n본문\n")
    # Expanded, the bomb needs gigabytes and minutes; refused, it costs nothing.
    for stderr in refused_by_check_and_build(built, memory=GIB, cpu=60):
        assert "content/data/helplines.yml:4: error: YAML anchor '&a' is not allowed" in stderr
        assert "content/guides/bomb.md:2: error: YAML anchor '&a' is not allowed" in stderr
        assert "do not use anchors (&) or aliases (*)" in stderr


def test_a_duplicate_key_is_an_error_naming_both_lines(built: Path):
    site = built.parent
    # the 112 police line renamed on every page by a key given twice
    write(site, "content/data/helplines.yml", "- number: \"112\"\n  name: 경찰\n  emergency: true\n"
                                              "  name: 아무 이름\n")
    write(site, "content/guides/twice.md", "---\ntitle: 하나\nsummary: 요약\ntitle: 둘\n---\n본문\n")
    for stderr in refused_by_check_and_build(built):
        assert "content/data/helplines.yml:4: error: key 'name' is given twice (lines 2 and 4)" in stderr
        assert "content/guides/twice.md:4: error: key 'title' is given twice (lines 2 and 4)" in stderr


@pytest.mark.parametrize(("text", "line", "message"), [
    ("- number: !!python/object/apply:os.system [\"true\"]\n  name: x\n", 1, "YAML tag"),
    ("- ? [a, b]\n  : x\n", 1, "a key must be plain text"),
    ("- number: \"112\"\n  name: 경찰\n---\n- number: \"119\"\n", 3, "the file holds more than one YAML"),
    ("- number: \"112\"\n  name: 경찰\n  other: *nothing\n", 3, "YAML alias '*nothing' is not allowed"),
    ("- number: \"112\"\n  name: [경찰\n", 2, "the file is not valid YAML"),
    ("x:\n" + "".join("  " * depth + f"k{depth}:\n" for depth in range(1, 20)), 13, "the YAML is nested more than 12"),
], ids=["tag", "complex-key", "two-documents", "alias", "syntax", "too-deep"])
def test_other_yaml_the_portal_refuses(site_copy: Path, text: str, line: int, message: str):
    write(site_copy, "content/data/helplines.yml", text)
    stderr = refused(site_copy / "pelicanconf.py", "check")
    assert f"content/data/helplines.yml:{line}: error: {message}" in stderr


def test_a_date_that_does_not_exist_is_a_wrong_value(site_copy: Path):
    festival = site_copy / "content/notices/festival.md"
    festival.write_text(festival.read_text("utf-8").replace("date: 2025-05-20", "date: 2025-02-30"), "utf-8")
    stderr = refused(site_copy / "pelicanconf.py", "check")
    assert "content/notices/festival.md:3: error: front matter key 'date' has the wrong value '2025-02-30'" in stderr


def test_files_over_their_size_limit_are_refused_with_size_and_limit(built: Path):
    site = built.parent
    write(site, "content/data/service-points.yml", "# " + "x" * (3 << 20) + "\n")
    write(site, "content/guides/long-front-matter.md", "---\ntitle: 제목\nsummary: " + "가" * 20000 + "\n---\n본문\n")
    write(site, "content/guides/huge.md", page("큰 문단", "가나다라 " * 81_000 + "\n"))  # a 1 MB paragraph
    for stderr in refused_by_check_and_build(built):
        assert ("content/data/service-points.yml:1: error: the file is 3.0 MB, more than the 2.0 MB the portal "
                "reads") in stderr
        assert ("content/guides/long-front-matter.md:2: error: the front matter is 59 KB, more than the 32 KB "
                "the portal reads") in stderr
        assert "content/guides/huge.md:1: error: the file is 1.0 MB, more than the 512 KB the portal reads" in stderr
        assert "hint: split it into several pages" in stderr


# -- output paths -------------------------------------------------------------

COLLISIONS = {
    "content/visas/index.md": None,
    "content/visas/rules.md": "the page would be written to <lang>/visas/rules/index.html, where the visa rules "
                              "page (from content/data/visas.yml) is written",
    "content/az.md": "the page would be written to <lang>/az/index.html, where the edition's A-Z index is written",
    "content/feed.xml.md": "the page would be written to <lang>/feed.xml/index.html, but the edition's feed is "
                           "the file <lang>/feed.xml",
    "content/search.md": "the page would be written to <lang>/search/index.html, inside <lang>/search/, which "
                         "the edition's search index fills",
    "content/404.md": "the page would be written to <lang>/404/index.html, and the edition's 404 page to "
                      "<lang>/404.html: hosts serve both at one address",
    "content/guides/Regional-E7.md": None,
    "content/guides/regional-e7.md": "the page would be written to <lang>/guides/regional-e7/index.html, and "
                                     "the page (content/guides/Regional-E7.md:1) to "
                                     "<lang>/guides/Regional-E7/index.html: they differ only in letter case",
}


def test_output_path_collisions_are_errors_of_check_and_build(built: Path):
    site = built.parent
    write(site, "content/data/visas.yml", VISAS)
    for relative in COLLISIONS:
        write(site, relative, page("겹치는 주소"))
    for stderr in refused_by_check_and_build(built):
        for relative, message in COLLISIONS.items():
            if message:
                assert f"{relative}:1: error: {message}" in stderr
        assert "hint: rename the file" in stderr
        assert stderr.count("Regional-E7.md") == 1  # once for the two files (not again for the counter views)
        assert "6 problems found" in stderr


def test_a_page_named_like_a_record_and_a_file_name_no_address_can_hold(built: Path):
    site = built.parent
    write(site, "content/data/communities.yml", "- id: vietnam\n  name: 베트남\n  languages: [vi]\n")
    write(site, "content/communities/index.md", page("공동체"))
    write(site, "content/communities/vietnam.md", page("베트남 안내"))
    write(site, "content/guides/what now?.md", page("물음표"))
    for stderr in refused_by_check_and_build(built):
        assert ("content/communities/vietnam.md:1: error: the page would be written to "
                "<lang>/communities/vietnam/index.html, where the page of community 'vietnam' "
                "(content/data/communities.yml:1) is written") in stderr
        assert "content/guides/what now?.md: error: the file name has ' ', which a web address cannot hold" in stderr


def test_every_file_a_build_writes_is_in_the_output_plan(fixture_output: Path):
    from conftest import FIXTURE_SITE
    from portal.buildcache import relative_files
    from portal.cli import load_settings
    from portal.project import prepare
    plan = prepare(load_settings(str(FIXTURE_SITE / "pelicanconf.py"))).outputs
    written = list(relative_files(fixture_output))
    assert len(written) > 80
    assert [name for name in written if plan.owner(name) is None] == []


# -- settings -----------------------------------------------------------------

def test_settings_are_validated_with_lines_expected_values_and_suggestions(built: Path):
    built.write_text(built.read_text("utf-8") + textwrap.dedent('''
        PORTAL_EXPIRED_RULES = "hid"
        PORTAL_EXPIRD_RULES = "hide"
        PORTAL_WORKERS = "2"
        PORTAL_QUICK_EXIT_URL = "javascript:alert(1)"
        PORTAL_VISA_RULES_ROUTE = "../outside"
    '''), "utf-8")
    line = line_of(built, "PORTAL_EXPIRED_RULES")
    for stderr in refused_by_check_and_build(built):
        assert "5 problems found" in stderr
        assert (f"pelicanconf.py:{line}: error: PORTAL_EXPIRED_RULES has the wrong value 'hid'\n"
                "    hint: did you mean 'hide'? expected one of 'flag', 'hide'") in stderr
        assert (f"pelicanconf.py:{line + 1}: error: unknown setting PORTAL_EXPIRD_RULES\n"
                "    hint: did you mean 'PORTAL_EXPIRED_RULES'?") in stderr
        assert f"pelicanconf.py:{line + 2}: error: PORTAL_WORKERS has the wrong type '2'" in stderr
        assert f"pelicanconf.py:{line + 3}: error: PORTAL_QUICK_EXIT_URL has the wrong value" in stderr
        assert f"pelicanconf.py:{line + 4}: error: PORTAL_VISA_RULES_ROUTE has the wrong value '../outside'" in stderr


def test_a_settings_file_that_is_not_python(built: Path):
    built.write_text(built.read_text("utf-8") + "PORTAL_WORKERS = (\n", "utf-8")
    line = line_of(built, "PORTAL_WORKERS = (")
    for stderr in refused_by_check_and_build(built):
        assert f"pelicanconf.py:{line}: error: the settings file is not valid Python" in stderr


# -- builds: a lock, full disks, killed builds ---------------------------------

def _wait_for(predicate, seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


class Lines:
    """A process's stderr, read as it comes (so a test can wait for a line)."""

    def __init__(self, stream):
        self.lines: list[str] = []
        self.thread = threading.Thread(target=lambda: self.lines.extend(stream), daemon=True)
        self.thread.start()

    def has(self, text: str) -> bool:
        return any(text in line for line in self.lines)

    @property
    def text(self) -> str:
        self.thread.join(timeout=60)
        return "".join(self.lines)


def start(settings: Path, *args: str) -> tuple[subprocess.Popen, Lines]:
    process = subprocess.Popen([sys.executable, "-m", "portal", "--settings", str(settings), *args],
                               cwd=settings.parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, env=os.environ.copy())
    return process, Lines(process.stderr)


def test_serve_and_a_build_at_once_both_work(built: Path):
    """``portal serve`` rebuilding and ``make html`` at the same moment: both wait for the lock
    (held here, so that they really are running at once), then build one after the other."""
    from test_serve import fetch, first_item, free_port

    site, output = built.parent, built.parent / "output"
    port = free_port()
    serve, serve_log = start(built, "serve", "--port", str(port))
    url = f"http://127.0.0.1:{port}/en/guides/visa/"
    try:
        assert _wait_for(lambda: first_item(fetch(url)) == "Passport"), serve_log.text
        with build_lock(output, say=lambda message: None):
            catalog = site / "translations/en/content/guides/visa.po"
            catalog.write_text(catalog.read_text("utf-8").replace('msgstr "Passport"', 'msgstr "Passport (ID)"'),
                               "utf-8")
            build, build_log = start(built, "build")
            assert _wait_for(lambda: serve_log.has("waiting: another build") and build_log.has("waiting:")), (
                serve_log.lines, build_log.lines)
            assert serve.poll() is None and build.poll() is None  # both running, both waiting
        assert build.wait(timeout=300) == 0, build_log.text
        assert _wait_for(lambda: first_item(fetch(url)) == "Passport (ID)")
        assert serve.poll() is None, "the preview stopped"
    finally:
        serve.terminate()
        serve.wait(timeout=60)
    assert "Traceback" not in serve_log.text + build_log.text
    assert not list(site.glob(".output.new-*"))
    assert parse(output / "en/guides/visa/index.html").select_one(".content ul li").get_text() == "Passport (ID)"


def _mount_namespace() -> list[str] | None:
    """A command prefix running a command in a private mount namespace (so it may mount a tmpfs)."""
    for prefix in (["unshare", "--mount"], ["unshare", "--user", "--map-root-user", "--mount"]):
        if shutil.which("unshare") and subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
            return prefix
    return None


FULL_DISK = textwrap.dedent('''
    import subprocess, sys
    disk, settings, portal = sys.argv[1], sys.argv[2], sys.argv[3:]
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1500k", "tmpfs", disk], check=True)
    first = subprocess.run([*portal, "--settings", settings, "build", "--output", disk + "/output"],
                           capture_output=True)
    if first.returncode:
        sys.exit("the first build failed")
    import os
    filler = os.open(disk + "/filler", os.O_WRONLY | os.O_CREAT)
    try:  # fill the disk
        while True:
            os.write(filler, bytes(4096))
    except OSError:
        os.close(filler)
    def digest():
        import hashlib, pathlib
        files = sorted(pathlib.Path(disk, "output").rglob("*"))
        return hashlib.sha256(b"".join(bytes(f) + (f.read_bytes() if f.is_file() else b"") for f in files)).digest()
    before = digest()
    page = settings.replace("pelicanconf.py", "content/guides/school.md")
    open(page, "a", encoding="utf-8").write("\\n새 문단입니다.\\n")
    second = subprocess.run([*portal, "--settings", settings, "build", "--output", disk + "/output"],
                            capture_output=True, text=True)
    sys.stdout.write(f"{second.returncode}\\n{before == digest()}\\n{second.stderr}")
''')


def test_a_full_disk_is_one_line_naming_the_path(site_copy: Path, tmp_path: Path):
    """A real full file system: a 1.5 MB tmpfs, mounted in a private mount namespace."""
    prefix = _mount_namespace()
    settings = site_copy / "pelicanconf.py"
    if prefix is None:  # no namespaces here: a real write error of the kernel all the same (EFBIG)
        run_portal(settings, "build")
        write(site_copy, "content/guides/school.md", page("학교 안내", "새 문단입니다.\n" * 50))

        def small_files() -> None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        before = tree_digest(site_copy / "output")
        result = subprocess.run([sys.executable, "-m", "portal", "--settings", str(settings), "build"],
                                cwd=site_copy, capture_output=True, text=True, preexec_fn=small_files)
        assert result.returncode == 1 and tree_digest(site_copy / "output") == before
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and re.match(r"error: cannot write \S+: the file is larger", lines[0]), lines
        return
    disk = tmp_path / "disk"
    disk.mkdir()
    result = subprocess.run([*prefix, sys.executable, "-c", FULL_DISK, str(disk), str(settings),
                             sys.executable, "-m", "portal"], cwd=site_copy, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    status, unchanged, stderr = result.stdout.split("\n", 2)
    assert status == "1" and unchanged == "True", result.stdout
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert re.fullmatch(rf"error: cannot write (in )?{re.escape(str(disk))}\S*: no space left on the device: "
                        rf"free some space and build again; {re.escape(str(disk))}/output was left as it was",
                        lines[0]), lines[0]


def test_a_folder_the_build_may_not_write_is_one_line_naming_the_path(built: Path, tmp_path: Path):
    site = built.parent
    if os.geteuid() != 0:
        site.chmod(0o555)  # the lock, the work folder and the cache are beside output/
        try:
            stderr = refused(built, "build")
        finally:
            site.chmod(0o755)
        reason = "permission denied"
    else:  # root may write anywhere: make the site's file system read-only instead
        script = (f"mount --bind {site} {site} && mount -o remount,bind,ro {site} && "
                  f"exec {sys.executable} -m portal --settings {built} build --full")
        result = subprocess.run(["unshare", "--mount", "sh", "-c", script], cwd=site, capture_output=True,
                                text=True)
        assert result.returncode == 1
        stderr = result.stderr
        reason = "the file system is read-only"
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert re.fullmatch(rf"error: cannot write {re.escape(str(site))}/\.output\.\S+: {reason}; "
                        rf"{re.escape(str(site))}/output was left as it was", lines[0]), lines[0]


STALL = '''
import time
from pelican import signals
from portal.parallel import run_jobs

def _stall():
    time.sleep(3600)

def stall(pelican):
    run_jobs([_stall, _stall], 2)

def register():
    signals.finalized.connect(stall)
'''


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
def test_a_killed_build_leaves_no_worker_and_the_next_build_cleans_up(built: Path):
    """``kill -9`` of a build while its workers are busy: they die with it, and the next build
    removes its work folder and succeeds."""
    site = built.parent
    (site / "stall.py").write_text(STALL, "utf-8")
    original = built.read_text("utf-8")
    built.write_text(original + '\nPLUGIN_PATHS = ["."]\nPLUGINS = ["portal_pelican", "stall"]\n', "utf-8")
    build = subprocess.Popen([sys.executable, "-m", "portal", "--settings", str(built), "build"], cwd=site,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait_for(lambda: len(_children(build.pid)) >= 2 and list(site.glob(".output.new-*")))
        workers = _children(build.pid)
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
    assert _wait_for(lambda: not any(_alive(pid) for pid in workers), 60), "a worker outlived its build"
    assert [folder.name for folder in site.glob(".output.new-*")] == [f".output.new-{build.pid}"]
    built.write_text(original, "utf-8")
    result = portal(built, "build")
    assert result.returncode == 0, result.stderr
    assert not list(site.glob(".output.new-*")), "the killed build's work folder is still there"


# -- huge Markdown --------------------------------------------------------------

def nested_list(depth: int) -> str:
    return "\n".join("    " * level + f"- 단계 {level}" for level in range(depth)) + "\n"


def wide_table(columns: int) -> str:
    return ("| " + " | ".join(f"열 {n}" for n in range(columns)) + " |\n|" + "---|" * columns + "\n| "
            + " | ".join(f"칸 {n}" for n in range(columns)) + " |\n")


def test_deep_lists_and_wide_tables_build_within_bounded_memory_and_time(built: Path):
    site = built.parent
    write(site, "content/guides/deep.md", page("깊은 목록", nested_list(200)))
    write(site, "content/guides/wide.md", page("넓은 표", wide_table(500)))
    result = portal(built, "build", memory=GIB, cpu=120)
    assert result.returncode == 0, result.stderr
    deep = parse(site / "output/en/guides/deep/index.html").select_one(".content")
    assert len(deep.select("ul")) == 200
    wide = parse(site / "output/en/guides/wide/index.html").select_one(".content table")
    assert len(wide.select("th")) == 500 and len(wide.select("td")) == 500


def test_markdown_the_parser_cannot_take_is_refused_with_its_line(built: Path):
    site = built.parent
    write(site, "content/guides/deeper.md", page("더 깊은 목록", nested_list(300)))
    long = write(site, "content/guides/long.md", page("긴 문단", "짧은 문단.\n\n" + "가나다 " * 7000 + "\n"))
    for stderr in refused_by_check_and_build(built, memory=GIB, cpu=120):
        assert "content/guides/deeper.md:4: error: the page nests too deeply for the Markdown parser" in stderr
        assert (f"content/guides/long.md:{line_of(long, '가나다')}: error: this block is 27,999 characters long, "
                "more than the 20,000 one message for translators may have") in stderr


def prepared_by_one_then_two_workers(site: Path, monkeypatch, check: bool) -> tuple[list, list[int]]:
    """(problems as printed, and the messages or the source checks' record) of the site read by one
    worker, then by two, every file worth a share; and the number of jobs each share-out made."""
    import dataclasses

    import portal.project as project
    from portal.cli import load_settings
    from portal.problems import ProblemLog

    settings = load_settings(str(site / "pelicanconf.py"))
    shares = []
    real_run_jobs = project.run_jobs
    monkeypatch.setattr(project, "FILES_PER_WORKER", 1)
    monkeypatch.setattr(project, "run_jobs", lambda jobs, workers: shares.append(len(jobs)) or real_run_jobs(
        jobs, workers))
    found = []
    for workers in (1, 2):
        log = ProblemLog()
        read, _, messages = project.read_site(dataclasses.replace(settings, workers=workers), log)
        result = project._check_source_files(read, messages, log, {}, workers) if check else messages
        found.append(([str(problem) for problem in log.problems], result))
    return found, shares


def test_pages_segmented_by_two_workers_give_the_messages_and_problems_of_one(site_copy, monkeypatch):
    write(site_copy, "content/guides/deeper.md", page("더 깊은 목록", nested_list(300)))  # its parse fails
    write(site_copy, "content/guides/long.md", page("긴 문단", "짧은 문단.\n\n" + "가나다 " * 7000 + "\n"))
    write(site_copy, "content/guides/zz-after.md", page("뒤 페이지", "뒤에 오는 문단입니다.\n"))
    found, shares = prepared_by_one_then_two_workers(site_copy, monkeypatch, check=False)
    assert shares == [1, 2]
    assert found[0] == found[1]
    problems, messages = found[1]
    assert len(problems) == 2 and "deeper.md" in problems[0] and "long.md" in problems[1]
    assert messages["guides/zz-after.md"].messages[-1][0] == "뒤에 오는 문단입니다."


def test_files_checked_by_two_workers_give_the_problems_of_one_in_the_same_order(site_copy, monkeypatch):
    write(site_copy, "content/guides/a-link.md", page("링크", "[없는 곳](nowhere.md) 전화 031-000-0000.\n"))
    write(site_copy, "content/guides/zz-phone.md", page("전화", "전화는 031-000-0000 입니다. [없는](gone.md)\n"))
    found, shares = prepared_by_one_then_two_workers(site_copy, monkeypatch, check=True)
    assert shares == [1, 1, 2, 2], "segmenting, then checking: on one worker, then on two"
    assert found[0] == found[1]
    problems = found[1][0]
    assert [("a-link" in text, "031-000-0000" in text) for text in problems] == [
        (True, False), (False, False), (True, True), (False, True)]  # the links in file order, then the phones


def test_markdown_the_parser_takes_too_long_on_is_refused_within_the_page_time_limit(built: Path):
    # Python-Markdown's link parser is quadratic in the '[' of a paragraph: 20,000 take minutes.
    built.write_text(built.read_text("utf-8") + "\nPORTAL_PAGE_TIME_LIMIT = 0.5\n", "utf-8")
    write(built.parent, "content/guides/brackets.md", page("괄호", "[" * 19_000 + "\n"))
    for stderr in refused_by_check_and_build(built, memory=GIB, cpu=60):
        assert ("content/guides/brackets.md:4: error: rendering the page took more than 0.5 s of processor time"
                in stderr)
        assert "hint: this happens with thousands of '['" in stderr


# -- no traceback, whatever happens ---------------------------------------------

BROKEN_PLUGIN = '''
from pelican import signals

def broken(pelican):
    raise RuntimeError("a bug in the generator")

def register():
    signals.finalized.connect(broken)
'''


def test_an_internal_error_is_one_line_naming_the_saved_traceback(built: Path):
    site = built.parent
    (site / "broken.py").write_text(BROKEN_PLUGIN, "utf-8")
    built.write_text(built.read_text("utf-8") + '\nPLUGIN_PATHS = ["."]\nPLUGINS = ["portal_pelican", "broken"]\n',
                     "utf-8")
    (site / "content/guides/school.md").write_text(page("학교", "바뀐 본문.\n\n## 서류 {#documents}\n"), "utf-8")
    stderr = refused(built, "build")
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    match = re.fullmatch(r"error: internal error in the portal generator \(RuntimeError: a bug in the generator\)"
                         r"\. This is a bug in the generator, not a problem in your files; its details are in "
                         r"(\S+): please report it with that file\.", lines[0])
    assert match, lines[0]
    saved = Path(match.group(1))
    assert saved.parent == site / ".output-cache"
    assert "Traceback" in saved.read_text("utf-8") and "RuntimeError" in saved.read_text("utf-8")


def test_one_check_walks_every_class_and_prints_no_traceback(site_copy: Path):
    """Every class of this module at once: one run reports each, with its file and line."""
    write(site_copy, "content/data/helplines.yml", HELPLINES + "- number: \"119\"\n  name: 소방\n  name: 119\n")
    write(site_copy, "content/data/visas.yml", VISAS + "- code: &c F-6\n  name: 결혼이민\n")
    write(site_copy, "content/data/communities.yml", "# " + "x" * (3 << 20))
    write(site_copy, "content/guides/bomb.md", "---\n" + alias_bomb().replace("a: &a", "title: &a") + "---\n")
    write(site_copy, "content/az.md", page("가나다"))
    write(site_copy, "content/guides/Visa.md", page("비자"))
    write(site_copy, "content/guides/deeper.md", page("깊은 목록", nested_list(300)))
    write(site_copy, "content/guides/huge.md", page("큰 문단", "가나다라 " * 200_000))
    stderr = refused(site_copy / "pelicanconf.py", "check")
    for where in ("helplines.yml:6", "visas.yml:4", "communities.yml:1", "bomb.md:2", "az.md:1",
                  "guides/visa.md:1", "deeper.md:4", "huge.md:1"):
        assert f"{where}: error: " in stderr, where
    assert "8 problems found" in stderr
