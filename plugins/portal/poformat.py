"""PO text in GNU gettext's canonical form, as ``msgcat`` and ``msgmerge`` write it.

Translators' tools each wrap long strings their own way (Poedit, Weblate
through translate-toolkit, GNU's tools); if the portal wrote yet another
form, every save would rewrite lines whose messages did not change. So the
portal writes exactly what GNU ``msgcat`` writes for the same messages:
``msgcat FILE`` and ``msgmerge --previous --no-fuzzy-matching FILE TEMPLATE``
leave a catalog byte for byte as it is (``tests/test_gnu_form.py``).

GNU's rules, as write-po.c applies them (page width 79):

- a string is cut into portions after each ``\\n``; a portion that does not
  fit, or a string of several portions, starts with an empty ``""`` line;
- within a portion, lines break where Unicode's line breaking algorithm
  allows (after spaces, between Hangul syllables or CJK ideographs, after
  ``/`` or ``-`` ...), filled greedily to 79 display columns, wide
  characters counting two and combining marks none; Thai, Lao, Khmer and
  Burmese have no break opportunities without spaces;
- never inside an escape sequence, before the ``\\n`` ending a portion, or
  inside a ``python-format`` directive; ``#, no-wrap`` turns wrapping off;
- ``#:`` references are filled to 79 bytes (GNU counts bytes there), never
  split, duplicates dropped; translator and extracted comments are written
  as they are;
- ``fuzzy`` is written only on a translated entry (GNU drops it on an empty
  one), before the format flags, and the previous source ``#|`` only with it;
- obsolete entries carry ``#~ ``, their comments and flags as for any
  entry (but no previous source ``#~|``, which Babel cannot read); an
  untranslated obsolete entry is dropped, as it holds nothing;
- the header's fields GNU knows come first, in msgmerge's order, and a
  UTF-8 charset is spelled ``UTF-8``; no blank line ends the file.

Break opportunities and display widths are GNU's own: they come from GNU
libunistring's ``u8_width_linebreaks``, the function write-po.c calls, so
every script wraps as it does in the GNU tools of the same system (a
Python re-implementation would drift from GNU at each Unicode release).
libunistring is part of every system that has GNU gettext (Debian:
``libunistring2`` or ``libunistring5``; Homebrew: ``libunistring``). A
later libunistring follows a later Unicode's line breaking rules: GNU
tools of another release may wrap rare sequences (quotation marks beside
CJK text, emoji) differently, and the portal then agrees with the tools
of the system it runs on. The tests hold it to Debian 12's GNU gettext 0.21
with libunistring 1.0.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import re
from collections.abc import Iterable, Iterator

from babel.messages.catalog import Catalog, Message

from .problems import PortalError, Problem

PAGE_WIDTH = 79
# The options under which ``msgmerge FILE TEMPLATE`` leaves a portal catalog as it is:
# keep the previous source of fuzzy entries (without it msgmerge drops every ``#|``),
# and leave fuzzy matching to ``portal update`` (Babel's, which GNU's does not equal).
MSGMERGE_OPTIONS = ("--previous", "--no-fuzzy-matching")
UNLIMITED = 2**30  # the width of a no-wrap entry
# libunistring's unilbrk.h
BREAK_UNDEFINED, BREAK_PROHIBITED, BREAK_POSSIBLE = 0, 1, 2
ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v",
           "\\": "\\", '"': '"'}
# A valid Python %-directive, as GNU's format-python.c reads one.
PYTHON_DIRECTIVE = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")
# The header fields msgmerge writes first, in its order (msgmerge.c).
GNU_HEADER_ORDER = ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
                    "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
                    "Content-Transfer-Encoding")
UTF8_CHARSET = re.compile(r"charset=utf-?8\s*$", re.IGNORECASE)
UTF8_CONTENT_TYPE = "text/plain; charset=UTF-8"
# GNU's order of flags after fuzzy (the formats Babel knows, then wrapping).
FLAG_ORDER = ("python-format", "no-python-format", "python-brace-format", "no-python-brace-format",
              "wrap", "no-wrap")


class LinebreakLibraryMissing(PortalError):
    """GNU libunistring could not be loaded, so catalogs cannot be written in GNU's form."""

    def __init__(self) -> None:
        super().__init__([Problem(
            "libunistring", None, "cannot write catalogs: GNU libunistring is not installed (GNU "
            "gettext's tools wrap PO lines with it, and so does the portal)",
            "install GNU gettext, which brings it: `apt-get install gettext` (Debian, Ubuntu), "
            "`dnf install gettext` (Fedora), `brew install gettext` (macOS)")])


@functools.cache
def _width_linebreaks():
    name = ctypes.util.find_library("unistring")
    try:
        function = ctypes.CDLL(name or "libunistring.so.2").u8_width_linebreaks
    except (OSError, AttributeError) as error:  # no library, or one without the function
        raise LinebreakLibraryMissing() from error
    function.restype = ctypes.c_int
    function.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                         ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
    return function


