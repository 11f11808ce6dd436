"""Preview latency: from saving an edit to the served page showing it, ours against Hugo's server.

``python -m bench.preview [--sizes 50,300] [--edits 5] [--interval 0.02]``

For each size, on fresh copies of the synthetic portal (``bench.synth``),
our preview (``portal serve``, ``plugins/portal_pelican/serve.py``) and
Hugo's (``hugo server``, its defaults: rendered in memory, fast render;
live reload off, as no browser listens) are started side by side on
127.0.0.1 and left to finish their first build. Then, ``--edits`` times and for each server in turn (the order
rotated every time), one file is saved and the page it changes is fetched
over HTTP every ``--interval`` seconds, in the edition a reader of that
file views, until it shows the edit:

- ``edit-source``: one sentence added to the first paragraph of one
  Korean page (ours: its Markdown source; Hugo: its ``.ko.md``), the
  Korean edition of that page polled;
- ``edit-catalog``: one Russian translation changed (ours: one msgstr of
  a page's catalog; Hugo: the same text in that page's ``.ru.md``), the
  Russian edition of that page polled.

``visible_s`` is the time from the end of the save to the first response
that shows the edit; ``complete_s`` the time until the server says its
rebuild is done (ours prints its ``Built ...`` summary line; Hugo ``Total in ... ms``),
which for ours includes every other page and edition the edit changed.
A rebuild the server reports failed (ours prints ``build failed``, Hugo
``ERROR``; both keep serving the previous site) is recorded with its
message and counted, not timed. The next edit waits until both servers
are idle. Each poll is a new HTTP
request from this process (no browser); its own time is part of the
figure, so the interval is reported with it.

Results go to ``bench/results/preview-<timestamp>.json``; the table is
printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .engines import INSTALL_HUGO, engine_versions, measured_env
from .incremental import add_sentence, added_sentence, change_translation, edited_catalog, edited_page, fresh_copy
from .paths import RESULTS, WORK, language_codes, project_python
from .report import write_results
from .synth import ensure

SCENARIOS = ("edit-source", "edit-catalog")
CATALOG_LANGUAGE = "ru"
STARTUP_TIMEOUT_S = 900.0
EDIT_TIMEOUT_S = 120.0
SETTLE_S = 1.0  # after a rebuild, before the next save: the watchers' debounce has passed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def route_of(relative: Path) -> str:
    """A source file's route, relative to content/ or translations/<lang>/content/: 'visas/page-0003'."""
    route = relative.with_suffix("").as_posix()
    return "" if route == "index" else route.removesuffix("/index")


def page_url(code: str, route: str) -> str:
    return f"/{code}/{route}/" if route else f"/{code}/"


def hugo_file(hugo: Path, route: str, code: str, is_index: bool) -> Path:
    if is_index:
        return hugo / "content" / (f"{route}/_index.{code}.md" if route else f"_index.{code}.md")
    return hugo / "content" / f"{route}.{code}.md"


@dataclass
class Server:
    """A preview server started as a subprocess; its output lines are kept with their times."""

    name: str
    command: list[str]
    cwd: Path
    port: int
    done_marker: str  # printed when a rebuild is over
    failed_marker: str  # printed when a rebuild failed (the server keeps the previous site)
    lines: list[tuple[float, str]] = field(default_factory=list)
    process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, cwd=self.cwd, env=measured_env(), stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, bufsize=1, start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append((time.perf_counter(), line.rstrip("\n")))

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def done_since(self, since: float) -> float | None:
        """When a rebuild was first reported over (or failed) after ``since`` (None if not yet)."""
        times = [at for at, line in list(self.lines)
                 if at >= since and (self.done_marker in line or self.failed_marker in line)]
        return times[0] if times else None

    def failure_since(self, since: float) -> str | None:
        """The first line saying a rebuild failed, after ``since``."""
        return next((line for at, line in list(self.lines) if at >= since and self.failed_marker in line), None)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def output_tail(self) -> str:
        return "\n".join(line for _, line in self.lines[-30:])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


class RebuildFailed(Exception):
    """The server said its rebuild failed: the edit will not show until the next save."""


def poll_until(server: Server, path: str, marker: str, interval: float, timeout: float,
               since: float | None = None) -> tuple[float, int]:
    """Fetch ``path`` every ``interval`` until it contains ``marker``: (when it did, polls made).

    With ``since``, a rebuild reported failed after it ends the wait (``RebuildFailed``).
    """
    ends, polls = time.perf_counter() + timeout, 0
    while time.perf_counter() < ends:
        body = fetch(server.url(path))
        polls += 1
        if body is not None and marker in body:
            return time.perf_counter(), polls
        if not server.alive():
            raise RuntimeError(f"{server.name} stopped:\n{server.output_tail()}")
        failure = server.failure_since(since) if since is not None else None
        if failure is not None:
            raise RebuildFailed(failure)
        time.sleep(interval)
    raise RuntimeError(f"{server.name} did not show {marker!r} at {path} within {timeout:.0f} s:\n"
                       f"{server.output_tail()}")


