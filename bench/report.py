"""Summaries, ratio tables and result files.

The machine is shared and noisy, so every figure is a median of the
repeats, and every anchor is shown as a ratio to our build measured in the
same run: ``ours/this`` below 1 means ours is faster (or lighter).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import statistics
from pathlib import Path

from .paths import RESULTS, ROOT

METRICS = ("wall_s", "cpu_s", "peak_pss_mib", "peak_rss_sum_mib", "max_rss_mib")


def median_of(runs: list[dict]) -> dict[str, float]:
    return {metric: round(statistics.median(run[metric] for run in runs), 3) for metric in METRICS}


def ratio(ours: float, theirs: float) -> float | None:
    return round(ours / theirs, 3) if theirs else None


def ratios(summary: dict[str, dict]) -> dict[str, dict[str, float | None]]:
    """ours/anchor for wall, CPU and peak PSS, for every anchor that ran."""
    ours = summary.get("ours")
    if ours is None:
        return {}
    return {name: {metric: ratio(ours[metric], figures[metric])
                   for metric in ("wall_s", "cpu_s", "peak_pss_mib", "max_rss_mib")}
            for name, figures in summary.items() if name != "ours"}


def floor_over_hugo(summary: dict[str, dict]) -> dict[str, float | None] | None:
    """Python-Markdown alone (``markdown``) over Hugo's whole build, when both ran.

    Above 1 on wall time, rendering alone, with the renderer the mission
    prescribes, already takes longer than Hugo's build.
    """
    floor, hugo = summary.get("markdown"), summary.get("hugo")
    if floor is None or hugo is None:
        return None
    return {metric: ratio(floor[metric], hugo[metric]) for metric in ("wall_s", "cpu_s", "peak_pss_mib")}


def over_hugo_plus_pagefind(summary: dict[str, dict]) -> dict[str, dict[str, float | None]]:
    """ours / (Hugo + Pagefind): what a searchable multilingual Hugo site costs.

    ``combined`` is the ``hugo+pagefind`` engine, the two run as one
    measured command; ``summed`` adds the medians of the ``hugo`` and
    ``pagefind`` engines measured apart (wall and CPU summed, peak PSS the
    larger of the two, as the two run one after the other).
    """
    ours, found = summary.get("ours"), {}
    if ours is None:
        return found
    metrics = ("wall_s", "cpu_s", "peak_pss_mib")
    if "hugo+pagefind" in summary:
        found["combined"] = {metric: ratio(ours[metric], summary["hugo+pagefind"][metric]) for metric in metrics}
    if "hugo" in summary and "pagefind" in summary:
        hugo, pagefind = summary["hugo"], summary["pagefind"]
        both = {"wall_s": hugo["wall_s"] + pagefind["wall_s"], "cpu_s": hugo["cpu_s"] + pagefind["cpu_s"],
                "peak_pss_mib": max(hugo["peak_pss_mib"], pagefind["peak_pss_mib"])}
        found["summed"] = {metric: ratio(ours[metric], both[metric]) for metric in metrics}
    return found


def scale_table(sizes: dict[str, dict]) -> str:
    """Cost per page-language of every engine at every size, and ours / (Hugo + Pagefind) there."""
    header = (f"{'pages':>6} {'engine':<14}{'wall s':>9}{'cpu s':>9}{'PSS MiB':>9}"
              f"{'wall ms/pl':>12}{'cpu ms/pl':>11}{'KiB PSS/pl':>12}   ours/(hugo+pagefind) wall cpu PSS")
    lines = ["\nscale: cost per page-language (pl); the last columns are ours / (Hugo + Pagefind)",
             header, "-" * len(header)]
    for size, found in sizes.items():
        count = found["page_languages"]
        searchable = found.get("ours_over_hugo_plus_pagefind", {})
        versus = searchable.get("combined") or searchable.get("summed") or {}
        for number, (name, figures) in enumerate(found["median"].items()):
            tail = ""
            if name == "ours" and versus:
                tail = "   " + " ".join(f"{versus[m]:.2f}" if versus.get(m) is not None else "-"
                                        for m in ("wall_s", "cpu_s", "peak_pss_mib"))
            lines.append(f"{size if number == 0 else '':>6} {name:<14}{figures['wall_s']:>9.2f}"
                         f"{figures['cpu_s']:>9.2f}{figures['peak_pss_mib']:>9.0f}"
                         f"{1000 * figures['wall_s'] / count:>12.2f}{1000 * figures['cpu_s'] / count:>11.2f}"
                         f"{1024 * figures['peak_pss_mib'] / count:>12.1f}{tail}")
    return "\n".join(lines)


def per_page_language(sizes: dict[str, dict]) -> dict[str, dict[str, dict[str, float]]]:
    """The scale table's figures, for the results file: ms of wall and CPU, KiB of PSS per page-language."""
    return {size: {name: {"wall_ms": round(1000 * figures["wall_s"] / found["page_languages"], 3),
                          "cpu_ms": round(1000 * figures["cpu_s"] / found["page_languages"], 3),
                          "pss_kib": round(1024 * figures["peak_pss_mib"] / found["page_languages"], 1)}
                   for name, figures in found["median"].items()}
            for size, found in sizes.items()}


