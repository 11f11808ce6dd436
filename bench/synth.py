"""Generate a synthetic portal of any size: ``python -m bench.synth --pages N --seed S --out DIR``.

Writes, under DIR, the same seeded corpus in up to three layouts:

- ``portal/``: Korean Markdown, settings and filled catalogs for our generator;
- ``pelican/``: per-language Markdown for Pelican (plain and i18n_subsites);
- ``hugo/``: per-language Markdown, theme and config for Hugo;

and ``synth.json``, which records what was generated. A folder whose
``synth.json`` matches the request is reused by the benchmark as it is.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

from .corpus import generate
from .hugo_site import write_hugo
from .paths import language_codes, site_dir
from .pelican_site import write_pelican
from .portal_site import write_portal

GENERATOR_VERSION = 4  # bump when the generated files change for the same pages and seed
LAYOUTS = ("portal", "pelican", "hugo")


def stamp(root: Path) -> dict:
    path = root / "synth.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def is_current(root: Path, pages: int, seed: int, layouts: tuple[str, ...]) -> bool:
    """True when ``root`` already holds these layouts of this corpus, from this generator."""
    found = stamp(root)
    return (found.get("version") == GENERATOR_VERSION and found.get("pages") == pages
            and found.get("seed") == seed and set(layouts) <= set(found.get("layouts", [])))


def synthesize(pages: int, seed: int, root: Path, layouts: tuple[str, ...] = LAYOUTS) -> dict:
    """Write the requested layouts into ``root`` (replacing them) and return the stamp."""
    unknown = set(layouts) - set(LAYOUTS)
    if unknown:
        raise ValueError(f"unknown layouts {sorted(unknown)}; choose from {', '.join(LAYOUTS)}")
    started = time.perf_counter()
    source, targets = language_codes()
    corpus = generate(pages, seed)
    previous = stamp(root) if is_current(root, pages, seed, ()) else {}
    kept = [name for name in previous.get("layouts", []) if name not in layouts]
    root.mkdir(parents=True, exist_ok=True)
    (root / "synth.json").unlink(missing_ok=True)
    unknown_messages = 0
    for name in layouts:
        shutil.rmtree(root / name, ignore_errors=True)
        if name == "portal":
            unknown_messages = write_portal(corpus, root / name, [source, *targets], targets)
        elif name == "pelican":
            write_pelican(corpus, root / name, source, targets)
        else:
            write_hugo(corpus, root / name, source, targets)
    result = {
        "version": GENERATOR_VERSION, "pages": pages, "seed": seed, "layouts": sorted({*kept, *layouts}),
        "languages": [source, *targets], "sections": len(corpus.sections),
        "words_per_language": corpus.words(),
        "messages": sum(len(page.messages) for page in corpus.pages),
        "messages_filled_without_table": unknown_messages or previous.get("messages_filled_without_table", 0),
        "seconds": round(time.perf_counter() - started, 1),
    }
    (root / "synth.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    return result


def ensure(pages: int, seed: int, layouts: tuple[str, ...], root: Path | None = None) -> Path:
    """The site folder holding these layouts, generating only what is missing."""
    root = root or site_dir(pages, seed)
    if not is_current(root, pages, seed, layouts):
        have = set(stamp(root).get("layouts", [])) if is_current(root, pages, seed, ()) else set()
        missing = tuple(name for name in layouts if name not in have)
        print(f"generating {', '.join(missing)} for {pages} pages (seed {seed}) in {root}", file=sys.stderr)
        synthesize(pages, seed, root, missing)
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, required=True,
                        help="Markdown pages, the home page and section indexes included")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="folder to write (default: bench/work/p<N>-s<SEED>)")
    parser.add_argument("--layouts", default=",".join(LAYOUTS),
                        help=f"comma-separated subset of {','.join(LAYOUTS)}")
    args = parser.parse_args(argv)
    root = args.out or site_dir(args.pages, args.seed)
    result = synthesize(args.pages, args.seed, root, tuple(filter(None, args.layouts.split(","))))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
