"""Page weight budget: what a reader's phone downloads on a first visit to a guide, per edition.

A first visit (nothing cached) fetches the guide's HTML, the stylesheets and
scripts it links, and the favicon the browser asks for. All of it, gzipped
as a host sends it, must stay under 15 KB. Search code is not part of it:
the search page loads its scripts only when the reader starts a search, and
they are reported apart (``search gz``). No web font is allowed. Run after
a build:

    .venv/bin/python -m bench.budget [--output output] [--guide settlement/emergency-help]
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

BUDGET = 15 * 1024  # a first visit to a guide, gzipped


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def local_file(page: Path, href: str) -> Path:
    url = urljoin("file://" + str(page.resolve()), href)
    return Path(urlsplit(url).path)


def linked(page: Path, doc: BeautifulSoup) -> tuple[list[Path], list[Path]]:
    """The stylesheets and scripts a page makes the browser fetch as it loads."""
    css = [local_file(page, link["href"]) for link in doc.select('link[rel="stylesheet"]')]
    js = [local_file(page, script["src"]) for script in doc.select("script[src]")]
    return css, js


def measure(output: Path, guide: str) -> list[dict]:
    rows = []
    fonts = [p for p in output.rglob("*") if p.suffix in (".woff", ".woff2", ".ttf", ".otf")]
    favicon = output / "favicon.ico"
    for edition in sorted(p for p in output.iterdir() if (p / guide / "index.html").is_file()):
        page = edition / guide / "index.html"
        html = page.read_bytes()
        css, js = linked(page, BeautifulSoup(html, "html.parser"))
        search_page = edition / "search" / "index.html"
        search = BeautifulSoup(search_page.read_bytes(), "html.parser") if search_page.is_file() else None
        form = search.select_one("form[data-scripts]") if search else None
        lazy = [local_file(search_page, src) for src in form["data-scripts"].split()] if form else []
        row = {
            "edition": edition.name,
            "html_gz": gzipped(html),
            "css_gz": sum(gzipped(path.read_bytes()) for path in css),
            "js_gz": sum(gzipped(path.read_bytes()) for path in js),
            "favicon": favicon.stat().st_size if favicon.is_file() else 0,
            "search_code_on_guide": sum(1 for path in js if "search" in path.name or "lunr" in path.name),
            "search_gz": sum(gzipped(path.read_bytes()) for path in lazy),
            "fonts": len(fonts),
        }
        row["first_visit_gz"] = row["html_gz"] + row["css_gz"] + row["js_gz"] + row["favicon"]
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default="output")
    parser.add_argument("--guide", default="settlement/emergency-help")
    args = parser.parse_args()
    rows = measure(Path(args.output), args.guide)
    print(f"{'edition':<8} {'HTML gz':>8} {'CSS gz':>7} {'JS gz':>6} {'icon':>5} {'first visit':>12} "
          f"{'budget':>7} {'search gz (on demand)':>22} fonts")
    for row in rows:
        print(f"{row['edition']:<8} {row['html_gz']:>8} {row['css_gz']:>7} {row['js_gz']:>6} {row['favicon']:>5} "
              f"{row['first_visit_gz']:>12} {row['first_visit_gz'] / BUDGET:>6.0%} {row['search_gz']:>22} "
              f"{row['fonts']:>5}")


if __name__ == "__main__":
    main()
