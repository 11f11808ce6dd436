"""What a build keeps for the next one: fingerprints, parsed inputs, rendered pages.

An editor's rebuild after a small change should redo only what the
change reaches. The cache (``.output-cache/`` beside the output folder,
never inside the published output) holds:

- the fingerprint of every input of the last successful build, and the
  size, time and inode of every file it wrote, so that a build with
  nothing changed can stop at once (``up_to_date``);
- named entries that the Pelican adapter's memo (``portal_pelican.memo``)
  fills and reads: per catalog, what reading and checking it found; per
  edition, each page's rendering and search terms, keyed by everything
  the page's output depends on, so that an unchanged page's files are
  linked from the previous output instead of being rendered and written
  again. The library itself never reads or writes them.

Nothing read from the cache is trusted blindly: entries are keyed by
content digests, and a file of the previous output is reused only while
it still has the size, modification time and inode the cache recorded,
or, once those changed (the output and the cache restored on another
machine, as a CI cache restores them), while its bytes have the digest
the cache recorded.
A build writes its cache entries as *pending*; only a build that
succeeded and was swapped into place commits them (``commit``), so a
failed build never leaves entries that describe files nobody published.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

CACHE_FORMAT = 2  # bump when what is stored changes shape
OUTPUT_LISTING = "output.json"
FILE_DIGESTS = "digests.pickle"  # FileDigests' record: facts about files, whatever the environment
PENDING = "pending"
RETIRED_ENTRIES = ".retired-"  # + a process id and a token: a folder beside the cache


def digest(*parts: bytes | str) -> str:
    """A short, collision-safe digest of the parts (each length-prefixed, so ('ab','c') != ('a','bc'))."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def file_digest(path: Path | str) -> str:
    """A digest of a file's bytes (what ``commit`` records of each output file)."""
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, lambda: hashlib.blake2b(digest_size=16)).hexdigest()


def tree_digest(roots: Iterable[Path], known: FileDigests | None = None) -> str:
    """A digest of every folder's and file's relative path, and every file's bytes, under ``roots``
    (missing roots count as empty). ``known`` spares reading files unchanged since it saw them."""
    hasher = hashlib.blake2b(digest_size=16)
    of = known.digest if known is not None else lambda path: digest(Path(path).read_bytes())
    for root in roots:
        hasher.update(str(root).encode("utf-8") + b"\0")
        if root.is_file():
            hasher.update(root.read_bytes())
            continue
        top = os.fspath(root)
        entries = []
        for folder, folders, names in os.walk(top):
            folders[:] = [name for name in folders if name != "__pycache__"]  # Python's own caches
            prefix = folder[len(top) + 1:].replace(os.sep, "/")
            entries += [(f"{prefix}/{name}" if prefix else name, None) for name in folders]
            entries += [(f"{prefix}/{name}" if prefix else name, os.path.join(folder, name))
                        for name in names if not name.endswith(".pyc")]
        for relative, path in sorted(entries):
            # folders count too: an empty translations/<code>/ is an error the build must report
            hasher.update(relative.encode("utf-8") + b"\0")
            if path is not None:
                hasher.update(of(path).encode("ascii"))
    return hasher.hexdigest()


