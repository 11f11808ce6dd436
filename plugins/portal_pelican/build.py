"""Running a whole Pelican build into a fresh folder, swapped in on success.

A failed build (bad input, a crash, an interrupted run) leaves the
previous output exactly as it was: the new site is written beside it and
only renamed into place once every edition has been written. One build
runs at a time per output folder (``portal.buildlock``: a second one
waits), and it first removes what killed builds left. A full disk or a
folder it may not write is one line naming the path (a ``BuildFault``).

Rebuilds do as little as they can (see ``portal.buildcache``): when no
input changed and the output is as the last build left it, nothing is
done at all; otherwise unchanged pages are linked from the previous
output, and every new file whose bytes equal the previous one's is
replaced by a link to it, so a file that did not change keeps its inode
and modification time (rsync, a CDN or a service worker sees no change).
"""

from __future__ import annotations

import contextlib
import dataclasses
import filecmp
import gc
import io
import json
import logging
import multiprocessing
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from importlib import metadata
from pathlib import Path

import icu
from pelican import Pelican
from pelican import log as pelican_log
from pelican.log import init as init_logging
from pelican.settings import read_settings

import portal
from portal.buildcache import FILE_DIGESTS, BuildCache, FileDigests, digest, file_digest, relative_files, tree_digest
from portal.buildlock import build_lock, fresh_folder, remove_leftovers
from portal.catalogs import build_date
from portal.failures import fault_from
from portal.parallel import die_with_parent, run_jobs, workers_for
from portal.project import PortalSettings

# Libraries whose version changes what a build writes.
RENDERING_PACKAGES = ("pelican", "markdown", "jinja2", "babel", "nh3", "lunr", "pyicu", "pystemmer", "pyyaml",
                      "phonenumbers")
# A build makes millions of small objects that live until it ends (pages, terms, postings):
# collecting the youngest generation every 700 allocations (the default) spent a tenth
# of a build walking them for cycles there are few of.
COLLECT_AFTER = 200_000
# Below this many output files a worker, ``keep_unchanged`` does not fork one: forking a
# large build process costs more than looking at a few hundred files.
KEPT_PER_WORKER = 2_000
# Settings that say where to write, not what: they do not make a build different.
PLACEMENT_SETTINGS = ("OUTPUT_PATH", "PORTAL_PREVIOUS_OUTPUT", "PORTAL_CACHE_PATH", "PORTAL_WORKERS",
                      "PORTAL_ENVIRONMENT_KEY", "DELETE_OUTPUT_DIRECTORY")


RETIRED_PREFIX = ".{name}.old-"  # + the process id of the build that retired it and a token of the build


def swap_in(fresh: Path, output: Path) -> Path:
    """Replace ``output`` with ``fresh``, keeping the old one until the new is in place.

    Returns the retired output, left beside the new one for the next build to
    remove (``remove_retired``).
    """
    # unique per build: a preview rebuilds in one process, and the last build's retired
    # output may still be there (being removed) when the next one is swapped in
    retired = output.with_name(f"{RETIRED_PREFIX.format(name=output.name)}{os.getpid()}-{uuid.uuid4().hex[:12]}")
    if output.exists():
        output.rename(retired)
    try:
        fresh.rename(output)
    except BaseException:
        if retired.exists():
            retired.rename(output)
        raise
    return retired


