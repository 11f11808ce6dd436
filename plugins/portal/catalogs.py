"""Gettext catalogs on disk: where they live, how they are read and written.

Layout under the translations folder (one catalog per page, so editing one
page touches only that page's catalogs)::

    templates/theme.pot                    theme strings (Jinja2 templates)
    templates/content/<page>.pot           one template per Markdown page
    <lang>/theme.po
    <lang>/content/<page>.po

Reading goes through Babel's parser with ``abort_invalid``; writing is
stable (a file whose only change would be its date is left alone) and
atomic (a temporary file renamed into place).
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, PoFileParser, unescape

from .poformat import po_text
from .problems import ProblemLog

THEME_DOMAIN = "theme"
PROVENANCE_HEADER = "X-Portal-Provenance"
PROVENANCES = ("reviewed", "machine-reviewed", "draft")
# Headers that change without the catalog's messages changing: its dates, and the
# Babel release that wrote it (a new release must not rewrite every catalog).
VOLATILE_HEADERS = (b'"POT-Creation-Date:', b'"PO-Revision-Date:', b'"Generated-By:')


class PortalCatalog(Catalog):
    """Babel's Catalog, keeping the ``X-`` headers Babel would otherwise drop.

    The portal records each catalog's provenance (reviewed, machine
    translation reviewed, unreviewed draft) in an ``X-Portal-Provenance``
    header so that editors' tools show it and the site can say it.
    """

    extra_headers: dict[str, str]

    def _get_mime_headers(self) -> list[tuple[str, str]]:
        headers = super()._get_mime_headers()
        extras = sorted(getattr(self, "extra_headers", {}).items())
        # Babel's last header (Generated-By) carries the trailing newline: keep it last.
        return [*headers[:-1], *extras, *headers[-1:]]

    def _set_mime_headers(self, headers) -> None:
        headers = list(headers)
        self.extra_headers = {name: value for name, value in headers if name.lower().startswith("x-")}
        super()._set_mime_headers(headers)

    mime_headers = property(_get_mime_headers, _set_mime_headers)

    @property
    def provenance(self) -> str:
        return getattr(self, "extra_headers", {}).get(PROVENANCE_HEADER, "draft")


QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _closed(raw: str) -> bool:
    return bool(re.fullmatch(r'(?:\s*"(?:[^"\\]|\\.)*"\s*)+', raw))


def _join_quoted(raw: str) -> str:
    """The text of one or more quoted PO strings, however the lines were split."""
    return "".join(unescape(f'"{part}"') for part in QUOTED.findall(raw))


class PreviousKeepingParser(PoFileParser):
    """Babel's PO parser, but reading ``#| msgid`` (previous source) lines.

    Babel writes them but reads them back as translator comments ("| msgid
    ..."), so a second ``update`` would turn them into comments and the
    translator would no longer see what changed. This keeps them.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates: list[tuple[int, int]] = []  # (line, line of the first entry)

    def _reset_message_state(self) -> None:
        super()._reset_message_state()
        self.previous_raw: list[str] = []

    def _process_comment(self, line) -> None:
        if not line.startswith("#|"):
            super()._process_comment(line)
            return
        self._finish_current_message()
        text = line[2:].strip()
        keyword, _, rest = text.partition(" ")
        if keyword in ("msgid", "msgid_plural"):
            self.previous_raw.append(rest.strip())
        elif self.previous_raw and _closed(self.previous_raw[-1]) and text.startswith('"'):
            self.previous_raw[-1] += "\n" + text  # GNU style: one quoted string per line
        elif self.previous_raw:
            self.previous_raw[-1] += " " + text  # Babel style: the comment was word-wrapped

    def _add_message(self) -> None:
        previous = [_join_quoted(raw) for raw in self.previous_raw]
        obsolete = self.obsolete
        msgid = self.messages[0].denormalize() if self.messages else None
        context = self.context.denormalize() if self.context else None
        if not obsolete and msgid and (first := self.catalog.get(msgid, context)) is not None:
            # Babel would merge the two silently (keeping one msgstr and both flags)
            self.duplicates.append((self.offset + 1, first.lineno))
        super()._add_message()
        if previous and msgid:
            key = self.catalog._key_for(msgid, context)
            message = self.catalog.obsolete.get(key) if obsolete else self.catalog.get(msgid, context)
            if message is not None:
                message.previous_id = previous


@dataclass(frozen=True)
class CatalogLayout:
    """Paths of templates and catalogs under one translations folder."""

    root: Path

    def template(self, domain: str) -> Path:
        return self.root / "templates" / f"{domain}.pot"

    def catalog(self, code: str, domain: str) -> Path:
        return self.root / code / f"{domain}.po"

    def language_codes(self) -> list[str]:
        """The language folders present on disk (for spotting undeclared ones)."""
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and p.name != "templates")

    def domains(self, code: str | None = None) -> list[str]:
        """Every domain with a file under a language folder, or under templates."""
        base = self.root / (code or "templates")
        suffix = ".po" if code else ".pot"
        if not base.is_dir():
            return []
        return sorted(p.relative_to(base).with_suffix("").as_posix() for p in base.rglob(f"*{suffix}"))