class FileDigests:
    """Files' digests remembered by their ``stat``, so that a build reads only the inputs that
    changed (73 MB of catalogs at 300 pages x 12) to know whether anything did.

    A file whose size, modification and change times and inode are those
    recorded has the recorded digest (Git's index trusts the same). A file
    written in the two seconds before the record (``SETTLING_NS``) is not
    remembered: a second write within the clock's resolution could leave
    its times unchanged.
    """

    SETTLING_NS = 2_000_000_000

    def __init__(self, path: Path | None = None):
        self.path = path
        self.found: dict[str, tuple[tuple[int, ...], str]] = {}
        self.known: dict[str, tuple[tuple[int, ...], str]] = {}
        if path is not None:
            try:
                with path.open("rb") as stream:
                    stored_format, self.known = pickle.load(stream)
                if stored_format != CACHE_FORMAT:
                    self.known = {}
            except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
                self.known = {}

    def digest(self, path: str) -> str:
        stat = os.stat(path)
        state = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        hit = self.known.get(path)
        if hit is None or hit[0] != state:
            with open(path, "rb") as stream:
                hit = (state, digest(stream.read()))
        self.found[path] = hit
        return hit[1]

    def save(self) -> None:
        """Record the digests seen by this build (a fact about files, not about a build: it
        does not wait for the build to succeed)."""
        if self.path is None:
            return
        settled = time.time_ns() - self.SETTLING_NS
        kept = {path: hit for path, hit in self.found.items() if max(hit[0][1], hit[0][2]) < settled}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        with temporary.open("wb") as stream:
            pickle.dump((CACHE_FORMAT, kept), stream, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(self.path)


def file_state(path: Path | str) -> list[int] | None:
    """What identifies a written file: size, modification time (ns) and inode."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def output_listing(output: Path) -> dict[str, list[int]]:
    """Every file of an output folder with its ``file_state``, by its path relative to the folder."""
    return {name: file_state(os.path.join(output, name)) for name in relative_files(output)}


def relative_files(folder: Path | str) -> list[str]:
    """Every file below ``folder``, as '/'-separated paths relative to it (``os.walk``: many files)."""
    root = os.fspath(folder)
    found = []
    for current, _, names in os.walk(root):
        prefix = current[len(root) + 1:].replace(os.sep, "/")
        found += [f"{prefix}/{name}" if prefix else name for name in names]
    return found


class BuildCache:
    """The cache folder of one output. Safe to delete at any time (the next build is full).

    Every entry is stored with the ``environment`` it was made in (the
    generator's code, theme, settings and libraries: see ``build.py``) and
    is ignored under another: a new tokenizer or template never meets
    what an older one made.
    """

    def __init__(self, root: Path, environment: str = ""):
        self.root = root
        self.environment = environment
        self._listing: dict | None = None  # output.json as read, until ``commit`` writes it anew

    def _path(self, name: str, pending: bool = False) -> Path:
        return self.root / (PENDING if pending else "") / f"{name}.pickle"

    def load(self, name: str, default=None):
        """A committed entry, or ``default`` when it is missing, unreadable or of an older format."""
        try:
            with self._path(name).open("rb") as stream:
                stored_format, environment, value = pickle.load(stream)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError,
                ImportError):
            return default
        return value if (stored_format, environment) == (CACHE_FORMAT, self.environment) else default

    def file_digests(self) -> FileDigests:
        """The input files' digests the build recorded when it started (see ``FileDigests``)."""
        return FileDigests(self.root / FILE_DIGESTS)

    def stage(self, name: str, value) -> None:
        """Write an entry as pending: it becomes visible to ``load`` only on ``commit``."""
        path = self._path(name, pending=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        with temporary.open("wb") as stream:
            pickle.dump((CACHE_FORMAT, self.environment, value), stream, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)

    def commit(self, output: Path, fingerprint: str, listing: dict[str, list[int]] | None = None,
               digests: dict[str, str] | None = None) -> None:
        """Make the pending entries current and record the output the build left in place
        (``listing``: its ``output_listing``, when the caller has it already; ``digests``:
        its files' ``file_digest``, when the caller has them)."""
        self._make_pending_current()
        self.root.mkdir(parents=True, exist_ok=True)
        stored = {"format": CACHE_FORMAT, "fingerprint": fingerprint,
                  "files": output_listing(output) if listing is None else listing, "digests": digests or {}}
        temporary = self.root / f".{OUTPUT_LISTING}.{os.getpid()}"
        temporary.write_text(json.dumps(stored, sort_keys=True), "utf-8")
        temporary.replace(self.root / OUTPUT_LISTING)
        self._listing = None

    def _make_pending_current(self) -> None:
        """Rename the pending entries into place, the entries they replace moved aside first.

        Replacing a file frees its blocks there and then: a rebuild replaces
        180 MB of entries at 300 pages x 12, which took 0.17 s. Moved aside,
        into a folder beside the cache (never inside it, which a CI cache
        saves), they are removed by the next build while it reads its
        sources (``retired_entries``), on a core that is idle then.
        """
        pending = self.root / PENDING
        entries = sorted(pending.glob("*.pickle")) if pending.is_dir() else []
        if not entries:
            return
        retired = self.root.with_name(f"{self.root.name}{RETIRED_ENTRIES}{os.getpid()}-{uuid.uuid4().hex[:12]}")
        for path in entries:
            current = self.root / path.name
            if current.exists():  # (a new entry replaces nothing)
                retired.mkdir(exist_ok=True)
                current.rename(retired / path.name)
            path.replace(current)

    def retired_entries(self) -> list[Path]:
        """The folders of entries that earlier commits replaced (see ``_make_pending_current``)."""
        return sorted(self.root.parent.glob(f"{self.root.name}{RETIRED_ENTRIES}*"))

    def discard_pending(self) -> None:
        pending = self.root / PENDING
        for path in pending.glob("*.pickle") if pending.is_dir() else []:
            path.unlink(missing_ok=True)

    def last_output(self) -> tuple[str | None, dict[str, list[int]]]:
        """The fingerprint and the file listing of the last committed build."""
        stored = self._last_listing()
        return stored.get("fingerprint"), stored.get("files", {})

    def last_digests(self) -> dict[str, str]:
        """The ``file_digest`` of each file of the last committed build's output, where known."""
        digests = self._last_listing().get("digests", {})
        return digests if isinstance(digests, dict) else {}

    def _last_listing(self) -> dict:
        """output.json, read once (10,000 files and their digests at 300 pages x 12)."""
        if self._listing is None:
            try:
                stored = json.loads((self.root / OUTPUT_LISTING).read_text("utf-8"))
            except (OSError, ValueError):
                stored = {}
            self._listing = stored if isinstance(stored, dict) and stored.get("format") == CACHE_FORMAT else {}
        return self._listing

    def up_to_date(self, output: Path, fingerprint: str) -> bool:
        """Whether the last build had these very inputs and its output is untouched since."""
        last, files = self.last_output()
        return last == fingerprint and bool(files) and output_listing(output) == files


class PreviousOutput:
    """The files of the last build's output that are still exactly as it wrote them."""

    def __init__(self, folder: Path | None, files: dict[str, list[int]], digests: dict[str, str] | None = None):
        self.folder = folder
        self.files = files
        self.digests = digests or {}
        self._made: set[str] = set()  # folders link_all has made

    def same_file(self, relative: str, current: Path | str) -> bool:
        """Whether ``current`` is the very file the last build wrote at ``relative``: linked,
        not rewritten, or, with another inode or time (copied, or restored from a CI cache),
        the same bytes. A file found the same by its bytes is trusted by its state after."""
        recorded = self.files.get(relative)
        if recorded is None:
            return False
        state = file_state(current)
        if state == recorded:
            return True
        known = self.digests.get(relative)
        if state is None or known is None or state[0] != recorded[0] or file_digest(current) != known:
            return False
        self.files[relative] = state
        return True

    def reusable(self, relative: str) -> Path | None:
        """The previous output's file at ``relative``, if it is still the one the cache describes."""
        if self.folder is None:
            return None
        path = self.folder / relative
        return path if self.same_file(relative, path) else None

    def link_all(self, names: Iterable[str], target_root: Path) -> bool:
        """Hard-link the previous files ``names`` into the new output (same inode: nothing is
        rewritten), all or none.

        False when any is no longer as the cache describes or cannot be linked:
        the caller then writes them anew, and a half-linked set would have it
        write through a link into the previous output. (Plain ``os`` calls on
        strings: an unchanged edition is thousands of files.)
        """
        if self.folder is None:
            return False
        names = list(names)
        source_root, target_root = os.fspath(self.folder), os.fspath(target_root)
        if not all(self.same_file(name, os.path.join(source_root, name)) for name in names):
            return False
        linked = []
        for name in names:
            target = os.path.join(target_root, name)
            parent = os.path.dirname(target)
            if parent not in self._made:
                _make_folder(parent)
                self._made.add(parent)
            try:
                os.link(os.path.join(source_root, name), target)
            except OSError:
                for done in linked:
                    with contextlib.suppress(OSError):
                        os.unlink(done)
                return False
            linked.append(target)
        return True


def _make_folder(folder: str) -> None:
    """``os.makedirs(folder, exist_ok=True)``, in one call when the parent exists (the usual case)."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
