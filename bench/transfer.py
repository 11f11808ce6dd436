"""Search transfer: what a reader's first query fetches, ours against Pagefind, in a real browser.

``python -m bench.transfer [--pages 300] [--queries 5] [--languages ko,th]``

Both sites are built from the same synthetic corpus (``bench.synth``):
ours with ``portal build``, and the Hugo layout with Hugo then Pagefind
(the pinned npm package, its bundled binary) over Hugo's output, whose
theme carries Pagefind's Default UI in every page's header
(``bench/hugo_site.py``). Each output is served on 127.0.0.1 by a small
server that gzips every response the browser accepts gzip for, when that
makes it smaller (Pagefind's index files are compressed already), and
that records the bytes of every body it sends: the bytes over the wire.

For every language and query, in headless Chromium (Debian's, driven by
Playwright) with a new browser context, so a cold cache: the edition's
home page is opened and left to settle, the query is typed into the
site's own search box, and once the results are shown and the network has
been quiet for a while, every request is counted. A request is
search ``code`` (ours: lunr.js, ``search*.js``, ``search.css``; Pagefind:
its UI, ``pagefind.js``, its worker and WebAssembly), ``index`` (ours: the
entry ``index.json`` and postings shards; Pagefind: the entry, the
language's meta file and index chunks) or ``text`` (what results show:
our text chunks, Pagefind's fragments), whether it came with the page or
after the query; the rest (the page, its style sheet) is left out. The
first query's cost is ``code + index + text``; ``data`` is
``index + text``.

Queries are words of the corpus: for each language, the longest word of
the titles of ``--queries`` pages spread over the site (the Korean title
itself, or the pseudo-words its translation was made of, which in
spaceless scripts the text alone does not delimit), the same pages in
every language, so every query names a page that exists in both sites.
The results shown (ten at most, in both) are counted for both engines:
the engines do not cut spaceless text alike, and a query one engine does
not find costs it less.

Results go to ``bench/results/transfer-<timestamp>.json``; the table is
printed.
"""

from __future__ import annotations

import argparse
import gzip
import mimetypes
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from portal.search.scripts import is_word_char

from .corpus import generate
from .engines import HUGO, INSTALL_HUGO, engine_versions, measured_env, pagefind_command, pagefind_unavailable
from .incremental import fresh_copy
from .paths import RESULTS, WORK, language_codes, project_python
from .report import write_results
from .scripts import pseudo_translate
from .synth import ensure

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
INSTALL_CHROMIUM = f"{CHROMIUM} is missing: apt-get install -y chromium (and pip's playwright, a test dependency)"
QUIET_S = 0.75  # the network is done when nothing was requested for this long
KINDS = ("code", "index", "text")
GZIP_LEVEL = 9  # as bench.search (README-search.md) computes its sizes


@dataclass(frozen=True)
class Sent:
    """One response: its path, the bytes of its body as sent, and when it was sent."""

    path: str
    body_bytes: int
    raw_bytes: int
    at: float


@dataclass
class Ledger:
    """Every response a server sent, in order (appended from the server's threads)."""

    sent: list[Sent] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, entry: Sent) -> None:
        with self.lock:
            self.sent.append(entry)

    def since(self, start: int) -> list[Sent]:
        with self.lock:
            return self.sent[start:]

    def mark(self) -> int:
        with self.lock:
            return len(self.sent)

    def quiet_for(self) -> float:
        with self.lock:
            return time.monotonic() - self.sent[-1].at if self.sent else float("inf")


class GzipHandler(BaseHTTPRequestHandler):
    """Static files, gzipped when the client accepts it and it helps, every body recorded."""

    root: Path
    ledger: Ledger
    compressed: dict[Path, bytes]

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        path = unquote(urlsplit(self.path).path)
        target = (self.root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if self.root not in target.parents or not target.is_file():
            self.send_error(404)
            return
        raw = target.read_bytes()
        body, encoded = raw, False
        if "gzip" in self.headers.get("Accept-Encoding", ""):
            if target not in self.compressed:
                self.compressed[target] = gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0)
            if len(self.compressed[target]) < len(raw):
                body, encoded = self.compressed[target], True
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(target.name)[0] or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(body)
        self.ledger.add(Sent(path, len(body), len(raw), time.monotonic()))

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the standard library's name)
        pass


class Served:
    """A folder served on 127.0.0.1 (an ephemeral port) until ``close``."""

    def __init__(self, root: Path):
        self.ledger = Ledger()
        handler = type("Handler", (GzipHandler,), {"root": root.resolve(), "ledger": self.ledger,
                                                   "compressed": {}})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def kind_of(engine: str, path: str) -> str | None:
    """Which part of search a request is (``code``, ``index``, ``text``), or None for the page's own files."""
    name = path.rsplit("/", 1)[-1]
    if engine == "ours":
        # theme assets carry a content hash (lunr.0c50d9002b.js); the search page itself is a page
        if re.fullmatch(r"/theme/js/(lunr|search[a-z-]*)(\.[0-9a-f]{10})?\.js"
                        r"|/theme/css/search(\.[0-9a-f]{10})?\.css", path):
            return "code"
        if "/search/" in path and name not in ("", "index.html"):
            return "text" if name.startswith("text-") else "index"
        return None
    if not path.startswith("/pagefind/"):
        return None
    if name.endswith((".js", ".css")) or name.startswith("wasm."):
        return "code"
    return "text" if name.endswith(".pf_fragment") else "index"