def wait_idle(server: Server, since: float, timeout: float = EDIT_TIMEOUT_S) -> float | None:
    """Wait for the rebuild started after ``since`` to be reported over; then settle."""
    ends = time.perf_counter() + timeout
    while time.perf_counter() < ends:
        done = server.done_since(since)
        if done is not None:
            time.sleep(SETTLE_S)
            return done
        time.sleep(0.05)
    return None


@dataclass(frozen=True)
class Edits:
    """The same two edits, applied to our portal's files and to Hugo's."""

    portal: Path
    hugo: Path
    source: str

    def page(self) -> tuple[str, bool]:
        relative = edited_page(self.portal).relative_to(self.portal / "content")
        return route_of(relative), relative.name == "index.md"

    def catalog(self) -> tuple[str, bool]:
        relative = edited_catalog(self.portal, CATALOG_LANGUAGE).relative_to(
            self.portal / "translations" / CATALOG_LANGUAGE / "content")
        return route_of(relative), relative.name == "index.po"

    def where(self, scenario: str) -> str:
        """The page a reader of the edited file views: its path on either server."""
        if scenario == "edit-source":
            return page_url(self.source, self.page()[0])
        return page_url(CATALOG_LANGUAGE, self.catalog()[0])

    def apply(self, engine: str, scenario: str, counter: int) -> str:
        """Save the edit in ``engine``'s files; returns the text whose appearance shows it."""
        if scenario == "edit-source":
            route, is_index = self.page()
            add_sentence(edited_page(self.portal) if engine == "ours"
                         else hugo_file(self.hugo, route, self.source, is_index), counter)
            return added_sentence(counter)
        if engine == "ours":
            _, _, new = change_translation(self.portal, counter, CATALOG_LANGUAGE)
            return new
        route, is_index = self.catalog()
        target = hugo_file(self.hugo, route, CATALOG_LANGUAGE, is_index)
        text = target.read_text("utf-8")
        base = self.base_translation()
        old = base if counter == 0 else f"{base} правка {counter - 1}"
        if old not in text:
            raise RuntimeError(f"{target} does not hold the catalog's text {old!r}")
        new = f"{base} правка {counter}"
        target.write_text(text.replace(old, new, 1), "utf-8")
        return new

    def base_translation(self) -> str:
        """The edited message's translation as generated (without any ``правка N``)."""
        import re

        from portal.catalogs import read_catalog
        from portal.problems import ProblemLog

        catalog = read_catalog(edited_catalog(self.portal, CATALOG_LANGUAGE), ProblemLog())
        message = next(m for m in catalog if m.id and isinstance(m.string, str) and m.string)
        return re.sub(r" правка \d+$", "", message.string)


def servers_for(portal: Path, hugo: Path) -> dict[str, Server]:
    ours_port, hugo_port = free_port(), free_port()
    return {
        "ours": Server("ours", [str(project_python()), "-m", "portal", "--settings", "pelicanconf.py", "serve",
                                "--port", str(ours_port)], portal, ours_port, "Built ", "failed"),
        "hugo": Server("hugo", ["hugo", "server", "--bind", "127.0.0.1", "--port", str(hugo_port),
                                "--disableLiveReload", "--noBuildLock"], hugo, hugo_port, "Total in", "ERROR"),
    }