def page_domain(page_path: str) -> str:
    """The catalog domain of a source file: content/visas/regional-e7, content/data/visas."""
    return "content/" + page_path.rsplit(".", 1)[0]


# A PO line: a comment, a keyword with a quoted string, or a quoted string continuing the
# one above, with blanks around. Lines are what GNU gettext and Babel call lines (cut at
# line feeds only), so no part of the pattern crosses a line feed.
_BLANKS = r"[^\S\n]*"
_QUOTED = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
PO_LINE = (rf"{_BLANKS}(?:(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[^\S\n]+{_QUOTED}|"
           rf"{_QUOTED}){_BLANKS})?")
# The start of the first line that is not PO_LINE, found in one search of the whole text.
MALFORMED_LINE = re.compile(rf"^(?!{PO_LINE}$)", re.MULTILINE)


def first_malformed_line(text: str) -> int | None:
    """The first line that is not PO syntax; Babel's parser accepts an unclosed quote."""
    found = MALFORMED_LINE.search(text)
    return None if found is None else text.count("\n", 0, found.start()) + 1


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _header_line(text: str, name: str) -> int | None:
    return next((number for number, line in enumerate(text.splitlines(), 1)
                 if line.startswith(f'"{name}:')), None)


def _decode(data: bytes, log: ProblemLog, display: str) -> str | None:
    """A catalog's text: UTF-8 (what every tool of the workflow writes), without a BOM."""
    if data.startswith(codecs.BOM_UTF8):
        log.add(display, 1, "the file starts with a byte-order mark (BOM), which GNU gettext "
                "(msgfmt) rejects", "save it as UTF-8 without BOM (Poedit does; in Notepad choose "
                "'UTF-8', not 'UTF-8 with BOM')")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        log.add(display, _line_of(data, error.start), f"the file is not UTF-8 (byte "
                f"0x{data[error.start]:02X} cannot be read)",
                "convert it to UTF-8 and declare 'Content-Type: text/plain; charset=UTF-8' in its "
                "header (Poedit: Catalog > Properties)")
        return None


def read_catalog(path: Path, log: ProblemLog, display: str | None = None,
                 data: bytes | None = None) -> PortalCatalog | None:
    """Read a PO or POT file (or its ``data``, already read); None (with the problem logged) when it is invalid.

    Beyond Babel's own parser: the file must be UTF-8 and say so (a catalog
    declaring another charset is read as that charset by every other tool),
    and a msgid may not have two entries (Babel would merge them silently).
    """
    display = display or str(path)
    catalog = PortalCatalog()
    catalog.extra_headers = {}
    try:
        data = path.read_bytes() if data is None else data
    except OSError as error:
        log.add(display, None, f"cannot read catalog: {error.strerror}", "check that the file exists "
                "and can be read")
        return None
    text = _decode(data, log, display)
    if text is None:
        return None
    malformed = first_malformed_line(text)
    if malformed:
        log.add(display, malformed, "PO syntax error: a line is neither a keyword with a quoted "
                "string nor a quoted string continuing the one above",
                'check the quotes: every string starts and ends with " and inner quotes are '
                'written \\"')
        return None
    parser = PreviousKeepingParser(catalog, ignore_obsolete=False, abort_invalid=True)
    try:
        parser.parse(io.StringIO(text))  # text, not bytes: Babel would decode with the header's charset
    except PoFileError as error:
        log.add(display, error.lineno, f"PO syntax error: {error.args[0].rsplit(' on ', 1)[0]}",
                "open the file in Poedit, or compare with the lines around it: every msgid needs a "
                "quoted msgstr")
        return None
    except ValueError as error:
        log.add(display, None, f"cannot read catalog: {error}", "open the file in Poedit and save it again")
        return None
    problems = len(log.problems)
    if not _is_utf8(catalog.charset):
        log.add(display, _header_line(text, "Content-Type"), f"the header declares charset={catalog.charset}, "
                "but the file is UTF-8 (every other tool would read its letters wrongly)",
                "set 'Content-Type: text/plain; charset=UTF-8' in the header (Poedit: Catalog > "
                "Properties > Charset)")
    for line, first in parser.duplicates:
        log.add(display, line, f"a second entry for the msgid at line {first}",
                "keep one entry per msgid: merge the two translations into one and delete the other")
    return catalog if len(log.problems) == problems else None


