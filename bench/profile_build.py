"""Where our build spends its time: ``python -m bench.profile_build --pages 300``.

Runs one full build (or, with ``--edit-page``, the rebuild after one page
edit) of the synthetic portal in this process under
cProfile and prints the top functions by cumulative and by own (self)
time; the raw profile is saved to ``bench/results/`` for snakeviz or
``python -m pstats``. The build runs with one worker (``PORTAL_WORKERS=1``)
so that the editions' rendering, which normally happens in forked
workers that cProfile cannot see, is in the profile too: the figures are
serial CPU time, not the wall time of a parallel build.

(Named ``profile_build`` rather than ``profile``: a ``profile.py`` run as
a script would shadow the standard library module that cProfile imports.)
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import sys
from pathlib import Path

from .incremental import edit_page, fresh_copy
from .paths import RESULTS
from .synth import ensure


def profile_build(site: Path, workers: int, rebuild: bool = False) -> cProfile.Profile:
    """Build a fresh copy of ``site``'s portal under cProfile and return the profile.

    With ``rebuild``, the cold build runs unprofiled, one page is edited as
    ``bench.incremental``'s ``edit-page`` edits it, and the rebuild is profiled.
    """
    from portal_pelican.build import build_site  # the project's interpreter has it

    portal = fresh_copy(site / "portal", site / "run-profile")
    previous = Path.cwd()
    os.chdir(portal)
    profiler = cProfile.Profile()
    overrides = {"PORTAL_WORKERS": workers}
    try:
        if rebuild:
            build_site(portal / "pelicanconf.py", portal / "output", overrides=overrides)
            edit_page(portal, 0)
        profiler.enable()
        build_site(portal / "pelicanconf.py", portal / "output", overrides=overrides)
        profiler.disable()
    finally:
        os.chdir(previous)
    return profiler


def top(profiler: cProfile.Profile, sort: str, count: int) -> str:
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream).strip_dirs()
    stats.sort_stats(sort).print_stats(count)
    text = stream.getvalue()
    return text[text.find("   ncalls"):] if "   ncalls" in text else text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_build",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top", type=int, default=30, help="functions listed per table")
    parser.add_argument("--workers", type=int, default=1,
                        help="PORTAL_WORKERS for the build (1: everything in the profiled process)")
    parser.add_argument("--edit-page", action="store_true",
                        help="profile the rebuild after a one-page edit instead of the cold build")
    args = parser.parse_args(argv)
    site = ensure(args.pages, args.seed, ("portal",))
    profiler = profile_build(site, args.workers, rebuild=args.edit_page)
    total = pstats.Stats(profiler).total_tt
    what = "the rebuild after one page edit" if args.edit_page else "one build"
    report = (f"profile of {what}, {args.pages} pages, PORTAL_WORKERS={args.workers}: "
              f"{total:.1f} s of profiled CPU\n\n"
              f"== by cumulative time ==\n{top(profiler, 'cumulative', args.top)}\n"
              f"== by own time ==\n{top(profiler, 'tottime', args.top)}")
    print(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    kind = "-edit-page" if args.edit_page else ""
    stem = RESULTS / f"profile-p{args.pages}{kind}-{dt.datetime.now():%Y%m%d-%H%M%S}"
    profiler.dump_stats(f"{stem}.prof")
    Path(f"{stem}.txt").write_text(report, "utf-8")
    print(f"saved {stem}.prof and {stem}.txt", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