def tally(engine: str, sent: list[Sent]) -> dict:
    """Bytes and requests of each kind, and which files, for one query's requests."""
    found: dict = {kind: 0 for kind in KINDS} | {"requests": 0, "files": {}}
    for entry in sent:
        kind = kind_of(engine, entry.path)
        if kind is None:
            continue
        found[kind] += entry.body_bytes
        found["requests"] += 1
        found["files"][entry.path] = entry.body_bytes
    found["data"] = found["index"] + found["text"]
    found["total"] = found["code"] + found["data"]
    return found


# How each site's box is used, how to tell that its results (or its "nothing found") are shown, and
# how many are (both show ten at most: search.js's SHOWN, the Default UI's pageSize in hugo_site.py).
# Where a reader types a first query: ours has its search form on the edition's search page
# (one tap from every page's header), a Hugo + Pagefind site in every page's header.
BOXES = {
    "ours": {"start": "search/", "input": "#site-search-input", "done": """() => {
        const form = document.querySelector("form.site-search");
        const status = form.querySelector(".search-status").textContent.trim();
        const shown = form.querySelectorAll(".search-list li").length;
        return shown > 0 || (status !== "" && status !== form.getAttribute("data-msg-loading"));
    }""", "shown": "() => document.querySelectorAll('.search-list li').length"},
    "pagefind": {"start": "", "input": ".pagefind-ui__search-input", "done": """() => {
        const message = document.querySelector(".pagefind-ui__message");
        const titles = document.querySelectorAll(".pagefind-ui__result-title");
        return titles.length > 0 || (message !== null && message.textContent.trim() !== "");
    }""", "shown": "() => document.querySelectorAll('.pagefind-ui__result').length"},
}


def wait_quiet(ledger: Ledger, limit: float = 20.0) -> None:
    ends = time.monotonic() + limit
    while ledger.quiet_for() < QUIET_S and time.monotonic() < ends:
        time.sleep(0.05)


def first_query(browser, served: Served, engine: str, code: str, query: str) -> dict:
    """One query from a cold cache: the page with the edition's search box, then the query typed there."""
    box = BOXES[engine]
    context = browser.new_context()
    try:
        page = context.new_page()
        start = served.ledger.mark()
        page.goto(f"{served.url}/{code}/{box['start']}", wait_until="networkidle")
        wait_quiet(served.ledger)
        typed = served.ledger.mark()
        page.fill(box["input"], query)
        page.wait_for_function(box["done"], timeout=60_000)
        wait_quiet(served.ledger)
        page.wait_for_function(box["done"], timeout=10_000)
        results = page.evaluate(box["shown"])
        with_page = tally(engine, served.ledger.since(start)[: typed - start])
        after = tally(engine, served.ledger.since(typed))
    finally:
        context.close()
    total = tally(engine, served.ledger.since(start)[: served.ledger.mark() - start])
    return {"query": query, "results": results, **{k: total[k] for k in (*KINDS, "data", "total", "requests")},
            "with_page": with_page["total"], "after_query": after["total"], "files": total["files"]}


def longest_word(words: list[str]) -> str:
    """The longest of ``words`` that is not a number, with only its word characters as the
    search's tokenizer counts them (``is_word_char``: letters, marks, numbers). The marks matter:
    Thai, Lao, Khmer and Burmese vowel signs are not word characters to Python's ``\\w``, and a
    query without them is a word no page holds."""
    cleaned = ["".join(char for char in word if is_word_char(char)) for word in words]
    return max((word for word in cleaned if not word.isdigit()), key=len, default="")