def remove_retired(output: Path, cache: BuildCache | None = None) -> Callable[[], None]:
    """Start removing the outputs earlier builds retired (and the entries of ``cache`` their
    commits replaced); returns the function that waits for it.

    Removing an output is thousands of unlinks, mostly waiting on the disk. A
    build leaves the output it replaced beside the new one (its files are
    mostly links to the same inodes, so it takes little room) and the next
    build removes it while it reads and checks its sources, on a core that
    is otherwise idle then, instead of waiting for it at its end. The removal
    runs in a forked process, not a thread: the build forks its workers later,
    and forking a process with a thread running is unsafe.
    """
    retired = sorted(output.parent.glob(f"{RETIRED_PREFIX.format(name=output.name)}*"))
    retired += cache.retired_entries() if cache is not None else []
    parent = os.getpid()

    def remove() -> None:
        if os.getpid() != parent:
            die_with_parent(parent)
        for folder in retired:
            shutil.rmtree(folder, ignore_errors=True)

    if not retired or "fork" not in multiprocessing.get_all_start_methods():
        remove()
        return lambda: None
    remover = multiprocessing.get_context("fork").Process(target=remove, name="remove-retired-outputs")
    remover.start()
    return remover.join


def keep_unchanged(fresh: Path, previous: Path, listing: dict[str, list[int]] | None = None,
                   digests: dict[str, str] | None = None, workers: int | None = None
                   ) -> tuple[dict[str, list[int]], dict[str, str]]:
    """Replace each new file whose bytes equal the previous output's by a link to that file.

    The replacement is a rename over the new file, so the previous output
    is never written to. ``listing`` (the previous output's
    ``output_listing``, from the cache) spares a second ``stat`` for the
    files linked while building, most files of a rebuild. Returns the new
    output's listing (moving the folder into place changes none of it) and
    each file's ``file_digest``: a file linked while building has the one
    ``digests`` (the previous output's) has for it (the link was made only
    because the file was as recorded), the others are read (just written,
    they are in memory). A new file is compared with the previous one by
    that digest when the previous file is still as recorded, so neither is
    read a second time; byte by byte otherwise.

    The files are shared out over ``workers`` processes (each file is on its own:
    a cold build reads and digests 10,000 of them, which kept one core busy and the
    other idle for a second).
    """
    names = relative_files(fresh)
    workers = workers_for(len(names), KEPT_PER_WORKER, workers)
    shares = run_jobs([partial(_keep_unchanged_share, fresh, previous, names[start::workers], listing or {},
                               digests or {}) for start in range(workers)], workers)
    found, found_digests = {}, {}
    for share_found, share_digests in shares:
        found.update(share_found)
        found_digests.update(share_digests)
    return found, found_digests


def _keep_unchanged_share(fresh: Path, previous: Path, names: list[str], listing: dict[str, list[int]],
                          digests: dict[str, str]) -> tuple[dict[str, list[int]], dict[str, str]]:
    """``keep_unchanged`` for some of the new output's files (``names``)."""
    found, found_digests = {}, {}
    for name in names:
        new, old = os.path.join(fresh, name), os.path.join(previous, name)
        state = os.stat(new)
        found[name] = [state.st_size, state.st_mtime_ns, state.st_ino]
        recorded = listing.get(name)
        if recorded == found[name]:  # linked while building (on another machine, the inode alone could match)
            found_digests[name] = digests.get(name) or file_digest(new)
            continue
        try:
            old_state = os.stat(old)
            if old_state.st_ino == state.st_ino:  # linked while building, trusted by its bytes
                found_digests[name] = digests.get(name) or file_digest(new)
                continue
            found_digests[name] = file_digest(new)
            if old_state.st_size != state.st_size:
                continue
            if name in digests and recorded == [old_state.st_size, old_state.st_mtime_ns, old_state.st_ino]:
                same = found_digests[name] == digests[name]  # the previous file is as recorded
            else:
                same = filecmp.cmp(new, old, shallow=False)
            if not same:
                continue
            link = os.path.join(os.path.dirname(new), f".{os.path.basename(new)}.keep")
            os.link(old, link)
            os.replace(link, new)
        except OSError:
            found_digests.setdefault(name, file_digest(new))
            continue
        found[name] = [old_state.st_size, old_state.st_mtime_ns, old_state.st_ino]
    return found, found_digests


