"""The A-Z index of an edition: every page title and section heading, in order.

It is what a reader gets without JavaScript (the search form's plain
submit goes there), and a way to browse by subject. Sorting follows the
language's alphabet closely enough to scan, without a collation library:
accents sort with their letter (Vietnamese, Filipino), ё, й, ө and ү take
their own places in Cyrillic, Thai and Lao vowels written before their
consonant sort by the consonant, Hangul is grouped by its first consonant.
Han has no letters to group by; its entries form one list in code point
(radical) order.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

CYRILLIC = "абвгдеёжзийклмноөпрстуүфхцчшщъыьэюя"
LEADING_VOWELS = frozenset([*map(chr, range(0x0E40, 0x0E45)), *map(chr, range(0x0EC0, 0x0EC5))])
HANGUL_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"


@dataclass(frozen=True)
class AzEntry:
    """A title or heading; ``page`` is the page's title when the entry is one of its sections."""

    label: str
    url: str
    page: str = ""
    lang: str = ""  # the label's language, when it fell back from the edition's


@dataclass(frozen=True)
class AzGroup:
    letter: str  # empty when the script has no letters to group by
    entries: tuple[AzEntry, ...]


def _base(char: str) -> str:
    """A letter without its accents (Latin, Greek); other scripts unchanged."""
    if char in CYRILLIC or ord(char) >= 0x0500:
        return char
    return "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)) or char


class _PrimaryLetters(dict):
    """A ``str.translate`` table to the primary sort letters, each character's worked out once:
    Cyrillic letters to code points in CYRILLIC's order, Latin and Greek without accents."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        primary = self[code] = chr(0x0400 + CYRILLIC.index(char)) if char in CYRILLIC else _base(char)
        return primary


PRIMARY_LETTERS = _PrimaryLetters()


def sort_key(label: str) -> tuple[str, str]:
    text = unicodedata.normalize("NFC", label).lower().replace("đ", "d")
    swapped = text
    if not LEADING_VOWELS.isdisjoint(text):
        chars = list(text)
        for index in range(len(chars) - 1):
            if chars[index] in LEADING_VOWELS:
                chars[index], chars[index + 1] = chars[index + 1], chars[index]
        swapped = "".join(chars)
    return swapped.translate(PRIMARY_LETTERS), text


def group_letter(label: str) -> str:
    return _letter_of(sort_key(label)[0])


def _letter_of(primary: str) -> str:
    """The group of a label, from the primary part of its ``sort_key``."""
    primary = primary.lstrip(" \"'«(“")
    if not primary:
        return ""
    first = primary[0]
    if 0x0400 <= ord(first) < 0x0400 + len(CYRILLIC):
        return CYRILLIC[ord(first) - 0x0400].upper()
    if 0xAC00 <= ord(first) <= 0xD7A3:
        return HANGUL_INITIALS[(ord(first) - 0xAC00) // 588]
    if 0x3400 <= ord(first) <= 0x9FFF or ord(first) >= 0x20000:
        return ""
    if first.isdigit():
        return "0–9"
    return first.upper()


def az_groups(entries: Sequence[AzEntry]) -> list[AzGroup]:
    """Entries sorted and grouped by first letter (duplicates removed)."""
    unique = {(e.label, e.url): e for e in entries if e.label.strip()}
    keyed = sorted(((sort_key(e.label), e.url, e) for e in unique.values()), key=lambda item: item[:2])
    return [AzGroup(letter, tuple(entry for _, _, entry in members))
            for letter, members in groupby(keyed, key=lambda item: _letter_of(item[0][0]))]
