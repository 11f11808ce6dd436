"""Shards: a build of some editions, and the merge that joins shards into one output.

``portal build --languages ko,en --output shards/a`` is a normal build (lock,
fresh folder, swap-in) whose generator writes only those editions, their
pages of the dashboard and the shared files, no root
(``portal.shards.BuildPart``); ``write_manifest`` then records in it what it
holds and what it was built from. ``merge_shards`` checks the shards
(``portal.shards.plan_merge``), links every edition from its shard into a
fresh folder, runs the root part of a build there (Pelican with no
edition: the chooser, the theme's files, the sitemap read off the source
edition, the host files), adds the files every shard has and checks they
agree, and swaps the folder in as a build does, under the same lock. The
result is byte for byte the output of one build (``tests/test_shards.py``).
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Sequence
from pathlib import Path

from pelican import Pelican
from pelican.log import init as init_logging
from pelican.settings import read_settings

from portal.buildcache import FILE_DIGESTS, FileDigests
from portal.buildlock import build_lock, fresh_folder, remove_leftovers
from portal.failures import fault_from
from portal.project import PortalSettings
from portal.shards import (
    BUILD_PART,
    ROOT_ONLY,
    BuildPart,
    MergePlan,
    ShardManifest,
    add_edition,
    add_shared,
    plan_merge,
)

from .build import _git_head, cache_folder, environment_key, input_fingerprint, keep_unchanged, remove_retired, swap_in


def shard_overrides(languages: Sequence[str] | None) -> dict:
    """The settings that make a build a shard of ``languages`` (none: a whole build)."""
    return {BUILD_PART: BuildPart.shard(languages).setting()} if languages else {}


def source_fingerprint(settings_file: Path, overrides: dict | None = None, known: FileDigests | None = None
                       ) -> tuple[str, str]:
    """What a shard was built from (the build's own fingerprint without the part it writes),
    and the commit. ``known``: the digests the build just recorded (its inputs are not read again)."""
    base = {key: value for key, value in (overrides or {}).items() if key != BUILD_PART}
    settings = read_settings(str(settings_file), override=base)
    settings.pop(BUILD_PART, None)
    settings_file = Path(settings_file).resolve()
    fingerprint = input_fingerprint(settings, settings_file, environment_key(settings, settings_file), known)
    return fingerprint, _git_head(PortalSettings.from_mapping(settings, settings_file).content)


def write_manifest(folder: Path, settings_file: Path, settings: dict, overrides: dict | None) -> None:
    """After a shard's build (a no-op for a whole build): its manifest, in the shard."""
    part = BuildPart.of(settings)
    if not part.is_shard:
        return
    cache = settings.get("PORTAL_CACHE_PATH")
    known = FileDigests(Path(cache) / FILE_DIGESTS) if cache else None
    fingerprint, commit = source_fingerprint(settings_file, overrides, known)
    languages = PortalSettings.from_mapping(settings, Path(settings_file).resolve()).languages.codes
    ShardManifest(tuple(part.editions or ()), tuple(languages), fingerprint, commit).write(folder)


def merge_shards(settings_file: Path, shards: Sequence[Path], output: Path | None = None,
                 overrides: dict | None = None) -> Path:
    """Join ``shards`` into ``output`` (the settings' OUTPUT_PATH by default); returns it."""
    init_logging(level=logging.WARNING)
    settings_file = Path(settings_file).resolve()
    settings = read_settings(str(settings_file), override=overrides or {})
    output = (output or Path(settings["OUTPUT_PATH"])).resolve()
    languages = PortalSettings.from_mapping(settings, settings_file).languages.codes
    fingerprint, commit = source_fingerprint(settings_file, overrides)
    plan = plan_merge([Path(shard) for shard in shards], languages, fingerprint, commit)
    try:
        with build_lock(output):
            remove_leftovers(output)
            removed = remove_retired(output)
            try:
                cache = cache_folder(output, PortalSettings.from_mapping(settings, settings_file).cache_path)
                return _merge(settings_file, overrides, plan, output, cache)
            finally:
                removed()
    except OSError as error:
        fault = fault_from(error, output.parent)
        if fault is None:
            raise
        raise fault from None


def _merge(settings_file: Path, overrides: dict | None, plan: MergePlan, output: Path, cache: Path) -> Path:
    fresh = fresh_folder(output)
    shutil.rmtree(fresh, ignore_errors=True)
    settings = read_settings(str(settings_file), override={
        **(overrides or {}), "OUTPUT_PATH": str(fresh), "DELETE_OUTPUT_DIRECTORY": False,
        "PORTAL_CACHE_PATH": None, "PORTAL_PREVIOUS_OUTPUT": None, BUILD_PART: ROOT_ONLY.setting()})
    try:
        fresh.mkdir(parents=True)
        # the editions first: the sitemap is read off the source edition's pages
        source = PortalSettings.from_mapping(settings, settings_file).languages.source.code
        owned = {shard: [] for shard in plan.shards}
        for code, shard in plan.holders.items():
            owned[shard] += add_edition(shard, code, source, fresh)
        Pelican(settings).run()
        # then what every shard has (after the run: Pelican copies the theme's files over its own)
        for shard, names in owned.items():
            add_shared(shard, names, fresh)
        keep_unchanged(fresh, output)
        swap_in(fresh, output)
        # the cache describes what the last build of output/ wrote; the next build starts afresh
        shutil.rmtree(cache, ignore_errors=True)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return output
