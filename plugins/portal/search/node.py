"""Running the browser's half of search in Node, for the tests and the benchmark.

The tokenizer tests compare Python's tokens with JavaScript's, and the
benchmark measures recall and speed as the browser would get them; both
run ``theme/static/js/search-text.js`` and ``search-engine.js`` with the
installed lunr.js through one Node process per batch of requests (JSON on
stdin and stdout), so a test run starts Node a handful of times, not once
per query.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

DRIVER = r"""
const [lunrPath, jsDir] = process.argv.slice(1);
const lunr = require(lunrPath);
const text = require(jsDir + "/search-text.js");
const engine = require(jsDir + "/search-engine.js");
const fs = require("fs");
text.registerPipeline(lunr);
const loaded = {};

function now() { return Number(process.hrtime.bigint()) / 1e6; }
const dirname = require("path").dirname;
function readJson(folder, name) { return JSON.parse(fs.readFileSync(folder + "/" + name, "utf-8")); }
// the shards a query needs, as SearchIndex.prepare loads them (again while more are missing)
function withShards(index, folder, query, names) {
  for (let missing = index.missingShards(query); missing.length; missing = index.missingShards(query)) {
    missing.forEach(([number, name]) => {
      index.addShard(number, readJson(folder, name));
      if (names) names.push(name);
    });
  }
  return index;
}
function load(path, strategy, intl) {
  const key = [path, strategy || "best", intl !== false].join(" ");
  if (!loaded[key]) {
    const data = JSON.parse(fs.readFileSync(path, "utf-8"));
    const index = new engine.SearchIndex(lunr, text, data, { strategy: strategy, intl: intl });
    index.allShards().forEach(([key, name]) => index.addShard(key, readJson(dirname(path), name)));
    loaded[key] = index;
  }
  return loaded[key];
}
function median(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const ops = {
  tokenize(request) {
    const segmenter = new text.VocabularySegmenter(request.vocabulary || [], request.strategy);
    const pipeline = lunr.Pipeline.load(request.pipeline || []);
    return request.texts.map((one) => text.tokenize(one, segmenter).map((token) => (
      { text: token.text, kind: token.kind, terms: pipeline.runString(token.text) })));
  },
  stem(request) {
    const pipeline = lunr.Pipeline.load(request.pipeline);
    return request.words.map((word) => pipeline.runString(word));
  },
  cut(request) {
    const index = load(request.index, request.strategy, request.intl);
    return { trusted: index.intl !== null, tokens: request.texts.map((one) => text.tokenize(
      one, index.segmenter).map((token) => ({ text: token.text, kind: token.kind }))) };
  },
  search(request) {
    // partial: each query from a fresh index holding only the shards it needs, as in a browser
    const data = request.partial ? JSON.parse(fs.readFileSync(request.index, "utf-8")) : null;
    const fresh = (query) => withShards(new engine.SearchIndex(lunr, text, data, request),
                                        dirname(request.index), query);
    const full = data ? null : load(request.index, request.strategy, request.intl);
    const index = full || load(request.index, request.strategy, request.intl);
    const section = (doc) => {
      const place = index.chunkOf(doc);
      return readJson(dirname(request.index), place.file)[place.offset];
    };
    return request.queries.map((query) => (full || fresh(query)).search(query).slice(0, request.limit || 10)
      .map((r) => ({ url: r.url, anchor: section(r.doc)[1], doc: r.doc, score: r.score, terms: r.terms })));
  },
  terms(request) {
    // the vocabulary as the browser reads it from the entry
    return load(request.index).vocabulary;
  },
  intl(request) {
    const segmenter = new Intl.Segmenter(request.locale, { granularity: "word" });
    return request.texts.map((one) => Array.from(segmenter.segment(one), (s) => s.segment));
  },
  highlight(request) {
    const index = load(request.index);
    return request.items.map((item) => engine.snippet(item.text, index.highlights(item.text, item.terms)));
  },
  shards(request) {
    // the names of the shards a first query fetches
    const data = JSON.parse(fs.readFileSync(request.index, "utf-8"));
    return request.queries.map((query) => {
      const names = [];
      withShards(new engine.SearchIndex(lunr, text, data), dirname(request.index), query, names);
      return names;
    });
  },
  expand(request) {
    // search-engine.js's scores for a compact index given whole (its postings in one shard)
    const data = Object.assign({}, request.index, { shards: [[0, ""]] });
    return engine.expand(data, { 0: request.index.postings });
  },
  lunr(request) {
    // lunr.js's own index of documents given as terms (through the pipeline already)
    const builder = new lunr.Builder();
    builder.ref("id");
    request.fields.forEach(([name, boost]) => builder.field(name, { boost: boost }));
    request.documents.forEach((fields, number) => builder.add(Object.assign({ id: String(number) }, fields)));
    return builder.build().toJSON();
  },
  time(request) {
    // load: the entry file parsed and ready; first: a first query from there, its shards read,
    // parsed and loaded into lunr; again: the same query once more.
    const folder = dirname(request.index);
    const raw = fs.readFileSync(request.index, "utf-8");
    const loads = [];
    for (let i = 0; i < request.repeat; i++) {
      const started = now();
      new engine.SearchIndex(lunr, text, JSON.parse(raw));
      loads.push(now() - started);
    }
    const first = [], again = [];
    request.queries.forEach((query) => {
      const firstRuns = [], againRuns = [];
      for (let i = 0; i < request.repeat; i++) {
        const index = new engine.SearchIndex(lunr, text, JSON.parse(raw));
        let started = now();
        withShards(index, folder, query).search(query);
        firstRuns.push(now() - started);
        started = now();
        index.search(query);
        againRuns.push(now() - started);
      }
      first.push(median(firstRuns));
      again.push(median(againRuns));
    });
    return { load_ms: median(loads), first_ms: first, query_ms: again };
  },
};

let input = "";
process.stdin.setEncoding("utf-8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const requests = JSON.parse(input);
  const answers = requests.map((request) => {
    if (!ops[request.op]) throw new Error("unknown op " + request.op);
    return ops[request.op](request);
  });
  process.stdout.write(JSON.stringify(answers));
});
"""


class NodeUnavailable(RuntimeError):
    """Node.js or lunr.js is missing: the browser's half cannot be run."""


class NodeSearch:
    """Runs requests against the theme's search scripts in one Node process per batch."""

    def __init__(self, js_dir: Path, lunr_js: Path, node: str | None = None):
        self.node = node or shutil.which("node")
        if self.node is None:
            raise NodeUnavailable("node is not installed: install Node.js (Debian: apt-get install nodejs)")
        if not lunr_js.is_file():
            raise NodeUnavailable(f"{lunr_js} is missing: run `npm ci` in the project folder")
        self.js_dir = js_dir.resolve()
        self.lunr_js = lunr_js.resolve()

    def run(self, requests: list[dict]) -> list:
        result = subprocess.run([self.node, "-e", DRIVER, str(self.lunr_js), str(self.js_dir)],
                                input=json.dumps(requests, ensure_ascii=False), capture_output=True,
                                text=True, encoding="utf-8", timeout=600)
        if result.returncode != 0:
            raise RuntimeError(f"node failed ({result.returncode}):\n{result.stderr[-4000:]}")
        return json.loads(result.stdout)

    def one(self, request: dict):
        return self.run([request])[0]
