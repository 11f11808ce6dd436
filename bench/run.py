"""The benchmark command: ``python -m bench.run --sizes 50,300 --repeat 3``.

Full mode builds the same synthetic portal with every engine in the same
run (ours, Hugo, Pagefind over Hugo's output, Hugo + Pagefind, Pelican in
one run, Pelican + i18n_subsites, and Python-Markdown alone as the floor
of ours), repeats interleaved and in rotating order so that the machine's
noise falls on all engines alike, and prints medians and ratios to ours,
and, over several sizes, the cost per page-language and ours / (Hugo +
Pagefind) at each size. With
``--incremental`` it times rebuilds of our generator after no change, one
page edited and one catalog edited (see ``bench/incremental.py``), and
the cold build of each other engine named (``--engines ours,hugo``: the
one-page rebuild as a share of Hugo's cold build).
Results go to ``bench/results/<mode>-<timestamp>.json``; build logs to
``bench/work/logs/``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from .engines import ENGINES, Engine, engine_versions, ensure_anchors_venv, measured_env
from .incremental import SCENARIOS, fresh_copy, run_incremental
from .measure import run_measured
from .paths import RESULTS, WORK, language_codes
from .report import (
    floor_over_hugo,
    full_table,
    incremental_table,
    median_of,
    over_hugo_plus_pagefind,
    per_page_language,
    ratios,
    scale_table,
    source_fingerprint,
    write_results,
)
from .synth import ensure


def output_stats(output: Path) -> tuple[int, int]:
    files = [p for p in output.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def run_once(engine: Engine, site: Path, size: int, index: int, timeout: float | None, logs: Path) -> dict:
    """One measured build of ``engine`` on a fresh copy of its layout (no output, no cache).

    An engine that works on another's output (Pagefind on Hugo's) has that
    output made first, unmeasured, on the same fresh copy.
    """
    workdir = fresh_copy(site / engine.layout, site / f"run-{engine.name.replace('+', '-')}")
    fingerprint = source_fingerprint()
    log = logs / f"p{size}-{engine.name}-{index}.log"
    env = measured_env()
    prepare = engine.prepare()
    if prepare:
        done = subprocess.run(prepare, cwd=workdir, env=env, capture_output=True, text=True, timeout=timeout)
        if done.returncode:
            shutil.rmtree(workdir, ignore_errors=True)
            return {"engine": engine.name, "repeat": index, "wall_s": 0.0, "cpu_s": 0.0, "peak_pss_mib": 0.0,
                    "error": f"preparing with {' '.join(prepare)} exited {done.returncode}: {done.stderr[-2000:]}"}
    measured = run_measured(engine.command(), workdir, log, env=env, timeout=timeout)
    row = {"engine": engine.name, "repeat": index, **measured.as_dict()}
    if engine.name == "ours":
        row["source_fingerprint"] = fingerprint
    if measured.returncode:
        row["error"] = f"exit {measured.returncode}; see {log}"
    elif not (workdir / engine.output).is_dir():
        row["error"] = f"no output folder {engine.output}; see {log}"
    else:
        row["files"], row["bytes"] = output_stats(workdir / engine.output)
    shutil.rmtree(workdir, ignore_errors=True)
    return row


def full_mode(sizes: list[int], engines: list[Engine], repeats: list[int], seed: int,
              timeout: float | None, work: Path = WORK) -> dict:
    results: dict = {"sizes": {}}
    languages = 1 + len(language_codes()[1])
    for size, repeat in zip(sizes, repeats, strict=True):
        site = ensure(size, seed, tuple(sorted({engine.layout for engine in engines})),
                      root=work / f"p{size}-s{seed}")
        runs = []
        for index in range(repeat):
            order = engines[index % len(engines):] + engines[:index % len(engines)]
            for engine in order:
                row = run_once(engine, site, size, index, timeout, work / "logs")
                print(f"  p{size} {engine.name:<13} #{index}: {row['wall_s']:.2f} s wall, "
                      f"{row['cpu_s']:.2f} s cpu, {row['peak_pss_mib']:.0f} MiB PSS"
                      + (f"  FAILED: {row['error']}" if "error" in row else ""), file=sys.stderr)
                runs.append(row)
        ok = {e.name: [r for r in runs if r["engine"] == e.name and "error" not in r] for e in engines}
        summary = {name: median_of(rows) for name, rows in ok.items() if rows}
        files = {name: rows[0]["files"] for name, rows in ok.items() if rows}
        print(full_table(size, languages, repeat, summary, files))
        floor = floor_over_hugo(summary)
        if floor:
            print(f"Python-Markdown alone / Hugo: wall {floor['wall_s']:.2f}, cpu {floor['cpu_s']:.2f}")
        if len({r["source_fingerprint"] for r in runs if "source_fingerprint" in r}) > 1:
            print("warning: the generator's code changed during this run; its figures mix versions")
        searchable = over_hugo_plus_pagefind(summary)
        for kind, figures in searchable.items():
            print(f"ours / (Hugo + Pagefind), {kind}: " + ", ".join(
                f"{metric} {value:.2f}" for metric, value in figures.items() if value is not None))
        failed = sorted(name for name, rows in ok.items() if not rows)
        results["sizes"][str(size)] = {"runs": runs, "repeat": repeat, "median": summary,
                                       "ours_over_anchor": ratios(summary), "files": files, "failed": failed,
                                       "page_languages": size * languages,
                                       **({"ours_over_hugo_plus_pagefind": searchable} if searchable else {}),
                                       **({"markdown_over_hugo": floor} if floor else {})}
    if len(sizes) > 1:
        print(scale_table(results["sizes"]))
    for size, figures in per_page_language(results["sizes"]).items():
        results["sizes"][size]["per_page_language"] = figures
    return results


def incremental_mode(sizes: list[int], repeats: list[int], seed: int, timeout: float | None,
                     work: Path = WORK, anchors: Sequence[Engine] = ()) -> dict:
    """Our rebuilds, and the cold builds of the ``anchors`` (Hugo: the issue's target for a
    one-page rebuild is a share of Hugo's cold build) on the same site in the same run."""
    results: dict = {"sizes": {}}
    for size, repeat in zip(sizes, repeats, strict=True):
        site = ensure(size, seed, ("portal", *sorted({engine.layout for engine in anchors})),
                      root=work / f"p{size}-s{seed}")
        runs = run_incremental(site, repeat, work / "logs", timeout)
        cold = {}
        for engine in anchors:
            rows = [run_once(engine, site, size, index, timeout, work / "logs") for index in range(repeat)]
            runs += [{**row, "scenario": f"{engine.name} cold"} for row in rows]
            if all("error" not in row for row in rows):
                cold[engine.name] = median_of(rows)
        summary = {}
        for scenario in SCENARIOS:
            rows = [r for r in runs if r["scenario"] == scenario]
            summary[scenario] = {**median_of(rows), **{k: max(r.get(k, 0) for r in rows)
                                                       for k in ("changed", "rewritten", "added", "removed",
                                                                 "files", "new_kb")}}
        print(incremental_table(size, repeat, summary))
        drifted = sorted({f"{r['scenario']}#{r['repeat']}" for r in runs if r.get("code_changed")})
        if drifted:
            print(f"warning: the generator's code changed just before {', '.join(drifted)}: "
                  "their file counts show that change, not the edit")
        full = summary["full"]["wall_s"]
        over_full = {name: round(summary[name]["wall_s"] / full, 3) for name in SCENARIOS}
        over_cold = {name: {scenario: round(summary[scenario]["wall_s"] / figures["wall_s"], 3)
                            for scenario in SCENARIOS} for name, figures in cold.items()}
        for name, figures in cold.items():
            print(f"{name} cold build: {figures['wall_s']:.2f} s wall, {figures['cpu_s']:.2f} s cpu; ours / it: "
                  + ", ".join(f"{scenario} {ratio:.2f}" for scenario, ratio in over_cold[name].items()))
        results["sizes"][str(size)] = {"runs": runs, "median": summary, "over_full": over_full,
                                       "anchors_cold": cold, "over_anchor_cold": over_cold}
    return results


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="50,300", help="comma-separated page counts (default 50,300)")
    parser.add_argument("--repeat", default="3",
                        help="builds per engine and size, medians reported; one number, or one per size "
                             "(--sizes 50,300,1000,2000 --repeat 3,3,1,1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engines", default="ours,hugo,pelican,pelican-i18n",
                        help=f"comma-separated subset of {','.join(ENGINES)}")
    parser.add_argument("--incremental", action="store_true",
                        help="time rebuilds of ours after no change, one page edit, one catalog edit")
    parser.add_argument("--timeout", type=float,
                        help="seconds after which a build is killed (and counted as failed)")
    parser.add_argument("--work", type=Path, default=WORK,
                        help="where synthetic sites, build copies and logs go (default bench/work)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where the results file goes")
    return parser.parse_args(argv)


