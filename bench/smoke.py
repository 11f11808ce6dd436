"""Smoke test of the harness: ``python -m bench.smoke`` exits non-zero on any failure.

Generates a 3-page synthetic portal in a temporary folder, builds it with
our generator through the harness's own measuring code, and checks that
every edition was written and that the pseudo-translations reached the
pages. It asserts nothing about time: the figures are printed, not judged.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from .engines import ENGINES
from .measure import run_measured
from .paths import language_codes
from .synth import synthesize

THAI = range(0x0E00, 0x0E80)


def problems_in(output: Path, codes: list[str]) -> list[str]:
    """What is missing from a built synthetic site (an empty list when all is well)."""
    found = [f"missing {output / code / 'index.html'}" for code in codes
             if not (output / code / "index.html").is_file()]
    pages = sorted((output / "th").rglob("index.html")) if (output / "th").is_dir() else []
    if not pages:
        found.append("no Thai edition")
    elif not any(any(ord(ch) in THAI for ch in page.read_text("utf-8")) for page in pages):
        found.append("the Thai edition has no Thai text: catalogs were not applied")
    return found


def smoke(folder: Path, pages: int = 3, seed: int = 1) -> list[str]:
    synthesize(pages, seed, folder, ("portal",))
    engine = ENGINES["ours"]
    measured = run_measured(engine.command(), folder / "portal", folder / "build.log")
    if measured.returncode:
        return [f"build exited {measured.returncode}:\n" + (folder / "build.log").read_text("utf-8")[-3000:]]
    source, targets = language_codes()
    print(f"smoke: built {pages} pages x {1 + len(targets)} languages in {measured.wall_s:.1f} s, "
          f"peak PSS {measured.peak_pss_mib:.0f} MiB")
    return problems_in(folder / "portal" / engine.output, [source, *targets])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.smoke", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build here and keep it, instead of a temporary folder")
    args = parser.parse_args(argv)
    if args.keep:
        found = smoke(args.keep, args.pages)
    else:
        with tempfile.TemporaryDirectory(prefix="portal-bench-smoke-") as folder:
            found = smoke(Path(folder), args.pages)
    for problem in found:
        print(f"smoke: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
