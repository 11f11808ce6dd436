"""Page weight budget: what a reader downloads for one guide, per edition.

Reports, for a built site, the gzipped size of a guide page's HTML plus
the stylesheets it links (the budget: under 30 KB), the scripts it links
(loaded with defer; reading works without them), and confirms there is
no web font. Run after a build:

    .venv/bin/python -m bench.budget [--output output] [--guide settlement/emergency-help]
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

BUDGET = 30 * 1024


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def local_file(page: Path, href: str) -> Path:
    url = urljoin("file://" + str(page.resolve()), href)
    return Path(urlsplit(url).path)


def measure(output: Path, guide: str) -> list[dict]:
    rows = []
    for edition in sorted(p for p in output.iterdir() if (p / guide / "index.html").is_file()):
        page = edition / guide / "index.html"
        html = page.read_bytes()
        doc = BeautifulSoup(html, "html.parser")
        css = [local_file(page, link["href"]) for link in doc.select('link[rel="stylesheet"]')]
        js = [local_file(page, script["src"]) for script in doc.select("script[src]")]
        css_bytes = b"".join(path.read_bytes() for path in css)
        fonts = [p for p in output.rglob("*") if p.suffix in (".woff", ".woff2", ".ttf", ".otf")]
        rows.append({
            "edition": edition.name,
            "html_gz": gzipped(html),
            "css_gz": gzipped(css_bytes),
            "js_gz": sum(gzipped(path.read_bytes()) for path in js),
            "fonts": len(fonts),
        })
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default="output")
    parser.add_argument("--guide", default="settlement/emergency-help")
    args = parser.parse_args()
    rows = measure(Path(args.output), args.guide)
    print(f"{'edition':<8} {'HTML gz':>8} {'CSS gz':>7} {'HTML+CSS':>9} {'budget':>7} {'JS gz (deferred)':>17} fonts")
    for row in rows:
        total = row["html_gz"] + row["css_gz"]
        print(f"{row['edition']:<8} {row['html_gz']:>8} {row['css_gz']:>7} {total:>9} "
              f"{total / BUDGET:>6.0%} {row['js_gz']:>17} {row['fonts']:>5}")


if __name__ == "__main__":
    main()