def repeats_for(sizes: list[int], repeat: str) -> list[int]:
    """``--repeat`` as one count per size: a single number applies to every size."""
    counts = [int(count) for count in repeat.split(",") if count]
    if len(counts) == 1:
        counts *= len(sizes)
    if len(counts) != len(sizes) or min(counts, default=0) < 1:
        raise ValueError(f"--repeat {repeat}: give one count, or one count (at least 1) per size of --sizes")
    return counts


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size]
    try:
        repeats = repeats_for(sizes, args.repeat)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    names = [name for name in args.engines.split(",") if name]
    unknown = [name for name in names if name not in ENGINES]
    if unknown:
        print(f"unknown engines {unknown}; choose from {', '.join(ENGINES)}", file=sys.stderr)
        return 2
    engines = []
    for name in names:
        reason = ENGINES[name].unavailable()
        if reason:
            print(f"skipping {name}: {reason}", file=sys.stderr)
        else:
            engines.append(ENGINES[name])
    if args.incremental:
        results = incremental_mode(sizes, repeats, args.seed, args.timeout, args.work,
                                   [engine for engine in engines if engine.name != "ours"])
        kind = "incremental"
    else:
        if any(engine.name.startswith("pelican") for engine in engines):
            ensure_anchors_venv()
        results = full_mode(sizes, engines, repeats, args.seed, args.timeout, args.work)
        kind = "full"
    results.update(repeat=repeats[0] if len(set(repeats)) == 1 else repeats, seed=args.seed,
                   engines=[e.name for e in engines], versions=engine_versions())
    print(f"\nresults: {write_results(kind, results, args.results)}")
    failed = any(size.get("failed") for size in results["sizes"].values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