def cache_folder(output: Path, configured: Path | None = None) -> Path:
    """Where the build cache of ``output`` lives: beside it (``.output-cache``), never inside
    (``configured``: the settings' ``PORTAL_CACHE_PATH``)."""
    if configured is not None:
        return configured.resolve()
    return output.with_name(f".{output.name}-cache")


def _git_head(folder: Path) -> str:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def environment_key(settings: dict, settings_file: Path) -> str:
    """A digest of what every page depends on besides the content and the catalogs.

    The theme and the generator's own code (by their bytes), the settings'
    values, the versions of the rendering libraries and of the ICU library
    under PyICU (its word breaks and collation change between releases).
    Not the build date: the pages depend on what it decides, which
    ``reuse.site_key`` holds, and a cache kept from one day to the next (a
    CI cache, say) stays good.
    """
    values = {key: value for key, value in settings.items() if key not in PLACEMENT_SETTINGS}
    versions = []
    for package in RENDERING_PACKAGES:
        try:
            versions.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package}=none")
    versions.append(f"icu={icu.ICU_VERSION}")
    theme = PortalSettings.from_mapping(settings, settings_file).theme
    roots = [theme, Path(portal.__file__).parent, Path(__file__).parent, settings_file,
             settings_file.parent / "package-lock.json"]  # lunr.js is copied from node_modules
    return digest(tree_digest(roots),
                  json.dumps(values, sort_keys=True, default=lambda value: type(value).__name__),
                  ",".join(versions))


def input_fingerprint(settings: dict, settings_file: Path, environment: str,
                      known: FileDigests | None = None) -> str:
    """A digest of everything a build's output depends on: the environment, the content and
    catalogs (by their bytes), the Git commit (pages show their last change date from it)
    and the build date (a visa rule may have expired since)."""
    portal_settings = PortalSettings.from_mapping(settings, settings_file)
    return digest(environment, tree_digest([portal_settings.content, portal_settings.translations], known),
                  _git_head(portal_settings.content), build_date().isoformat())


@dataclass(frozen=True)
class BuildSummary:
    """What one build did, said in one line (in place of Pelican's own count of blog articles and
    pages, which is always 0 here: the portal writes its pages itself)."""

    output: Path
    editions: int = 0
    pages: int = 0  # HTML files in the output
    search_indexes: int = 0  # editions with a search index
    changed: int = 0  # files new or changed since the last build
    seconds: float = 0.0
    up_to_date: bool = False

    def line(self) -> str:
        if self.up_to_date:
            return f"Nothing changed since the last build: {self.output} is up to date."
        return (f"Built {self.editions:,} editions, {self.pages:,} pages, search indexes for "
                f"{self.search_indexes:,} languages in {self.seconds:.1f} s "
                f"({self.changed:,} files new or changed)")


def build_site(settings_file: Path, output: Path | None = None, overrides: dict | None = None,
               full: bool = False, languages: list[str] | None = None, keep_going: bool = False,
               rerun: bool = False) -> Path:
    """Build the site described by ``settings_file``, say what was done; return the output folder.

    ``full`` ignores the build cache (and replaces it). ``languages`` builds a shard:
    only those editions, for ``portal merge`` (``portal_pelican.merge``). ``keep_going``
    publishes with broken translations left out (``portal build --keep-going``).
    ``rerun`` runs the build even when nothing changed (reusing all it can): the preview
    starts so, to have what a build prepares at hand for the first edit.
    """
    if keep_going:
        overrides = {**(overrides or {}), "PORTAL_KEEP_GOING": True}
    summary = build(settings_file, output, overrides, full, languages, rerun)
    print(summary.line(), flush=True)  # news, not a warning
    return summary.output


