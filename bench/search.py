"""Search benchmark: ``.venv/bin/python -m bench.search [--pages 300] [--skip-synthetic]``.

Measures what a reader of each edition gets, with the browser's own code
run in Node (``theme/static/js/search-*.js`` and the installed lunr.js):

- recall: every query of ``tests/search_queries/<lang>.yml`` against the
  sample portal (``content/`` + ``translations/``), hits at rank 1;
- segmentation: for Thai, Lao, Khmer, Burmese and Chinese, how often the
  query-time cut of each indexed run of text (the index's vocabulary, best
  cut or greedy longest match, or the runtime's own ``Intl.Segmenter``)
  gives the same words as ICU gave at build time, and the recall each
  strategy gets;
- size: the index each edition's reader downloads (gzipped), and the
  transfer per query (index plus the text chunks of the shown results),
  today and on a synthetic edition of ``--pages`` pages (``bench.synth``);
- speed: Node's time to load each index and to answer a query (medians).

Results are printed and written to ``bench/README-search.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import statistics
import subprocess
import sys
from pathlib import Path

import yaml

from portal.search.edition import entry_terms
from portal.search.node import NodeSearch
from portal.search.segmenters import IcuSegmenter
from portal.search.tokenizer import SEGMENT, tokenize

from .paths import REAL_SETTINGS, ROOT, WORK, project_python

QUERIES = ROOT / "tests" / "search_queries"
JS_DIR = ROOT / "theme" / "static" / "js"
LUNR_JS = ROOT / "node_modules" / "lunr" / "lunr.min.js"
REPORT = ROOT / "bench" / "README-search.md"
SPACELESS = {"th": "th", "lo": "lo", "km": "km", "my": "my", "zh": "zh"}
PAGEFIND = "Pagefind: 73 of 86 queries (issue 5); about 100 KB transferred per query at 300 pages"


def build(settings: Path, output: Path) -> Path:
    """Build a portal with the project's command line (the same as `portal build`)."""
    subprocess.run([str(project_python()), "-m", "portal", "--settings", str(settings), "build", "--output",
                    str(output)], cwd=settings.parent, check=True, capture_output=True)
    return output


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def load_index(output: Path, code: str) -> tuple[dict, list[str]]:
    folder = output / code / "search"
    index = json.loads((folder / "index.json").read_text("utf-8"))
    index["terms"] = entry_terms(index, folder)  # the vocabulary, wherever the entry keeps it
    texts: list[str] = []
    for _, name in index["chunks"]:
        texts += [text for _, _, text in json.loads((folder / name).read_text("utf-8"))]
    return index, texts


def query_sets() -> dict[str, list[dict]]:
    return {path.stem: yaml.safe_load(path.read_text("utf-8"))["queries"] for path in sorted(QUERIES.glob("*.yml"))}


STRATEGIES = {  # name: how the browser cuts a run of a spaceless script in a query
    "shipped": {"strategy": "best", "intl": True},  # its Intl.Segmenter if it passes the probes
    "vocabulary": {"strategy": "best", "intl": False},  # the index's words only, best cut
    "greedy": {"strategy": "greedy", "intl": False},  # the index's words only, longest first
}


def recall(node: NodeSearch, output: Path, strategy: str = "shipped") -> dict[str, dict]:
    found = {}
    for code, queries in query_sets().items():
        index = str(output / code / "search" / "index.json")
        results = node.one({"op": "search", "index": index, "queries": [q["query"] for q in queries],
                            "limit": 1, **STRATEGIES[strategy]})
        hits, misses = 0, []
        for query, result in zip(queries, results, strict=True):
            first = result[0]["url"] if result else None
            expected = None if query["page"] is None else f"{code}/{query['page']}"
            if first == expected:
                hits += 1
            else:
                misses.append(f"{query['query']} -> {first}")
        found[code] = {"hits": hits, "queries": len(queries), "misses": misses}
    return found


