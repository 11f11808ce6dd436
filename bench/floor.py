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

from portal.segments import MARKDOWN_EXTENSIONS


def body_of(text: str) -> str:
    """A Pelican Markdown file's body: what follows the metadata header's first blank line."""
    header, separator, body = text.partition("\n\n")
    return body if separator else header


def render_files(job: tuple[Path, Path, list[str]]) -> int:
    """Render one worker's share of the files; returns the bytes of HTML written."""
    content, output, names = job
    converter = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, "toc"],
                                  extension_configs={"toc": {"toc_depth": "2-3", "permalink": False}},
                                  output_format="html")
    written = 0
    for name in names:
        converter.reset()
        html = converter.convert(body_of((content / name).read_text("utf-8")))
        target = (output / name).with_suffix(".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        written += target.write_text(html, "utf-8")
    return written


def render_all(content: Path, output: Path, workers: int | None = None) -> tuple[int, int]:
    """Render every ``*.md`` under ``content`` into ``output``; returns (files, bytes of HTML).

    The files are dealt out to one process per core (fork, as the portal's
    own build does), interleaved so that every worker gets every language.
    """
    names = sorted(path.relative_to(content).as_posix() for path in content.rglob("*.md"))
    workers = workers or len(os.sched_getaffinity(0))
    jobs = [(content, output, names[index::workers]) for index in range(workers)]
    with get_context("fork").Pool(workers) as pool:
        return len(names), sum(pool.map(render_files, jobs))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python bench/floor.py CONTENT OUTPUT", file=sys.stderr)
        return 2
    files, size = render_all(Path(argv[0]), Path(argv[1]))
    print(f"rendered {files} files with Python-Markdown alone: {size} bytes of HTML")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
