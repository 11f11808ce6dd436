"""The renderer's floor: Python-Markdown alone, on every page of every language, on every core.

``python bench/floor.py CONTENT OUTPUT`` reads the synthetic corpus's
per-language Markdown files (the ``pelican`` layout: one file per page
and language, a metadata header, then the body), renders each body with
Python-Markdown configured as the portal configures it (the same
extensions, without the portal's own), and writes each page's HTML under
OUTPUT. It does nothing else: no templates, no catalogs, no checks, no
search index, no listings.

The mission has Python-Markdown render every page, so any build of this
corpus does at least this much work. The harness runs it beside the
other engines (``--engines markdown``): when this alone takes longer
than Hugo's whole build, no build that renders with Python-Markdown can
be faster than Hugo's on a cold start.

It runs as a script, not as part of the ``bench`` package, because the
harness runs every engine in a copy of its layout, away from the project.
"""

from __future__ import annotations

import os
import sys
from multiprocessing import get_context
from pathlib import Path

import markdown

from portal.segments import MARKDOWN_EXTENSION_CONFIGS, MARKDOWN_EXTENSIONS


def body_of(text: str) -> str:
    """A Pelican Markdown file's body: what follows the metadata header's first blank line."""
    header, separator, body = text.partition("\n\n")
    return body if separator else header


def render_files(job: tuple[Path, Path, list[str]]) -> int:
    """Render one worker's share of the files; returns the bytes of HTML written."""
    content, output, names = job
    converter = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, "toc"],
                                  extension_configs=MARKDOWN_EXTENSION_CONFIGS, output_format="html")
    written = 0
    for name in names:
        converter.reset()
        html = converter.convert(body_of((content / name).read_text("utf-8")))
        target = (output / name).with_suffix(".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        written += target.write_text(html, "utf-8")
    return written


def markdown_files(content: Path) -> list[str]:
    """Every ``*.md`` under ``content``, relative to it, in order."""
    return sorted(path.relative_to(content).as_posix() for path in content.rglob("*.md"))


def render_all(content: Path, output: Path, names: list[str], workers: int | None = None) -> int:
    """Render ``names`` (below ``content``) into ``output``; returns the bytes of HTML written.

    The files are dealt out to one process per core (fork, as the portal's
    own build does), interleaved so that every worker gets every language.
    """
    workers = workers or len(os.sched_getaffinity(0))
    jobs = [(content, output, names[index::workers]) for index in range(workers)]
    with get_context("fork").Pool(workers) as pool:
        return sum(pool.map(render_files, jobs))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python bench/floor.py CONTENT OUTPUT", file=sys.stderr)
        return 2
    content = Path(argv[0])
    names = markdown_files(content)
    if not names:  # timing nothing would pass for a very fast renderer
        print(f"floor.py: no Markdown files under {content}: give the content folder of a synthetic "
              f"site's pelican/ layout (python -m bench.synth --pages N writes one)", file=sys.stderr)
        return 1
    size = render_all(content, Path(argv[1]), names)
    print(f"rendered {len(names)} files with Python-Markdown alone: {size} bytes of HTML")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
