"""Two revisions of the generator, built alternately: ``python -m bench.compare BASE [HEAD]``.

This machine's speed drifts by 15 % between runs a few minutes apart (Hugo's
cold build took 5.7 s in one rebuild run and 6.8 s in the next), so a change
worth a few per cent cannot be told from two ``bench.run`` results. Here both
revisions build the same synthetic portal in turns, on one machine, in
the same minutes:

- each revision is checked out in a Git worktree (``bench/work/compare/``,
  removed at the end with the portal's copies) and builds its own copy of the portal, its settings
  pointed at that worktree's plugins, theme and sample settings (the
  project's virtual environment and ``node_modules`` serve both);
- one cold build each, measured; then the two outputs are compared byte
  for byte (a change of speed must not change a byte: the run stops if one
  differs);
- then ``--rounds`` rounds of one page edit (``bench.incremental``'s
  ``edit-page``) and a rebuild on each side, the order turning every round.

Prints the medians and each measure's ratio HEAD / BASE, and writes
``bench/results/compare-<timestamp>.json``. Uncommitted changes are not in
any revision: commit first.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from .incremental import edit_page, fresh_copy
from .measure import run_measured
from .paths import RESULTS, ROOT, WORK, project_python
from .report import write_results
from .synth import ensure

MEASURES = ("wall_s", "cpu_s", "peak_pss_mib")


def resolve(revision: str) -> str:
    found = subprocess.run(["git", "rev-parse", "--verify", f"{revision}^{{commit}}"], cwd=ROOT,
                           capture_output=True, text=True)
    if found.returncode:
        raise SystemExit(f"bench.compare: '{revision}' is not a commit of {ROOT}: {found.stderr.strip()}")
    return found.stdout.strip()


def add_worktree(commit: str, folder: Path) -> Path:
    """``commit`` checked out in ``folder``, with the project's ``node_modules`` (lunr.js) beside it."""
    subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=ROOT, capture_output=True)
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(["git", "worktree", "add", "--detach", str(folder), commit], cwd=ROOT, check=True,
                   capture_output=True)
    if (ROOT / "node_modules").is_dir():
        (folder / "node_modules").symlink_to(ROOT / "node_modules")
    return folder


def portal_for(site: Path, checkout: Path, target: Path) -> Path:
    """A fresh copy of the synthetic portal whose settings name ``checkout``'s files, not this one's."""
    portal = fresh_copy(site / "portal", target)
    settings = portal / "pelicanconf.py"
    settings.write_text(settings.read_text("utf-8").replace(str(ROOT), str(checkout)), "utf-8")
    return portal


def build_command(checkout: Path) -> list[str]:
    """``portal build`` with ``checkout``'s library first on the path (the environment's
    editable install points at this checkout)."""
    code = (f"import sys; sys.path.insert(0, {str(checkout / 'plugins')!r}); "
            "from portal.cli import main; sys.exit(main(['build']))")
    return [str(project_python()), "-c", code]


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def measured(side: dict, what: str, logs: Path, number: int) -> dict:
    log = logs / f"compare-{side['name']}-{what}-{number}.log"
    result = run_measured(side["command"], side["portal"], log, env=dict(os.environ))
    if result.returncode:
        raise SystemExit(f"bench.compare: the {what} build of {side['commit'][:10]} failed; see {log}")
    return {"what": what, "round": number, **result.as_dict()}


def medians(runs: list[dict], what: str) -> dict[str, float]:
    chosen = [run for run in runs if run["what"] == what]
    return {measure: round(statistics.median(run[measure] for run in chosen), 3) for measure in MEASURES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the revision to compare with (a commit, a tag, HEAD~1)")
    parser.add_argument("head", nargs="?", default="HEAD", help="the revision compared (default HEAD)")
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=8, help="page edits rebuilt on each side (default 8)")
    parser.add_argument("--work", type=Path, default=WORK, help="where the synthetic site and worktrees go")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where the results file goes")
    args = parser.parse_args(argv)
    site = ensure(args.pages, args.seed, ("portal",), args.work / f"p{args.pages}-s{args.seed}")
    logs = args.work / "logs"
    sides = []
    try:
        for name, revision in (("base", args.base), ("head", args.head)):
            commit = resolve(revision)
            checkout = add_worktree(commit, args.work / "compare" / name)
            sides.append({"name": name, "revision": revision, "commit": commit, "command": build_command(checkout),
                          "portal": portal_for(site, checkout, args.work / "compare" / f"{name}-portal"),
                          "runs": []})
        for side in sides:
            side["runs"].append(measured(side, "cold", logs, 0))
        base_output, head_output = (tree(side["portal"] / "output") for side in sides)
        differing = sorted(name for name in base_output.keys() | head_output.keys()
                           if base_output.get(name) != head_output.get(name))
        del base_output, head_output
        if differing:
            raise SystemExit(f"bench.compare: the two revisions' outputs differ in {len(differing)} files, "
                             f"e.g. {', '.join(differing[:5])}")
        for number in range(args.rounds):
            for side in sides if number % 2 == 0 else sides[::-1]:
                edit_page(side["portal"], 1000 + number)
                side["runs"].append(measured(side, "edit-page", logs, number))
                print(f"round {number + 1}/{args.rounds} {side['name']}: {side['runs'][-1]['wall_s']:.2f} s",
                      flush=True)
    finally:  # the worktrees and the portals' copies (two outputs and caches: 1 GB at 300 pages)
        for name in ("base", "head"):
            subprocess.run(["git", "worktree", "remove", "--force", str(args.work / "compare" / name)], cwd=ROOT,
                           capture_output=True)
            shutil.rmtree(args.work / "compare" / f"{name}-portal", ignore_errors=True)
    summary = {side["name"]: {what: medians(side["runs"], what) for what in ("cold", "edit-page")} for side in sides}
    over = {what: {measure: round(summary["head"][what][measure] / summary["base"][what][measure], 3)
                   for measure in MEASURES} for what in ("cold", "edit-page")}
    base_commit, head_commit = (side["commit"][:10] for side in sides)
    print(f"\n{args.pages} pages, {args.rounds} rounds: head {head_commit} / base {base_commit}")
    print(f"{'':10} {'base wall':>10} {'head wall':>10} {'base cpu':>9} {'head cpu':>9} {'wall':>6} {'cpu':>6}")
    for what in ("cold", "edit-page"):
        base, head = summary["base"][what], summary["head"][what]
        print(f"{what:10} {base['wall_s']:10.2f} {head['wall_s']:10.2f} {base['cpu_s']:9.2f} {head['cpu_s']:9.2f} "
              f"{over[what]['wall_s']:6.3f} {over[what]['cpu_s']:6.3f}")
    path = write_results("compare", {
        "pages": args.pages, "seed": args.seed, "rounds": args.rounds, "outputs_identical": True,
        "sides": [{key: side[key] for key in ("name", "revision", "commit", "runs")} for side in sides],
        "median": summary, "head_over_base": over}, args.results)
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