def transfer(node: NodeSearch, output: Path, code: str, queries: list[str]) -> dict:
    """Gzipped bytes a reader fetches for a first query: the entry file, the shards of the query's
    terms, and the text chunks of the ten results shown (for their snippets)."""
    folder = output / code / "search"
    index, _ = load_index(output, code)
    entry = folder / "index.json"
    vocabulary = index.get("words", []) + index.get("endings", [])  # a split vocabulary's shards
    sizes = {name: gz((folder / name).read_bytes())
             for _, name, *_ in index["chunks"] + index["shards"] + vocabulary}
    starts = [start for start, _ in index["chunks"]]
    shards_per_query = [sum(sizes[name] for name in names)
                        for names in node.one({"op": "shards", "index": str(entry), "queries": queries})]
    chunks_per_query = []
    for results in node.one({"op": "search", "index": str(entry), "queries": queries, "limit": 10}):
        names = {index["chunks"][max(i for i, s in enumerate(starts) if s <= r["doc"])][1] for r in results}
        chunks_per_query.append(sum(sizes[name] for name in names))
    entry_gz = gz(entry.read_bytes())
    mean = lambda values: round(statistics.mean(values)) if values else 0  # noqa: E731
    return {"entry_gz": entry_gz, "all_shards_gz": sum(sizes[name] for _, name, *_ in index["shards"] + vocabulary),
            "shards": len(index["shards"]), "shards_per_query_gz": mean(shards_per_query),
            "chunks_per_query_gz": mean(chunks_per_query),
            "first_query_gz": entry_gz + mean(shards_per_query) + mean(chunks_per_query),
            "first_query_max_gz": entry_gz + max(shards_per_query, default=0) + max(chunks_per_query, default=0),
            "docs": index["documents"], "terms": len(index["terms"])}


def timing(node: NodeSearch, output: Path, code: str, queries: list[str], repeat: int) -> dict:
    found = node.one({"op": "time", "index": str(output / code / "search" / "index.json"),
                      "queries": queries, "repeat": repeat})
    return {"load_ms": round(found["load_ms"], 2),
            "first_ms": round(statistics.median(found["first_ms"]), 2) if found["first_ms"] else 0,
            "query_ms": round(statistics.median(found["query_ms"]), 2) if found["query_ms"] else 0,
            "query_max_ms": round(max(found["query_ms"]), 2) if found["query_ms"] else 0}


def spaceless_runs(texts: list[str]) -> list[str]:
    """The runs of spaceless scripts in the edition's texts, as the tokenizer sees them."""
    runs = []

    class Collect:
        def segment(self, run: str):
            runs.append(run)
            return [(0, len(run), True)]

    for text in texts:
        tokenize(text, Collect())
    return runs


def segmentation(node: NodeSearch, output: Path) -> dict[str, dict]:
    """Share of indexed runs that each query-time strategy cuts exactly as ICU did at build time."""
    found = {}
    for code, locale in SPACELESS.items():
        index, texts = load_index(output, code)
        runs = sorted(set(spaceless_runs(texts)))
        icu = IcuSegmenter(locale)
        expected = [[run[start:end] for start, end, _ in icu.segment(run)] for run in runs]
        row = {"runs": len(runs)}
        for strategy, options in STRATEGIES.items():
            answer = node.one({"op": "cut", "index": str(output / code / "search" / "index.json"),
                               "texts": runs, **options})
            cut = answer["tokens"]
            row[strategy] = sum(1 for mine, theirs in zip(expected, cut, strict=True)
                                if mine == [t["text"] for t in theirs]) / len(runs)
            row[f"{strategy}_known"] = sum(1 for theirs in cut for t in theirs if t["kind"] == SEGMENT) / max(
                1, sum(len(theirs) for theirs in cut))
            if strategy == "shipped":
                row["trusted"] = answer["trusted"]
        intl = node.one({"op": "intl", "texts": runs, "locale": locale})
        row["intl"] = sum(1 for mine, theirs in zip(expected, intl, strict=True) if mine == theirs) / len(runs)
        found[code] = row
    return found