def _is_utf8(charset: str | None) -> bool:
    try:
        return codecs.lookup(charset or "utf-8").name == "utf-8"
    except LookupError:  # "CHARSET", left from a template
        return False


def source_date(default: dt.datetime | None = None) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return default or dt.datetime.now(dt.UTC)


def build_date() -> dt.date:
    """The day the build is for: SOURCE_DATE_EPOCH's, so two builds of a commit agree."""
    return source_date().date()


def serialize(catalog: Catalog) -> bytes:
    """The PO text of a catalog in GNU gettext's canonical form (see ``poformat``).

    ``msgcat`` and ``msgmerge`` leave it byte for byte as it is, so a catalog
    saved by any PO tool and passed through ``portal update`` changes only
    where a message changed.
    """
    return po_text(catalog).encode(catalog.charset or "utf-8")


def without_volatile_headers(data: bytes) -> list[bytes]:
    return [line for line in data.splitlines() if not line.startswith(VOLATILE_HEADERS)]


def _temporary(path: Path) -> Path:
    """A new, empty temporary file beside ``path``, named after it and this process."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.",
                                         suffix=TEMPORARY_SUFFIX)
    os.close(handle)
    return Path(temporary)


def atomic_write(path: Path, data: bytes) -> None:
    """Write through a temporary file and rename, so a crash never leaves half a file."""
    temporary = _temporary(path)
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _changed(path: Path, data: bytes) -> bool:
    if not path.exists():
        return True
    old = path.read_bytes()
    return old != data and without_volatile_headers(old) != without_volatile_headers(data)


def write_if_changed(path: Path, catalog: Catalog) -> bool:
    """Write a catalog unless only its dates or Babel's version would change; True if written."""
    data = serialize(catalog)
    if not _changed(path, data):
        return False
    atomic_write(path, data)
    return True


class StagedWrites:
    """Catalogs written to temporary files first, and renamed into place all together.

    A command that writes many catalogs (``portal update``) stages every
    one, then renames them in one quick pass: killed while it computes and
    stages (nearly all of its time), it leaves every catalog as it was;
    killed during the renames, each catalog is either the old or the new
    one, whole, and nothing translated is lost in either (a merge only adds
    and keeps). An exception discards what was staged. Temporary files of
    a process that was killed are removed by the next command
    (``remove_leftovers``).
    """

    def __init__(self):
        self.staged: list[tuple[Path, Path]] = []  # (temporary, target)

    def write_if_changed(self, path: Path, catalog: Catalog) -> bool:
        data = serialize(catalog)
        if not _changed(path, data):
            return False
        temporary = _temporary(path)
        self.staged.append((temporary, path))
        temporary.write_bytes(data)
        return True

    def __enter__(self) -> StagedWrites:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            for temporary, path in self.staged:
                os.replace(temporary, path)
        else:
            for temporary, _ in self.staged:
                temporary.unlink(missing_ok=True)
        self.staged = []


TEMPORARY_SUFFIX = ".tmp"


def remove_leftovers(root: Path) -> list[Path]:
    """Remove the temporary files that killed commands left under ``root``; return them.

    A temporary file is named ``.<catalog>.<pid>.<random>.tmp``: one whose
    process is no longer running is a leftover.
    """
    removed = []
    if not root.is_dir():
        return removed
    for path in root.rglob(f".*{TEMPORARY_SUFFIX}"):
        pid = path.name.removesuffix(TEMPORARY_SUFFIX).rsplit(".", 2)[-2]
        if pid.isdigit() and not _running(int(pid)):
            try:
                path.unlink(missing_ok=True)
            except OSError:  # not ours to remove (another user's folder): harmless, left alone
                continue
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
