"""The synthetic corpus laid out as a portal project: Korean Markdown, settings, catalogs.

Catalogs are made the way a real project makes them: ``portal extract``
and ``portal update`` through the command line (so the benchmark follows
whatever the generator's workflow does today), then every msgstr is
filled with the seeded pseudo-translation of its message. The theme
catalogs are the sample portal's real ones, merged by ``update``.
"""

from __future__ import annotations

import json
import os
import posixpath
import shutil
import subprocess
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .corpus import Corpus, Page
from .paths import PLUGINS, REAL_SETTINGS, REAL_TRANSLATIONS, THEME, project_python
from .render import body_markdown, message_text, translator

SOURCE_DATE_EPOCH = "1735689600"  # 2025-01-01: stable POT/PO dates, byte-identical catalogs


def source_file(route: str) -> str:
    """The Markdown file of a route under content/: index.md, visas/index.md, visas/page-0001.md."""
    if not route:
        return "index.md"
    return f"{route}/index.md" if "/" not in route else f"{route}.md"


def link_from(page: Page):
    """Portal links are relative paths between Markdown files, as editors write them."""
    here = posixpath.dirname(source_file(page.route)) or "."
    return lambda route, fragment: posixpath.relpath(source_file(route), here) + fragment


def front_matter(page: Page, title: str, summary: str) -> str:
    lines = [f"title: {json.dumps(title, ensure_ascii=False)}",
             f"summary: {json.dumps(summary, ensure_ascii=False)}"]
    if page.date:
        lines.append(f"date: {page.date.isoformat()}")
    if page.modified:
        lines.append(f"modified: {page.modified.isoformat()}")
    if page.order is not None:
        lines.append(f"order: {page.order}")
    if page.sample:
        lines.append("sample: true")
    return "---\n" + "\n".join(lines) + "\n---\n"


def settings_text() -> str:
    """Settings that take every setting of the sample portal when the build reads them.

    The generator is changing while it is measured: inheriting at build
    time (not copying at generation time) means a new setting of the
    sample portal reaches the synthetic one without regenerating it. Only
    paths are the synthetic site's own; the theme and plugins are the
    project's, by absolute path.
    """
    overrides = {
        "SITENAME": "Synthetic Portal", "PATH": "content", "OUTPUT_PATH": "output",
        "THEME": str(THEME), "PLUGIN_PATHS": [str(PLUGINS)], "PLUGINS": ["portal_pelican"],
        "PORTAL_TRANSLATIONS": "translations", "PORTAL_WORKERS": None, "STATIC_PATHS": [],
    }
    return ('"""Synthetic benchmark portal, written by bench/synth.py: regenerate, do not edit."""\n\n'
            "import runpy\nfrom pathlib import Path\n\n"
            f"_SAMPLE = runpy.run_path({str(REAL_SETTINGS)!r})\n"
            "globals().update({key: value for key, value in _SAMPLE.items() if key.isupper()})\n"
            "PORTAL_SETTINGS_FILE = str(Path(__file__).resolve())\n"
            + "".join(f"{key} = {value!r}\n" for key, value in overrides.items()))


def write_sources(corpus: Corpus, root: Path) -> None:
    content = root / "content"
    identity = translator(None, corpus.seed)
    for page in corpus.pages:
        target = content / source_file(page.route)
        target.parent.mkdir(parents=True, exist_ok=True)
        body = body_markdown(page, identity, link_from(page))
        target.write_text(front_matter(page, page.title, page.summary) + body, "utf-8")
    (root / "pelicanconf.py").write_text(settings_text(), "utf-8")


def copy_theme_catalogs(root: Path, codes: list[str]) -> None:
    for code in codes:
        real = REAL_TRANSLATIONS / code / "theme.po"
        if real.exists():
            (root / "translations" / code).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(real, root / "translations" / code / "theme.po")


def portal_command(root: Path, *args: str) -> None:
    """Run ``portal --settings <root>/pelicanconf.py ARGS`` and fail loudly with its output."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    done = subprocess.run([str(project_python()), "-m", "portal", "--settings", "pelicanconf.py", *args],
                          cwd=root, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"portal {' '.join(args)} failed in {root}:\n{done.stdout[-3000:]}"
                           f"{done.stderr[-3000:]}")


def translation_table(corpus: Corpus, code: str) -> dict[str, str]:
    """msgid as the portal extracts it -> its pseudo-translation, links as the portal writes them.

    Translating the engine-neutral message and rewriting its links after
    gives the anchors' files and the catalogs the very same text.
    """
    translate = translator(code, corpus.seed)
    identity = translator(None, corpus.seed)
    table = {}
    for page in corpus.pages:
        link = link_from(page)
        for message in page.messages:
            table[message_text(message, identity, link)] = message_text(message, translate, link)
    return table


def fill_language(root: Path, corpus: Corpus, code: str) -> int:
    """Give every content message of one language its translation; return how many were unknown."""
    from portal.catalogs import read_catalog, write_if_changed  # the project's own PO reader/writer
    from portal.problems import ProblemLog

    table = translation_table(corpus, code)
    unknown = 0
    log = ProblemLog()
    for path in sorted((root / "translations" / code / "content").rglob("*.po")):
        catalog = read_catalog(path, log)
        if catalog is None:
            raise RuntimeError(f"cannot read {path}: {log.problems}")
        for message in catalog:
            if message.id and isinstance(message.id, str):
                if message.id not in table:
                    unknown += 1
                message.string = table.get(message.id) or translator(code, corpus.seed)(message.id)
                message.flags.discard("fuzzy")
        write_if_changed(path, catalog)
    return unknown


def write_portal(corpus: Corpus, root: Path, codes: list[str], targets: list[str],
                 workers: int | None = None) -> int:
    """Write the whole portal project into ``root``; return messages filled without the table."""
    write_sources(corpus, root)
    copy_theme_catalogs(root, codes)
    portal_command(root, "extract")
    portal_command(root, "update")
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count()) as pool:
        unknown = pool.map(fill_language, [root] * len(targets), [corpus] * len(targets), targets)
    return sum(unknown)