def synthetic_queries(index: dict, count: int = 20) -> list[str]:
    """Words of the edition itself, spread over the vocabulary, and the first letters of some."""
    words = [term for term in index["terms"] if len(term) >= 3 and not term.isdigit()]
    step = max(1, len(words) // count)
    chosen = words[::step][:count]
    return chosen + [word[: max(2, len(word) // 2)] for word in chosen[: count // 4]]


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def kb(value: int) -> str:
    return f"{value / 1000:.1f}"


def run(pages: int, seed: int, synthetic: bool, repeat: int) -> dict:
    node = NodeSearch(JS_DIR, LUNR_JS)
    work = WORK / "search"
    sample = build(REAL_SETTINGS, work / "sample")
    codes = list(query_sets())
    result: dict = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "node": subprocess.run(
        ["node", "--version"], capture_output=True, text=True).stdout.strip()}
    result["recall"] = {strategy: recall(node, sample, strategy) for strategy in STRATEGIES}
    result["segmentation"] = segmentation(node, sample)
    result["sample"] = {}
    for code in codes:
        queries = [q["query"] for q in query_sets()[code]]
        result["sample"][code] = {**transfer(node, sample, code, queries),
                                  **timing(node, sample, code, queries, repeat)}
    if synthetic:
        sys.path.insert(0, str(ROOT))
        from bench.synth import ensure

        site = ensure(pages, seed, ("portal",))
        output = build(site / "portal" / "pelicanconf.py", work / f"synthetic-{pages}")
        result["synthetic"] = {"pages": pages, "seed": seed, "editions": {}}
        for code in codes:
            index, _ = load_index(output, code)
            queries = synthetic_queries(index)
            result["synthetic"]["editions"][code] = {**transfer(node, output, code, queries),
                                                     **timing(node, output, code, queries, repeat)}
    return result


def size_row(code: str, row: dict) -> list:
    return [code, row["docs"], row["terms"], row["shards"], kb(row["entry_gz"]), kb(row["shards_per_query_gz"]),
            kb(row["chunks_per_query_gz"]), kb(row["first_query_gz"]), kb(row["first_query_max_gz"]),
            kb(row["entry_gz"] + row["all_shards_gz"]), row["load_ms"], row["first_ms"], row["query_ms"],
            row["query_max_ms"]]


def report(result: dict) -> str:
    recall_rows, totals = [], dict.fromkeys(STRATEGIES, 0)
    count = 0
    for code, row in result["recall"]["shipped"].items():
        cells = [f"{result['recall'][name][code]['hits']}/{row['queries']}" for name in STRATEGIES]
        recall_rows.append([code, *cells, "; ".join(row["misses"]) or "—"])
        count += row["queries"]
        for name in STRATEGIES:
            totals[name] += result["recall"][name][code]["hits"]
    recall_rows.append(["all", *[f"**{totals[name]}/{count}**" for name in STRATEGIES], ""])
    seg_rows = [[code, row["runs"], "yes" if row["trusted"] else "no", f"{row['shipped']:.1%}",
                 f"{row['vocabulary']:.1%}", f"{row['greedy']:.1%}", f"{row['intl']:.1%}"]
                for code, row in result["segmentation"].items()]
    size_header = ["edition", "docs", "terms", "shards", "entry", "shards/query", "chunks/query",
                   "first query (mean)", "first query (max)", "whole index", "load ms", "first query ms",
                   "query ms", "query ms (max)"]
    size_rows = [size_row(code, row) for code, row in result["sample"].items()]
    parts = [
        "# Search benchmark",
        "",
        "Written by `.venv/bin/python -m bench.search` (run from the repository root after `npm ci`;"
        " `--skip-synthetic` leaves out the 300-page edition). Everything the browser does is run by"
        " the browser's own code (`theme/static/js/search-*.js` with lunr.js "
        f"2.3.9) in Node {result['node']}; {result['date']}.",
        "",
        f"Bar to clear: {PAGEFIND}.",
        "",
        "## Recall: expected page at rank 1",
        "",
        "Queries: `tests/search_queries/<lang>.yml` (inflected forms, words inside longer words,"
        " spelling variants, and words that appear nowhere, which must return nothing; these must"
        " return no result at all to count). 'shipped' is what the browser does; the two other"
        " columns cut spaceless queries with the index's vocabulary only (best cut, greedy longest"
        " match), as a browser without a trustworthy `Intl.Segmenter` does.",
        "",
        table(["edition", "shipped", "vocabulary, best cut", "vocabulary, greedy", "misses (shipped)"],
              recall_rows),
        "",
        "## Segmentation of spaceless scripts: build time (ICU) against query time",
        "",
        "Every run of Thai, Lao, Khmer, Burmese or Chinese text in the edition's documents is cut at"
        " build time by ICU (icu4py 1.2, ICU 78.3). The columns give the share of those runs that a"
        " query-time cutter cuts into exactly the same words. 'trusted': the runtime's"
        " `Intl.Segmenter` cut all of the index's probes (16 runs of the edition's text with the"
        " build's cut) as the build did, so the browser uses it, checking each piece against the"
        " index. The vocabulary columns never use it. 'Intl.Segmenter' alone is the runtime's"
        " segmenter unchecked (Node's ICU here; a browser's may be older, and Firefox's is not ICU).",
        "",
        table(["edition", "runs", "trusted", "shipped", "vocabulary, best cut", "vocabulary, greedy",
               "Intl.Segmenter alone"], seg_rows),
        "",
        "## Size and speed, sample portal today",
        "",
        "Sizes in KB, gzipped. The reader fetches the entry file (`index.json`: page titles,"
        " probes, the vocabulary or where it is) when the search box is first used; each query then"
        " fetches the shards of lunr's postings that hold its terms (and, where the vocabulary is"
        " split, the word and ending shards its pieces are looked up in: 'shards/query'), and the"
        " text chunks of the ten results shown (for their snippets); 'shards' counts the postings"
        " shards. 'first query' is all three, averaged over the"
        " query set (and the largest); later queries fetch only what is not cached yet. 'whole"
        " index' is the entry plus every shard, what an unsharded index would cost. Times in Node:"
        " 'load' parses the entry; 'first query' reads, parses and loads the query's shards into"
        " lunr and answers; 'query' answers again; medians of repeated runs.",
        "",
        table(size_header, size_rows),
    ]
    if "synthetic" in result:
        synthetic = result["synthetic"]
        rows = [size_row(code, row) for code, row in synthetic["editions"].items()]
        parts += ["", f"## Size and speed, synthetic edition of {synthetic['pages']} pages",
                  "", f"`bench.synth` corpus (seed {synthetic['seed']}): seeded pseudo-text in each script;"
                  " queries are 20 of the edition's own words spread over its vocabulary plus 5 prefixes.",
                  "", table(size_header, rows), "",
                  "Shards keep what a query fetches of lunr's postings near 5-20 KB whatever the size of"
                  " the edition (postings hold term frequencies, small numbers, and the browser computes"
                  " the scores). Where a query needs only its own words and the words they begin (spaced"
                  " scripts, no matching inside words), the vocabulary is in the shards too and the entry"
                  " lists each shard's first term, so the entry stays small however many words the"
                  " edition has. Where queries are cut into the index's words or matched inside them"
                  " (Thai, Lao, Khmer, Burmese, Chinese, Korean compounds), the entry holds the whole"
                  " vocabulary, front-coded, and grows with the number of distinct words, until a"
                  " spaceless edition has more than 20,000 of them: its vocabulary is then split into"
                  " word and ending shards, and a query fetches those its pieces are looked up in (in"
                  " the first-query columns, with the postings shards). The pseudo-text, which makes"
                  " up a new word at almost every turn, is the worst case; real text grows its"
                  " vocabulary far more slowly."]
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--no-report", action="store_true", help="print only; leave README-search.md")
    parser.add_argument("--from-json", type=Path, help="write the report from a saved result (stderr)")
    args = parser.parse_args(argv)
    if args.from_json:
        result = json.loads(args.from_json.read_text("utf-8"))
    else:
        result = run(args.pages, args.seed, not args.skip_synthetic, args.repeat)
    text = report(result)
    print(text)
    print(json.dumps(result, ensure_ascii=False, indent=1), file=sys.stderr)
    if not args.no_report:
        REPORT.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
