"""Rebuild after a small change: how long it takes, and which output files it touched.

On a fresh copy of a built synthetic portal, each repeat runs four builds:

- ``full``: from an empty output folder (the reference);
- ``warm``: nothing changed since ``full``;
- ``edit-page``: one sentence added to one paragraph of one Korean page;
- ``edit-catalog``: one msgstr changed in one Russian catalog;
- ``ci-restore``: what the publish workflow's next run does after a push of
  one page edit: the output and the cache are put back as ``actions/cache``
  restores them (the same bytes in new files: other inodes and times), the
  sources rewritten as a fresh checkout writes them, one page edited, and
  the site built.

After each, the output is compared with the one before: ``changed`` files
differ in bytes, ``rewritten`` files have the same bytes but were written
again (new inode or mtime; an atomic build that swaps a fresh folder in
rewrites everything), ``added``/``removed`` appeared or went away;
``new_kb`` is the size of the changed and added files (what a host
uploads, and what a phone that holds an edition offline fetches again,
over all editions). A
build whose generator code differs from the previous build's (others edit
it while it is measured) is flagged ``code_changed``: its counts then show
the code change, not the edit. The issue's target: an edit touches only what changed and takes under a tenth
of ``full``; ``warm`` writes nothing.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .engines import ENGINES
from .measure import run_measured
from .report import source_fingerprint

SCENARIOS = ("full", "warm", "edit-page", "edit-catalog", "ci-restore")
PARAGRAPH = re.compile(r"^[^\s#|\-\d*\[`][^\n]*[.]$", re.MULTILINE)


@dataclass(frozen=True)
class FileState:
    digest: bytes
    inode: int
    mtime_ns: int
    size: int


def snapshot(output: Path) -> dict[str, FileState]:
    """Every output file's content hash and identity on disk."""
    states = {}
    for path in output.rglob("*"):
        if path.is_file():
            info = path.stat()
            states[path.relative_to(output).as_posix()] = FileState(
                hashlib.blake2b(path.read_bytes(), digest_size=16).digest(), info.st_ino, info.st_mtime_ns,
                info.st_size)
    return states


def compare(before: dict[str, FileState], after: dict[str, FileState]) -> dict[str, int]:
    common = before.keys() & after.keys()
    changed = [p for p in common if before[p].digest != after[p].digest]
    rewritten = [p for p in common if before[p].digest == after[p].digest
                 and (before[p].inode, before[p].mtime_ns) != (after[p].inode, after[p].mtime_ns)]
    added = after.keys() - before.keys()
    return {"changed": len(changed), "rewritten": len(rewritten), "added": len(added),
            "removed": len(before.keys() - after.keys()), "files": len(after),
            "new_kb": round(sum(after[p].size for p in (*changed, *added)) / 1000)}


def edited_page(portal: Path) -> Path:
    """The page edited in every repeat: the middle regular page, a fixed choice."""
    pages = sorted(p for p in (portal / "content").rglob("*.md") if p.name != "index.md")
    return pages[len(pages) // 2]


def added_sentence(counter: int) -> str:
    """The Korean sentence ``edit_page`` adds (a page showing it shows the edit)."""
    return f"수정한 문장 {counter} 입니다."


def add_sentence(page: Path, counter: int) -> None:
    """Add ``added_sentence`` to the first paragraph of a Markdown file with front matter.

    The portal's Korean source and Hugo's Korean file of a page have the
    same blocks in the same order, so the same edit fits both.
    """
    text = page.read_text("utf-8")
    head, _, body = text.partition("\n---\n")
    match = PARAGRAPH.search(body)
    if match is None:
        raise RuntimeError(f"no paragraph to edit in {page}")
    body = body[:match.end()] + " " + added_sentence(counter) + body[match.end():]
    page.write_text(f"{head}\n---\n{body}", "utf-8")


def edit_page(portal: Path, counter: int) -> str:
    """Add a sentence to the first paragraph of the page (a new message, untranslated)."""
    page = edited_page(portal)
    add_sentence(page, counter)
    return page.relative_to(portal).as_posix()


def edited_catalog(portal: Path, code: str = "ru") -> Path:
    """The catalog ``edit_catalog`` edits: a fixed choice, of another page than ``edited_page``'s."""
    catalogs = sorted((portal / "translations" / code / "content").rglob("*.po"))
    return catalogs[len(catalogs) // 4]


def change_translation(portal: Path, counter: int, code: str = "ru") -> tuple[Path, str, str]:
    """Change the first translated message of ``edited_catalog``: (catalog, old text, new text)."""
    from portal.catalogs import read_catalog, write_if_changed
    from portal.problems import ProblemLog

    path = edited_catalog(portal, code)
    log = ProblemLog()
    catalog = read_catalog(path, log)
    if catalog is None:
        raise RuntimeError(f"cannot read {path}: {log.problems}")
    message = next(m for m in catalog if m.id and isinstance(m.string, str) and m.string)
    old = message.string
    message.string = re.sub(r" правка \d+$", "", old) + f" правка {counter}"
    write_if_changed(path, catalog)
    return path, old, message.string


def edit_catalog(portal: Path, counter: int, code: str = "ru") -> str:
    """Change one translation in one catalog (of another page than ``edit_page``'s)."""
    path, _, _ = change_translation(portal, counter, code)
    return path.relative_to(portal).as_posix()


def restore_as_ci(portal: Path, output: Path) -> None:
    """Put the output and the build cache back as a CI cache restores them, and rewrite the
    sources as a fresh checkout writes them: the same bytes in new files."""
    for folder in (output, output.with_name(f".{output.name}-cache")):
        saved = folder.with_name(f"{folder.name}.saved")
        folder.rename(saved)
        shutil.copytree(saved, folder, copy_function=shutil.copyfile)
        shutil.rmtree(saved)
    for folder in (portal / "content", portal / "translations"):
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                path.unlink()
                path.write_bytes(data)


def fresh_copy(source: Path, target: Path) -> Path:
    """A copy of the generated portal without any output, so ``full`` really starts cold."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("output", ".output*"))
    return target


def run_incremental(site: Path, repeat: int, logs: Path, timeout: float | None) -> list[dict]:
    """Every scenario ``repeat`` times on a copy of ``site``'s portal; one dict per build."""
    engine = ENGINES["ours"]
    runs: list[dict] = []
    env = dict(os.environ)
    for index in range(repeat):
        portal = fresh_copy(site / "portal", site / "run-incremental")
        output = portal / engine.output
        previous: dict[str, FileState] = {}
        previous_code = None
        for scenario in SCENARIOS:
            edited = None
            if scenario == "edit-page":
                edited = edit_page(portal, index)
            elif scenario == "edit-catalog":
                edited = edit_catalog(portal, index)
            elif scenario == "ci-restore":
                restore_as_ci(portal, output)
                previous = snapshot(output)
                edited = edit_page(portal, index + 100)
            log = logs / f"incremental-{site.name}-{scenario}-{index}.log"
            fingerprint = source_fingerprint()
            measured = run_measured(engine.command(), portal, log, env=env, timeout=timeout)
            if measured.returncode:
                raise RuntimeError(f"{scenario} build failed ({measured.returncode}); see {log}")
            after = snapshot(output)
            row = {"scenario": scenario, "repeat": index, "edited": edited,
                   "source_fingerprint": fingerprint, **measured.as_dict()}
            if previous_code is not None:
                row["code_changed"] = fingerprint != previous_code
            row.update(compare(previous, after) if scenario != "full" else compare({}, after))
            runs.append(row)
            previous, previous_code = after, fingerprint
    return runs
