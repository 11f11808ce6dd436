"""Korean phone numbers: found, checked and dialled with Google's libphonenumber metadata.

The ``phonenumbers`` library (region KR) decides what a number is; nothing
here guesses from digit patterns. Two kinds are dialled:

- full numbers (``031-123-4567``, ``010-...``, ``1577-1366``), which
  ``PhoneNumberMatcher`` finds in running text and ``is_valid_number``
  checks against the numbering plan;
- short numbers (``112``, ``119``, ``1345``), which the matcher does not
  look for: a run of three or four digits standing alone is a candidate,
  and only ``shortnumberinfo`` saying it is a valid KR short number makes
  it one. A year (2024), a count (630, 2,037) or a share (20.5%) is never
  valid, so it is never linked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher, shortnumberinfo

REGION = "KR"
# A candidate short number: 3-4 digits not joined to other digits by a separator
# (so not the "037" of "2,037", the "20" of "20.5" or a part of "2025-04-27").
SHORT_CANDIDATE = re.compile(r"(?<![\d.,:/-])(?<!\d )\d{3,4}(?![\d])(?![.,:/-]\d)")
# What joins a number to digits before it: "2,037" or "20.5" are one number, not "037" or "5".
JOINED_BEFORE = re.compile(r"\d[.,]?$")
DIGIT = re.compile(r"\d")
FEWEST_DIGITS = 3  # the shortest number dialled (112): a text with fewer digits holds none


@dataclass(frozen=True)
class PhoneNumber:
    """A number as written, where it is in its text, and the URI that dials it."""

    raw: str
    start: int
    end: int
    tel: str


def _parse(text: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return None


def _is_short(number: phonenumbers.PhoneNumber) -> bool:
    return shortnumberinfo.is_valid_short_number_for_region(number, REGION)


def tel_for(number: phonenumbers.PhoneNumber, short: bool) -> str:
    """RFC 3966: a full number in global form (``tel:+82-31-123-4567``); a short number as
    its digits (``tel:112``: it is dialled as it is, and only inside the country)."""
    if short:
        return "tel:" + phonenumbers.national_significant_number(number)
    return phonenumbers.format_number(number, PhoneNumberFormat.RFC3966)


def parse_phone(text: str) -> PhoneNumber | None:
    """The number in a data field (the whole value), or None when the library says it is
    no valid Korean number, full or short."""
    number = _parse(text.strip())
    if number is None:
        return None
    if phonenumbers.is_valid_number_for_region(number, REGION):
        return PhoneNumber(text, 0, len(text), tel_for(number, short=False))
    if _is_short(number) and text.strip().isdigit():
        return PhoneNumber(text, 0, len(text), tel_for(number, short=True))
    return None


def is_phone(text: str) -> bool:
    return parse_phone(text) is not None


def tel_uri(text: str) -> str:
    """The tel: URI of a valid number (ValueError for one that is not)."""
    found = parse_phone(text)
    if found is None:
        raise ValueError(f"{text!r} is not a valid Korean phone number")
    return found.tel


def find_phones(text: str) -> Iterator[PhoneNumber]:
    """Every valid phone number in running text, in order, full and short."""
    if len(DIGIT.findall(text, 0)) < FEWEST_DIGITS:  # most texts: the matcher costs 20x this
        return iter(())
    return iter(_found(text))


@lru_cache(maxsize=8192)  # the same texts (a data record's, a help line's) recur on many pages
def _found(text: str) -> tuple[PhoneNumber, ...]:
    found = [PhoneNumber(match.raw_string, match.start, match.end, tel_for(match.number, short=False))
             for match in PhoneNumberMatcher(text, REGION, leniency=Leniency.VALID)]
    for match in SHORT_CANDIDATE.finditer(text):
        if any(p.start <= match.start() < p.end for p in found):
            continue
        number = _parse(match.group())
        if number is not None and _is_short(number):
            found.append(PhoneNumber(match.group(), match.start(), match.end(), tel_for(number, short=True)))
    return tuple(sorted(found, key=lambda p: p.start))


def invalid_phones(text: str) -> list[str]:
    """Numbers written like a full phone number (with the trunk 0 or +82, of a possible
    length) that the numbering plan says do not exist, such as 031-000-0000."""
    bad = []
    for match in PhoneNumberMatcher(text, REGION, leniency=Leniency.POSSIBLE):
        if JOINED_BEFORE.search(text[:match.start]):
            continue
        if match.raw_string.lstrip("(")[:1] in "0+" and not phonenumbers.is_valid_number(match.number):
            bad.append(match.raw_string)
    return bad
