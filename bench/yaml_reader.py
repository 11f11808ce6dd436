"""The portal's YAML reader against PyYAML's own loaders, on the sample portal's front matter and data.

``portal.yamlnodes`` builds values from libyaml's events in Python (to refuse
aliases, anchors and duplicate keys before any value is made); this prints
its processor time as a ratio of PyYAML's libyaml loader (which composes in
C) and of PyYAML's Python loader, the best of five runs each:

    .venv/bin/python -m bench.yaml_reader
"""

from __future__ import annotations

import time
from pathlib import Path

import yaml

from portal.problems import ProblemLog
from portal.source import _split_front_matter
from portal.yamlnodes import FAST_LOADER, read_yaml

REPO = Path(__file__).resolve().parents[1]


def _pyyaml(loader_class):
    def load(text: str):
        loader = loader_class(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    return load


def best_time(load, texts: list[str], rounds: int = 20, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for _ in range(rounds):
            for text in texts:
                load(text)
        best = min(best, (time.process_time() - start) / rounds)
    return best


def main() -> None:
    texts = [_split_front_matter(path.read_text("utf-8"))[0] for path in sorted((REPO / "content").rglob("*.md"))]
    texts += [path.read_text("utf-8") for path in sorted((REPO / "content/data").glob("*.yml"))]
    ours = best_time(lambda text: read_yaml(text, "bench", ProblemLog()), texts)
    libyaml = best_time(_pyyaml(FAST_LOADER), texts)
    python = best_time(_pyyaml(yaml.SafeLoader), texts)
    print(f"{len(texts)} documents; the portal's reader: {ours * 1000:.2f} ms a pass")
    print(f"  / PyYAML with libyaml: {ours / libyaml:.2f}x   / PyYAML in Python: {ours / python:.2f}x")


if __name__ == "__main__":
    main()