def linebreaks(data: bytes, width: int, start_column: int, overrides: bytes) -> bytes:
    """GNU's line breaks in UTF-8 ``data``: BREAK_POSSIBLE before each byte where a line starts."""
    result = ctypes.create_string_buffer(len(data))
    _width_linebreaks()(data, len(data), width, start_column, 0, overrides, b"UTF-8", result)
    return result.raw


def _directive_bytes(text: str) -> set[int]:
    """Characters inside python-format directives (not their first), where no line may break.

    GNU's parser stops at the first invalid directive; so does this.
    """
    inside: set[int] = set()
    position = text.find("%")
    while position >= 0:
        match = PYTHON_DIRECTIVE.match(text, position)
        if not match:
            break
        inside.update(range(position + 1, match.end()))
        position = text.find("%", match.end())
    return inside


def _portions(text: str) -> Iterator[str]:
    """The string cut after each newline, as GNU writes one line per portion at least."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0 or end == len(text) - 1:
            yield text[start:]
            return
        yield text[start:end + 1]
        start = end + 1


def _escaped(portion: str, offset: int, no_break: set[int]) -> tuple[bytes, bytes]:
    """A portion escaped as in a PO file, with GNU's per-byte break overrides."""
    data = bytearray()
    overrides = bytearray()
    for index, char in enumerate(portion, offset):
        first = BREAK_PROHIBITED if index in no_break else BREAK_UNDEFINED
        if char in ESCAPES:
            data += b"\\" + ESCAPES[char].encode()
            overrides += bytes((first, BREAK_PROHIBITED))
        else:
            encoded = char.encode("utf-8")
            data += encoded
            overrides += bytes((first,)) + bytes(len(encoded) - 1)
    if portion.endswith("\n"):
        overrides[-2] = BREAK_PROHIBITED  # never break just before the final \n
    return bytes(data), bytes(overrides)


def quoted(keyword: str, text: str, prefix: str = "", wrap: bool = True,
           python_format: bool = False) -> list[str]:
    """The lines of ``keyword "text"`` (continuation lines included) as GNU writes them."""
    no_break = _directive_bytes(text) if python_format else set()
    after_break = len(prefix) + 1
    lines: list[str] = []
    first_line = True
    portions = list(_portions(text))
    offset = 0
    for number, portion in enumerate(portions):
        data, overrides = _escaped(portion, offset, no_break)
        offset += len(portion)
        width = (PAGE_WIDTH if wrap else UNLIMITED) - 1 - after_break
        more = number < len(portions) - 1
        while True:
            start = (len(prefix) + len(keyword) + 1 if first_line else len(prefix)) + 1 - after_break
            breaks = linebreaks(data, width, start, overrides) if data else b""
            if first_line and data and (more or start > width or BREAK_POSSIBLE in breaks):
                lines.append(f'{prefix}{keyword} ""')
                first_line = False
                continue
            break
        pieces, begin = [], 0
        for index, kind in enumerate(breaks):
            if kind == BREAK_POSSIBLE:
                pieces.append(data[begin:index])
                begin = index
        pieces.append(data[begin:])
        for index, piece in enumerate(pieces):
            lead = f"{prefix}{keyword} " if first_line and index == 0 else prefix
            lines.append(f'{lead}"{piece.decode("utf-8")}"')
        first_line = False
    return lines


def _comment(mark: str, text: str) -> str:
    return f"#{mark} {text}" if text else f"#{mark}"


def references(locations: Iterable[tuple[str, int | None]]) -> list[str]:
    """``#:`` lines: references filled to the page width, duplicates dropped, none split."""
    seen: list[str] = []
    for filename, line in locations:
        reference = f"{filename}:{line}" if line is not None else filename
        if reference not in seen:
            seen.append(reference)
    lines, current, column = [], "#:", 2
    for reference in seen:
        length = len(reference.encode("utf-8")) + 1  # GNU counts bytes here, not columns
        if column > 2 and column + length > PAGE_WIDTH:
            lines.append(current)
            current, column = "#:", 2
        current += " " + reference
        column += length
    if seen:
        lines.append(current)
    return lines


def _translated(message: Message) -> bool:
    string = message.string
    first = string[0] if isinstance(string, (list, tuple)) else string
    return bool(first)


def _any_translation(message: Message) -> bool:
    """An obsolete entry worth keeping: GNU drops those with an empty msgstr (nothing to lose).

    GNU looks at the first plural form only; an obsolete entry with just a
    later form filled is kept here, since nothing a translator entered may go.
    """
    string = message.string
    return any(string) if isinstance(string, (list, tuple)) else bool(string)


def flags(message: Message) -> list[str]:
    """``fuzzy`` first (only on a translated entry, as GNU keeps it), then the others."""
    others = sorted(message.flags - {"fuzzy"},
                    key=lambda flag: (FLAG_ORDER.index(flag) if flag in FLAG_ORDER else -1, flag))
    fuzzy = ["fuzzy"] if message.fuzzy and (_translated(message) or not message.id) else []
    return [*fuzzy, *others]