def measure_size(site: Path, work: Path, edits: int, interval: float) -> dict:
    source, _ = language_codes()
    portal = fresh_copy(site / "portal", work / "ours")
    hugo = fresh_copy(site / "hugo", work / "hugo")
    plan = Edits(portal, hugo, source)
    plan.base_translation()  # fails early if the catalog cannot be read
    servers = servers_for(portal, hugo)
    found: dict = {"startup_s": {}, "edits": []}
    try:
        for name, server in servers.items():  # one at a time: their first builds do not compete
            started = time.perf_counter()
            server.start()
            seen, _ = poll_until(server, plan.where("edit-source"), "</html>", 0.1, STARTUP_TIMEOUT_S)
            found["startup_s"][name] = round(seen - started, 3)
            print(f"  {name} serving after {seen - started:.1f} s", file=sys.stderr)
        time.sleep(SETTLE_S)
        for counter in range(edits):
            for number, scenario in enumerate(SCENARIOS):
                order = ("ours", "hugo") if (counter + number) % 2 == 0 else ("hugo", "ours")
                for name in order:
                    server = servers[name]
                    marker = plan.apply(name, scenario, counter)
                    saved = time.perf_counter()
                    row = {"engine": name, "scenario": scenario, "edit": counter, "path": plan.where(scenario)}
                    try:
                        seen, polls = poll_until(server, plan.where(scenario), marker, interval, EDIT_TIMEOUT_S,
                                                 since=saved)
                    except RebuildFailed as failure:
                        done = wait_idle(server, saved)
                        row.update(visible_s=None, polls=None, complete_s=None, error=str(failure))
                        print(f"  {name} {scenario} #{counter}: REBUILD FAILED: {failure}", file=sys.stderr)
                    else:
                        done = wait_idle(server, saved)
                        row.update(visible_s=round(seen - saved, 3), polls=polls,
                                   complete_s=round(done - saved, 3) if done is not None else None)
                        print(f"  {name} {scenario} #{counter}: visible after {row['visible_s']:.3f} s, "
                              f"rebuild over after {row['complete_s']} s", file=sys.stderr)
                    found["edits"].append(row)
    finally:
        for server in servers.values():
            server.stop()
    found["median"] = {name: {scenario: summary([r for r in found["edits"]
                                                  if r["engine"] == name and r["scenario"] == scenario])
                              for scenario in SCENARIOS} for name in servers}
    found["ours_over_hugo"] = {scenario: round(found["median"]["ours"][scenario]["visible_s"]
                                               / found["median"]["hugo"][scenario]["visible_s"], 2)
                               if found["median"]["hugo"][scenario]["visible_s"]
                               and found["median"]["ours"][scenario]["visible_s"] else None
                               for scenario in SCENARIOS}
    return found


def summary(rows: list[dict]) -> dict:
    """Medians over the edits that showed; failed rebuilds are counted, not timed."""
    shown = [r["visible_s"] for r in rows if r["visible_s"] is not None]
    complete = [r["complete_s"] for r in rows if r["complete_s"] is not None]
    return {"visible_s": round(statistics.median(shown), 3) if shown else None,
            "visible_max_s": max(shown, default=None),
            "complete_s": round(statistics.median(complete), 3) if complete else None, "edits": len(rows),
            "failed": sum(1 for r in rows if "error" in r)}


def table(sizes: dict[str, dict], languages: int) -> str:
    lines = ["| pages x languages | scenario | ours visible s | ours max s | ours rebuild over s | ours failed "
             "| Hugo visible s | Hugo max s | Hugo rebuild over s | Hugo failed | ours/Hugo visible |",
             "|" + "---|" * 11]
    for size, found in sizes.items():
        for scenario in SCENARIOS:
            cells = []
            for name in ("ours", "hugo"):
                row = found["median"][name][scenario]
                cells += [row["visible_s"], row["visible_max_s"], row["complete_s"], f"{row['failed']}/{row['edits']}"]
            lines.append(f"| {size} x {languages} | {scenario} | " + " | ".join(
                "-" if cell is None else str(cell) for cell in cells) + f" | {found['ours_over_hugo'][scenario]} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.preview", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="50,300", help="comma-separated page counts (default 50,300)")
    parser.add_argument("--edits", type=int, default=5, help="edits per scenario and server; medians reported")
    parser.add_argument("--interval", type=float, default=0.02, help="seconds between polls (default 0.02)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=WORK, help="where sites and copies go (default bench/work)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where the results file goes")
    args = parser.parse_args(argv)
    if shutil.which("hugo") is None:
        print(f"bench.preview: {INSTALL_HUGO}", file=sys.stderr)
        return 1
    sizes = [int(size) for size in args.sizes.split(",") if size]
    _, targets = language_codes()
    result: dict = {"interval_s": args.interval, "edits": args.edits, "seed": args.seed, "sizes": {}}
    for size in sizes:
        site = ensure(size, args.seed, ("portal", "hugo"), root=args.work / f"p{size}-s{args.seed}")
        print(f"preview, {size} pages:", file=sys.stderr)
        result["sizes"][str(size)] = measure_size(site, args.work / f"preview-p{size}", args.edits, args.interval)
    result["versions"] = engine_versions()
    print(f"\nPreview latency, medians of {args.edits} edits; polled every {args.interval * 1000:.0f} ms\n")
    print(table(result["sizes"], 1 + len(targets)))
    print(f"\nresults: {write_results('preview', result, args.results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
