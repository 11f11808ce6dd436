"""A site built in shards (some editions each, on several machines) and joined into one output.

Editions are independent: each is a function of the source, its catalogs
and the settings. A CI system's job matrix can therefore build a few
editions per job (``portal build --languages ko,en``) and a last job can
join them (``portal merge``). A shard writes its editions (their folders,
their zips, their pages of the translation dashboard) and the files every
edition shares (the theme's, the images, ``status.json``, the same in
every shard: each reads every catalog). What depends on every edition at
once, the *root* (the language chooser and the root 404 page, the
sitemap, ``robots.txt``, ``_headers``, the service worker), no shard
writes: the merge writes it from the same checkout, then adds the shards'
files.

Every shard carries a manifest (``MANIFEST``): the editions it holds and a
fingerprint of what it was built from (the commit, the content and
catalogs by their bytes, the settings, the theme, the generator's code,
the libraries' versions, the build date). The merge refuses shards whose
fingerprints differ from each other's or from its own checkout's, an
edition in two shards and an edition in none, each in one line.

This module is the plan and its checks, on plain files; building and
writing are the Pelican adapter's (``portal_pelican.merge``).
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .buildcache import relative_files
from .outputs import ROOT
from .problems import BuildFault, PortalError, Problem

BUILD_PART = "PORTAL_BUILD_PART"  # the setting that tells the generator which part to write
MANIFEST = ".portal-shard.json"  # at a shard's root; never part of the merged output
FORMAT = 1


class ShardError(BuildFault):
    """Shards that cannot be joined into the output one build would write (one line)."""


@dataclass(frozen=True)
class BuildPart:
    """Which part of the site a build writes.

    ``editions``: the language codes whose editions are written (None: every
    one). ``root``: whether the root is written (the chooser, the dashboard,
    the sitemap and the other host files), which needs every edition.
    """

    editions: tuple[str, ...] | None = None
    root: bool = True

    @classmethod
    def of(cls, settings: Mapping) -> BuildPart:
        value = settings.get(BUILD_PART)
        if not value:
            return WHOLE
        editions = value.get("editions")
        return cls(None if editions is None else tuple(editions), bool(value.get("root", True)))

    @classmethod
    def shard(cls, codes: Iterable[str]) -> BuildPart:
        return cls(tuple(codes), root=False)

    def setting(self) -> dict:
        """The value of the ``BUILD_PART`` setting (plain, so that the settings stay printable)."""
        return {"editions": None if self.editions is None else list(self.editions), "root": self.root}

    def selects(self, code: str) -> bool:
        return self.editions is None or code in self.editions

    @property
    def is_shard(self) -> bool:
        return not self.root


WHOLE = BuildPart()
ROOT_ONLY = BuildPart((), root=True)  # the merge's own pass: the root, no edition


def parse_languages(text: str, declared: Sequence[str]) -> tuple[str, ...]:
    """The codes of ``--languages ko,en,vi`` in the declared order; unknown codes are a problem."""
    codes = [code.strip() for code in text.split(",") if code.strip()]
    unknown = [code for code in codes if code not in declared]
    if unknown or not codes:
        raise PortalError([Problem("--languages", None, f"unknown language {code!r}" if code else
                                   "no language given",
                                   f"name editions declared in PORTAL_LANGUAGES: {','.join(declared)}")
                           for code in unknown or [""]])
    return tuple(code for code in declared if code in codes)


@dataclass(frozen=True)
class ShardManifest:
    """What a shard holds and what it was built from."""

    editions: tuple[str, ...]
    languages: tuple[str, ...]  # every declared edition, in order
    fingerprint: str
    commit: str  # for the messages: the fingerprint says whether two shards agree

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "editions": list(self.editions), "languages": list(self.languages),
                           "fingerprint": self.fingerprint, "commit": self.commit}, indent=1) + "\n"

    def write(self, shard: Path) -> Path:
        target = shard / MANIFEST
        target.write_text(self.to_json(), "utf-8")
        return target

    @classmethod
    def read(cls, shard: Path) -> ShardManifest:
        path = shard / MANIFEST
        if not shard.is_dir():
            raise ShardError(f"{shard}: no such folder (give the folders `portal build --languages` wrote)")
        try:
            value = json.loads(path.read_text("utf-8"))
            if value.get("format") != FORMAT:
                raise ShardError(f"{path}: written by another version of the generator "
                                 f"(format {value.get('format')!r}, this one reads {FORMAT}); build the shard again")
            return cls(tuple(value["editions"]), tuple(value["languages"]), str(value["fingerprint"]),
                       str(value.get("commit", "")))
        except FileNotFoundError:
            raise ShardError(f"{shard} is not a shard (it has no {MANIFEST}): build it with "
                             "`portal build --languages CODES --output FOLDER`") from None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise ShardError(f"{path}: unreadable shard manifest ({type(error).__name__}); "
                             "build the shard again") from None


@dataclass(frozen=True)
class MergePlan:
    """Which shard holds each edition, every check passed."""

    holders: dict[str, Path]  # edition code -> its shard, in the declared order

    @property
    def shards(self) -> list[Path]:
        return list(dict.fromkeys(self.holders.values()))


def _commit(manifest: ShardManifest) -> str:
    return f"commit {manifest.commit[:12]}" if manifest.commit else "no commit"


def plan_merge(shards: Sequence[Path], declared: Sequence[str], fingerprint: str, commit: str = ""
               ) -> MergePlan:
    """Check the shards against each other and this checkout (``fingerprint``); raise the first
    problem as a ``ShardError``."""
    if not shards:
        raise ShardError("no shard given: portal merge SHARD... --output FOLDER")
    if len({Path(shard).resolve() for shard in shards}) != len(shards):
        raise ShardError("a shard is given twice: give each shard folder once")
    manifests = [(Path(shard), ShardManifest.read(Path(shard))) for shard in shards]
    first, first_manifest = manifests[0]
    for shard, manifest in manifests[1:]:
        if manifest.fingerprint != first_manifest.fingerprint:
            raise ShardError(f"{shard} and {first} were built from different sources, catalogs or settings "
                             f"({_commit(manifest)}, {_commit(first_manifest)}): build every shard from "
                             "the same commit, settings and SOURCE_DATE_EPOCH")
    if first_manifest.fingerprint != fingerprint:
        raise ShardError(f"the shards were built from other sources, catalogs or settings than this checkout "
                         f"({_commit(first_manifest)}, here commit {commit[:12] or 'none'}): merge in a checkout "
                         "of the commit the shards were built from, with the same settings and SOURCE_DATE_EPOCH")
    holders: dict[str, Path] = {}
    for shard, manifest in manifests:
        for code in manifest.editions:
            if code in holders:
                raise ShardError(f"the '{code}' edition is in two shards ({holders[code]} and {shard}): "
                                 "give each language to one shard")
            if not (shard / code).is_dir():
                raise ShardError(f"{shard} should hold the '{code}' edition but has no {code}/ folder: "
                                 "build the shard again")
            holders[code] = shard
    missing = [code for code in declared if code not in holders]
    if missing:
        raise ShardError(f"no shard holds the {', '.join(repr(code) for code in missing)} edition"
                         f"{'s' if len(missing) > 1 else ''}: add {'them' if len(missing) > 1 else 'it'} "
                         "to a shard's --languages")
    return MergePlan({code: holders[code] for code in declared})


def edition_files(shard: Path, code: str, source: str) -> list[str]:
    """What a shard writes for one edition, from the output root: its folder, its zip and its
    page of the translation dashboard (the source language's is the dashboard's own folder)."""
    files = [f"{code}/{name}" for name in relative_files(shard / code)]
    return files + [name for name in (ROOT.download(code), ROOT.status_page(None if code == source else code))
                    if (shard / name).is_file()]


def shared_files(shard: Path, owned: Iterable[str]) -> list[str]:
    """Every file of ``shard`` that is not one of its editions' (``owned``): the theme, the
    images, status.json. A whole build writes them once, every shard writes them too."""
    owned = set(owned)
    return sorted(name for name in relative_files(shard) if name != MANIFEST and name not in owned)


def link_or_copy(source: Path, target: Path) -> None:
    """``source`` at ``target`` as a hard link (no bytes copied), or a copy across file systems.

    Linking never writes into the shard: a later build replaces files, it never writes through."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def add_edition(shard: Path, code: str, source: str, output: Path) -> list[str]:
    """Link one edition's files from ``shard`` into ``output``; returns their names."""
    names = edition_files(shard, code, source)
    for name in names:
        link_or_copy(shard / name, output / name)
    return names


def add_shared(shard: Path, owned: Iterable[str], output: Path) -> None:
    """The files ``shard`` has besides its editions (``owned``): those ``output`` lacks are
    linked from it, the others must be the same, byte for byte (every shard writes them)."""
    for name in shared_files(shard, owned):
        written = output / name
        if not written.is_file():
            link_or_copy(shard / name, written)
        elif not filecmp.cmp(shard / name, written, shallow=False):
            raise ShardError(f"{shard / name} differs from the one another shard or this checkout writes: "
                             "build the shards and merge from the same commit")