def entry(message: Message, plurals: int, obsolete: bool = False) -> list[str]:
    """The lines of one entry: comments, flags, previous source, the strings."""
    lines = [_comment("", comment) for comment in message.user_comments]
    lines += [_comment(".", comment) for comment in message.auto_comments]
    lines += references(message.locations)
    written_flags = flags(message)
    if written_flags:
        lines.append("#, " + ", ".join(written_flags))
    wrap = "no-wrap" not in message.flags
    python_format = "python-format" in message.flags
    prefix = "#~ " if obsolete else ""
    # The previous source says what changed under a fuzzy translation; without
    # one it means nothing (and ``portal update`` would drop it the next time).
    # An obsolete entry keeps its translation and fuzzy flag but not its previous
    # source: GNU would write it as ``#~| msgid``, which Babel's parser refuses.
    previous = message.previous_id or () if "fuzzy" in written_flags and not obsolete else ()
    for keyword, text in zip(("msgid", "msgid_plural"), previous, strict=False):
        lines += quoted(keyword, text, "#| ", wrap, python_format)
    if message.context is not None:
        lines += quoted("msgctxt", message.context, prefix, wrap, python_format)
    if isinstance(message.id, (list, tuple)):
        singular, plural = message.id[0], message.id[1]
        lines += quoted("msgid", singular, prefix, wrap, python_format)
        lines += quoted("msgid_plural", plural, prefix, wrap, python_format)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        for index in range(plurals):  # as many forms as the language has, as Babel writes
            text = strings[index] if index < len(strings) else ""
            lines += quoted(f"msgstr[{index}]", text or "", prefix, wrap, python_format)
    else:
        lines += quoted("msgid", message.id, prefix, wrap, python_format)
        lines += quoted("msgstr", message.string or "", prefix, wrap, python_format)
    return lines


def header_comment_lines(catalog: Catalog) -> list[str]:
    """The comment above the header, line for line as read (GNU does not wrap comments)."""
    comment = catalog.header_comment
    return [line.rstrip() if line.strip() != "#" else "#" for line in comment.splitlines()] if comment else []


def header_text(headers: Iterable[tuple[str, str]]) -> str:
    """The header entry's text with its fields in GNU's order, as ``msgmerge`` rebuilds it.

    The fields GNU knows come first in its order, the others (Plural-Forms,
    X- headers, Generated-By) after them as they were; a UTF-8 charset is
    spelled ``UTF-8``. Babel's own order is not used, so a Babel release
    that reorders its headers changes no catalog.
    """
    fields = [(name, value.rstrip("\n")) for name, value in headers]
    fields = [(name, UTF8_CONTENT_TYPE if name == "Content-Type" and UTF8_CHARSET.search(value) else value)
              for name, value in fields]
    known = sorted((field for field in fields if field[0] in GNU_HEADER_ORDER),
                   key=lambda field: GNU_HEADER_ORDER.index(field[0]))
    others = [field for field in fields if field[0] not in GNU_HEADER_ORDER]
    return "".join(f"{name}: {value}\n" for name, value in [*known, *others])


def po_lines(catalog: Catalog) -> Iterator[str]:
    """Every line of the catalog in GNU's canonical form, entries in the catalog's order."""
    entries = []
    for message in catalog:
        if not message.id:
            header = Message("", header_text(catalog.mime_headers), flags=message.flags)
            entries.append([*header_comment_lines(catalog), *entry(header, catalog.num_plurals)])
            continue
        entries.append(entry(message, catalog.num_plurals))
    entries += [entry(message, catalog.num_plurals, obsolete=True) for message in catalog.obsolete.values()
                if _any_translation(message)]
    for number, lines in enumerate(entries):
        if number:
            yield ""
        yield from lines


def po_text(catalog: Catalog) -> str:
    return "".join(line + "\n" for line in po_lines(catalog))


def rewrite_in_gnu_form(roots: Iterable[str]) -> int:
    """Write every catalog and template under ``roots`` again in this form; the count written.

    Messages are read and written by the portal's own reader and writer, so
    nothing but the form changes (files already in it are left alone). Run
    as ``python -m portal.poformat translations`` after a change to the form.
    """
    from pathlib import Path

    from .catalogs import read_catalog, write_if_changed
    from .problems import ProblemLog

    log, written = ProblemLog(), 0
    catalogs = [path for root in roots for path in sorted(Path(root).rglob("*.po*"))
                if path.suffix in (".po", ".pot")]
    read = [(path, read_catalog(path, log)) for path in catalogs]
    log.raise_if_any()
    for path, catalog in read:
        written += write_if_changed(path, catalog)
    return written


if __name__ == "__main__":
    import sys

    print(f"{rewrite_in_gnu_form(sys.argv[1:] or ['translations'])} catalogs written")