def corpus_queries(pages: int, seed: int, count: int, codes: list[str], source: str) -> dict[str, list[dict]]:
    """For every language, the longest word of the titles of ``count`` pages spread over the site."""
    corpus = generate(pages, seed)
    regular = [page for page in corpus.pages if not page.is_index]
    chosen = [regular[(index * len(regular)) // count + len(regular) // (2 * count)] for index in range(count)]
    queries: dict[str, list[dict]] = {}
    for code in codes:
        queries[code] = []
        for page in chosen:
            if code == source:
                words = page.title.split()
            else:
                words = []
                pseudo_translate(page.title, code, seed, words)
            queries[code].append({"query": longest_word(words), "page": page.route})
    return queries


def build_sites(site: Path, work: Path) -> tuple[Path, Path]:
    """Ours and Hugo + Pagefind built on fresh copies of their layouts: the two output folders."""
    ours = fresh_copy(site / "portal", work / "ours")
    subprocess.run([str(project_python()), "-m", "portal", "--settings", "pelicanconf.py", "build"], cwd=ours,
                   check=True, capture_output=True, env=measured_env())
    hugo = fresh_copy(site / "hugo", work / "hugo")
    for command in (list(HUGO), pagefind_command()):
        subprocess.run(command, cwd=hugo, check=True, capture_output=True, env=measured_env())
    return ours / "output", hugo / "public"


def run(pages: int, seed: int, count: int, codes: list[str] | None, work: Path) -> dict:
    source, targets = language_codes()
    codes = codes or [source, *targets]
    site = ensure(pages, seed, ("portal", "hugo"), root=work / f"p{pages}-s{seed}")
    ours_output, hugo_output = build_sites(site, work / f"transfer-p{pages}")
    queries = corpus_queries(pages, seed, count, codes, source)
    from playwright.sync_api import sync_playwright

    servers = {"ours": Served(ours_output), "pagefind": Served(hugo_output)}
    editions: dict = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                for code in codes:
                    editions[code] = {"queries": []}
                    for number, entry in enumerate(queries[code]):
                        row = {**entry}
                        order = ("ours", "pagefind") if number % 2 == 0 else ("pagefind", "ours")  # rotated
                        for engine in order:
                            row[engine] = first_query(browser, servers[engine], engine, code, entry["query"])
                        editions[code]["queries"].append(row)
                        print(f"  {code} {entry['query']!r}: ours {row['ours']['total']} B "
                              f"({row['ours']['results']} results), Pagefind {row['pagefind']['total']} B "
                              f"({row['pagefind']['results']} results)", file=sys.stderr)
                    editions[code]["summary"] = summarize(editions[code]["queries"])
            finally:
                browser.close()
    finally:
        for server in servers.values():
            server.close()
    return {"pages": pages, "seed": seed, "queries_per_language": count, "gzip_level": GZIP_LEVEL,
            "quiet_s": QUIET_S, "editions": editions}


def summarize(rows: list[dict]) -> dict:
    """Means over the queries of each engine's bytes by kind, and ours / Pagefind."""
    found: dict = {}
    for engine in ("ours", "pagefind"):
        found[engine] = {key: round(statistics.mean(row[engine][key] for row in rows))
                         for key in (*KINDS, "data", "total", "requests")}
        found[engine]["total_max"] = max(row[engine]["total"] for row in rows)
        found[engine]["found"] = sum(1 for row in rows if row[engine]["results"])
    found["ours_over_pagefind"] = {key: round(found["ours"][key] / found["pagefind"][key], 3)
                                   if found["pagefind"][key] else None for key in ("total", "data", "code")}
    return found


def table(result: dict) -> str:
    header = ("| edition | queries found (ours / Pagefind) | ours code | ours index | ours text | **ours total** "
              "| Pagefind code | Pagefind index | Pagefind text | **Pagefind total** | ours/Pagefind total "
              "| ours/Pagefind data |")
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for code, edition in result["editions"].items():
        s = edition["summary"]
        ours, theirs, ratio = s["ours"], s["pagefind"], s["ours_over_pagefind"]
        queries = len(edition["queries"])
        lines.append(f"| {code} | {ours['found']}/{queries} / {theirs['found']}/{queries} | "
                     + " | ".join(kb(ours[k]) for k in KINDS) + f" | **{kb(ours['total'])}** | "
                     + " | ".join(kb(theirs[k]) for k in KINDS) + f" | **{kb(theirs['total'])}** | "
                     + f"{fmt(ratio['total'])} | {fmt(ratio['data'])} |")
    return "\n".join(lines)


def kb(value: float) -> str:
    return f"{value / 1000:.1f}"


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def unavailable() -> str | None:
    """Why this benchmark cannot run here (with how to install what is missing), or None."""
    if shutil.which("hugo") is None:
        return INSTALL_HUGO
    if not CHROMIUM.exists():
        return INSTALL_CHROMIUM
    return pagefind_unavailable()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.transfer", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=5, help="queries per language (default 5)")
    parser.add_argument("--languages", help="comma-separated subset of the editions (default: all)")
    parser.add_argument("--work", type=Path, default=WORK, help="where sites and builds go (default bench/work)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where the results file goes")
    args = parser.parse_args(argv)
    reason = unavailable()
    if reason:
        print(f"bench.transfer: {reason}", file=sys.stderr)
        return 1
    codes = [code for code in (args.languages or "").split(",") if code] or None
    result = run(args.pages, args.seed, args.queries, codes, args.work)
    result["versions"] = engine_versions()
    print(f"\nFirst query from a cold cache, {args.pages} pages, mean of {args.queries} queries per language; "
          "KB (1000 bytes) of gzipped bodies\n")
    print(table(result))
    print(f"\nresults: {write_results('transfer', result, args.results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