def full_table(size: int, languages: int, repeat: int, summary: dict[str, dict],
               files: dict[str, int]) -> str:
    title = f"\n{size} pages x {languages} languages, median of {repeat}; ratios are ours/this"
    header = (f"{'engine':<14}{'wall s':>9}{'cpu s':>9}{'PSS MiB':>9}{'RSS+ MiB':>10}{'maxRSS':>8}"
              f"{'files':>7}{'wall':>8}{'cpu':>7}{'PSS':>7}")
    lines = [title, header, "-" * len(header)]
    ours = summary.get("ours")
    for name, figures in summary.items():
        shown = [ratio(ours[m], figures[m]) if ours else None for m in ("wall_s", "cpu_s", "peak_pss_mib")]
        cells = [f"{r:>{width}.2f}" if r is not None else f"{'-':>{width}}"
                 for r, width in zip(shown, (8, 7, 7), strict=True)]
        lines.append(
            f"{name:<14}{figures['wall_s']:>9.2f}{figures['cpu_s']:>9.2f}{figures['peak_pss_mib']:>9.0f}"
            f"{figures['peak_rss_sum_mib']:>10.0f}{figures['max_rss_mib']:>8.0f}{files.get(name, 0):>7}"
            + "".join(cells))
    return "\n".join(lines)


def incremental_table(size: int, repeat: int, rows: dict[str, dict]) -> str:
    header = (f"\nincremental, {size} pages: times are medians of {repeat}, file counts the largest\n"
              f"{'scenario':<16}{'wall s':>9}{'cpu s':>9}{'/full':>7}{'bytes changed':>15}"
              f"{'rewritten':>11}{'added':>7}{'removed':>9}{'files':>7}{'new KB':>9}")
    lines = [header, "-" * len(header.splitlines()[-1])]
    full = rows["full"]["wall_s"]
    for name, row in rows.items():
        lines.append(f"{name:<16}{row['wall_s']:>9.2f}{row['cpu_s']:>9.2f}{row['wall_s'] / full:>7.2f}"
                     f"{row.get('changed', 0):>15}{row.get('rewritten', 0):>11}{row.get('added', 0):>7}"
                     f"{row.get('removed', 0):>9}{row.get('files', 0):>7}{row.get('new_kb', 0):>9}")
    return "\n".join(lines)


def machine() -> dict:
    """What the figures were measured on (they mean little without it)."""
    info = {"platform": platform.platform(), "cores": len(os.sched_getaffinity(0)),
            "load_average": os.getloadavg()}
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_mib"] = int(line.split()[1]) // 1024
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return info


def git_dirs() -> tuple[Path, Path]:
    """(the checkout's own Git folder, the repository's common one): the same but in a worktree,
    whose ``.git`` is a file naming its folder, whose ``commondir`` names the repository's."""
    dot_git = ROOT / ".git"
    if dot_git.is_file():
        own = (ROOT / dot_git.read_text().strip().removeprefix("gitdir: ")).resolve()
        common = own / "commondir"
        return own, (own / common.read_text().strip()).resolve() if common.exists() else own
    return dot_git, dot_git


def project_revision() -> str | None:
    """The checked-out commit, read from .git without running Git (in a worktree too)."""
    try:
        own, common = git_dirs()
        head = (own / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        loose = common / ref
        if loose.exists():
            return loose.read_text().strip()
        for line in (common / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split()[0]
    except OSError:
        pass
    return None


def source_fingerprint() -> str:
    """A hash of the generator's code (plugins/, theme/, pelicanconf.py) as it was measured.

    The generator changes while it is benchmarked and the work tree may
    hold uncommitted edits, so the commit alone does not say what ran.
    """
    digest = hashlib.blake2b(digest_size=8)
    files = [ROOT / "pelicanconf.py", *sorted((ROOT / "plugins").rglob("*.py")),
             *sorted(p for p in (ROOT / "theme").rglob("*") if p.is_file())]
    for path in files:
        if "__pycache__" not in path.parts and path.exists():
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def write_results(kind: str, payload: dict, results: Path = RESULTS) -> Path:
    """Write ``results/<kind>-<timestamp>.json`` and return its path."""
    results.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = results / f"{kind}-{stamp}.json"
    payload = {"kind": kind, "when": dt.datetime.now().isoformat(timespec="seconds"),
               "revision": project_revision(), "source_fingerprint": source_fingerprint(),
               "machine": machine(), **payload}
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return path
