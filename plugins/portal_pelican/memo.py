"""The one place a build decides what it may reuse from the last one.

Modelled on Pelican's ``FileStampDataCacher``: a ``Memo`` is one named
table, key -> value, whose value is given back only while the key's
fingerprint is the one it was stored with. A build reads each table once
(``BuildMemo.table``), puts what it found, and stages the table at the
end of the step (``Memo.save``); only a build that succeeded and was
swapped into place commits what it staged (``BuildCache.commit``, from
``build.py``). ``BuildMemo`` also links the previous output's files that
are still exactly as it wrote them.

The library below the adapter never sees any of this: its functions take
inputs (among them "what is already known", as plain mappings) and
return outputs; the generator and the host files ask the memo.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from portal.buildcache import BuildCache, FileDigests, PreviousOutput
from portal.settings import PortalSettings

MISSING: Any = object()  # what ``Memo.get`` gives for a key it cannot vouch for


class Memo:
    """One table of the build cache: key -> (fingerprint, value)."""

    def __init__(self, cache: BuildCache | None, name: str):
        self.cache = cache
        self.name = name
        known = cache.load(name, {}) if cache is not None else {}
        self.known: dict = known if isinstance(known, dict) else {}
        self.found: dict = {}
        self.changed = False  # whether any key's fingerprint differs from the stored one

    def get(self, key, fingerprint: str, default=MISSING):
        """The value stored for ``key`` with this very ``fingerprint``, or ``default``."""
        hit = self.known.get(key)
        return hit[1] if isinstance(hit, tuple) and len(hit) == 2 and hit[0] == fingerprint else default

    def by_fingerprint(self) -> dict:
        """The stored values by their fingerprints (for a library function that looks its
        inputs up by what they are, not where they were)."""
        return {hit[0]: hit[1] for hit in self.known.values() if isinstance(hit, tuple) and len(hit) == 2}

    def put(self, key, fingerprint: str, value) -> None:
        hit = self.known.get(key)
        if not (isinstance(hit, tuple) and hit[0] == fingerprint):
            self.changed = True
        self.found[key] = (fingerprint, value)

    def save(self) -> None:
        """Stage what this build put (pending until the build is committed); a table that is
        as the last build left it stays as it is."""
        if self.cache is not None and (self.changed or self.found.keys() != self.known.keys()):
            self.cache.stage(self.name, self.found)


class BuildMemo:
    """The cache and the previous output a build was given (``portal build`` sets both: a plain
    ``pelican`` run has neither, and reuses nothing)."""

    def __init__(self, settings: PortalSettings, output: Path):
        self.output = output
        self.cache = (BuildCache(settings.cache_path, settings.environment_key)
                      if settings.cache_path is not None else None)
        folder = settings.previous_output if self.cache is not None else None
        self.previous = (PreviousOutput(folder, self.cache.last_output()[1], self.cache.last_digests())
                         if folder is not None else PreviousOutput(None, {}))

    def table(self, name: str) -> Memo:
        return Memo(self.cache, name)

    def entry(self, name: str, default=None):
        """A whole entry of the last build (its keys are inside it), or ``default``."""
        return self.cache.load(name, default) if self.cache is not None else default

    def keep(self, name: str, value) -> None:
        if self.cache is not None:
            self.cache.stage(name, value)

    def file_digests(self) -> FileDigests | None:
        return self.cache.file_digests() if self.cache is not None else None

    def link(self, names: Iterable[str]) -> bool:
        """Hard-link the previous output's ``names`` into this output, all or none
        (``PreviousOutput.link_all``): False when any has changed since, or cannot be linked."""
        return self.previous.link_all(names, self.output)

    def link_each(self, names: Iterable[str], below: str = "") -> frozenset[str]:
        """Those of ``names`` (relative to ``below``) linked from the previous output, one by one."""
        prefix = f"{below}/" if below else ""
        return frozenset(name for name in names if self.previous.link_all([prefix + name], self.output))

    def unchanged(self, names: Iterable[str]) -> frozenset[str]:
        """Those of ``names`` that are the very files the last build wrote (not rewritten since)."""
        return frozenset(name for name in names if self.previous.same_file(name, self.output / name))

    def previous_file(self, name: str) -> Path | None:
        return self.previous.reusable(name)