def build(settings_file: Path, output: Path | None = None, overrides: dict | None = None,
          full: bool = False, languages: list[str] | None = None, rerun: bool = False) -> BuildSummary:
    """Build the site described by ``settings_file`` (see ``build_site``); return what was done."""
    from .merge import shard_overrides

    started = time.monotonic()
    overrides = {**(overrides or {}), **shard_overrides(languages)}
    init_logging(level=logging.WARNING)
    gc.set_threshold(COLLECT_AFTER, 50, 1000)
    settings = read_settings(str(settings_file), override=overrides or {})
    output = (output or Path(settings["OUTPUT_PATH"])).resolve()
    published = _identity(output)
    try:
        with build_lock(output):
            remove_leftovers(output)
            portal_settings = PortalSettings.from_mapping(settings, Path(settings_file).resolve())
            cache = BuildCache(cache_folder(output, portal_settings.cache_path))
            removed = remove_retired(output, cache)
            try:
                summary = _build(portal_settings, cache, settings, output, overrides, full, rerun)
            finally:
                removed()
    except OSError as error:
        fault = fault_from(error, output.parent)
        if fault is None:
            raise
        if _identity(output) == published:
            fault.args = (f"{fault}; {output} was left as it was",)
        raise fault from None
    return dataclasses.replace(summary, seconds=time.monotonic() - started)


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        state = folder.stat()
    except OSError:
        return None
    return state.st_dev, state.st_ino


class _WithoutPelicanSummary(io.TextIOBase):
    """Pelican's console output, but its closing "Done: Processed 0 articles, ... 0 pages" (a
    ``console.print``, not a log record: rich's ``Console.file`` is the place to leave it out)."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        if not text.lstrip().startswith("Done: Processed"):
            self.stream.write(text)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()


@contextlib.contextmanager
def _pelican_summary_left_out() -> Iterator[None]:
    console = pelican_log.console
    stream = console.file
    console.file = _WithoutPelicanSummary(stream)
    try:
        yield
    finally:
        console.file = stream


def _summary(output: Path, settings: PortalSettings, previous: dict[str, list[int]],
             written: dict[str, list[int]]) -> BuildSummary:
    codes = [language.code for language in settings.languages]
    return BuildSummary(
        output, editions=sum(1 for code in codes if f"{code}/index.html" in written),
        pages=sum(1 for name in written if name.endswith(".html")),
        search_indexes=sum(1 for code in codes if f"{code}/search/index.json" in written),
        changed=sum(1 for name, state in written.items() if (previous.get(name) or [None] * 3)[2] != state[2]))


def _build(portal_settings: PortalSettings, cache: BuildCache, settings: dict, output: Path,
           overrides: dict | None, full: bool, rerun: bool = False) -> BuildSummary:
    from .merge import write_manifest

    settings_path = portal_settings.settings_file
    if full:
        shutil.rmtree(cache.root, ignore_errors=True)
    environment = environment_key(settings, settings_path)
    known = FileDigests(cache.root / FILE_DIGESTS)
    fingerprint = input_fingerprint(settings, settings_path, environment, known)
    known.save()
    if not (full or rerun) and cache.up_to_date(output, fingerprint):
        return BuildSummary(output, up_to_date=True)
    listing, digests = cache.last_output()[1], cache.last_digests()
    fresh = fresh_folder(output)
    shutil.rmtree(fresh, ignore_errors=True)
    cache.discard_pending()
    settings = read_settings(str(settings_path), override={
        **(overrides or {}), "OUTPUT_PATH": str(fresh), "DELETE_OUTPUT_DIRECTORY": False,
        "PORTAL_CACHE_PATH": str(cache.root), "PORTAL_PREVIOUS_OUTPUT": None if full else str(output),
        "PORTAL_ENVIRONMENT_KEY": environment})
    try:
        with _pelican_summary_left_out():
            Pelican(settings).run()
        write_manifest(fresh, settings_path, settings, overrides)  # a shard's, for the merge
        written, written_digests = keep_unchanged(fresh, output, listing, digests, portal_settings.workers)
        swap_in(fresh, output)
        cache.commit(output, fingerprint, written, written_digests)
    except BaseException:
        cache.discard_pending()
        raise
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return _summary(output, portal_settings, listing, written)
