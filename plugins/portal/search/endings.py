"""The ending entries of a split vocabulary, sorted, and patched rather than redone on a rebuild.

A split vocabulary (``edition.split_vocabulary``) lists, for matching a
query piece inside words, every ending of every term from a place inside
it where a word of a spaceless script can start, sorted by the ending,
then by the part before it. Thai has 188,000 such entries at 300 pages:
cutting them out of 77,000 terms, sorting them and front-coding them took
most of the 0.6 s its split took, on every build, though a page edit
changes a few hundred of them.

``EndingEntries`` keeps them as the last build sorted them, each as its
term's number, where the ending starts in the term, and how many
characters the ending shares with the entry before it (its front coding).
``ending_entries`` patches the last build's: the entries of the terms that
went are removed, those of the new terms put in place by bisection, the
entries after each change coded again, and the terms renumbered. The
result is the one a cold build makes, entry for entry (a test compares
them), so the files written are the same bytes.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

from .scripts import spaceless_word_starts

FRONT_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"  # a shared beginning, in letters (at most 35)
PATCH_SHARE = 0.05  # past this share of terms come or gone, the entries are made again


@dataclass(frozen=True)
class EndingEntries:
    """Every ending entry of ``terms``, in order: ``owners[i]`` is the number of its term,
    ``starts[i]`` where in the term its ending starts, ``shared[i]`` how many characters
    the ending shares with the one before it (0 for the first)."""

    terms: tuple[str, ...]
    owners: array
    starts: array
    shared: array

    def __len__(self) -> int:
        return len(self.owners)

    def ending(self, number: int) -> str:
        return self.terms[self.owners[number]][self.starts[number]:]

    def lines(self, first: int, end: int, numbers: Sequence[str]) -> list[str]:
        """Entries ``first`` to ``end`` as the ending shards write them: the ending
        front-coded (the first in full), the part of the term before it, and the term's
        number as ``numbers`` writes it, tab-separated. (One comprehension over the three
        arrays' slices: it runs for every entry of every ending shard on every build.)"""
        terms, digits = self.terms, FRONT_DIGITS
        found = [f"{digits[same]}{terms[owner][start + same:]}\t{terms[owner][:start]}\t{numbers[owner]}"
                 for owner, start, same in zip(self.owners[first:end], self.starts[first:end],
                                               self.shared[first:end], strict=True)]
        if found:  # the first entry of a shard is written in full
            owner, start = self.owners[first], self.starts[first]
            found[0] = f"0{terms[owner][start:]}\t{terms[owner][:start]}\t{numbers[owner]}"
        return found


def ending_entries(terms: tuple[str, ...], last: EndingEntries | None = None) -> EndingEntries:
    """The ending entries of ``terms`` (sorted, as ``split_vocabulary`` wants them), patched
    from ``last`` (the last build's) when few terms came or went since."""
    if last is not None:
        if last.terms == terms:
            return last
        patched = _patched(last, terms)
        if patched is not None:
            return patched
    keys, endings, owners, starts = [], [], [], []
    for owner, term in enumerate(terms):
        for start in spaceless_word_starts(term):
            ending = term[start:]
            keys.append(f"{ending}\t{term[:start]}")  # no term holds a tab, which sorts first
            endings.append(ending)
            owners.append(owner)
            starts.append(start)
    order = sorted(range(len(keys)), key=keys.__getitem__)
    endings = [endings[number] for number in order]
    return EndingEntries(terms, array("L", [owners[number] for number in order]),
                         array("L", [starts[number] for number in order]),
                         array("B", [0, *map(shared_beginning, endings, endings[1:])]) if endings else array("B"))


def shared_beginning(before: str, text: str) -> int:
    """How many characters ``text`` begins with that ``before`` begins with too, at most
    what one of ``FRONT_DIGITS`` says: what front coding leaves out of ``text``."""
    same, most = 0, min(len(before), len(text), len(FRONT_DIGITS) - 1)
    while same < most and before[same] == text[same]:
        same += 1
    return same


def _patched(last: EndingEntries, terms: tuple[str, ...]) -> EndingEntries | None:
    """``last`` with the entries of ``terms`` that are new added and of those gone removed;
    None when too many changed for patching to pay."""
    numbers = {term: number for number, term in enumerate(terms)}
    renumbered = [numbers.get(term, -1) for term in last.terms]
    old = set(last.terms)
    fresh = [number for number, term in enumerate(terms) if term not in old]
    gone = len(last.terms) - (len(terms) - len(fresh))
    if gone + len(fresh) > PATCH_SHARE * max(len(terms), 1):
        return None

    def key(number: int) -> str:
        term, start = terms[owners[number]], starts[number]
        return f"{term[start:]}\t{term[:start]}"

    # The entry after a removed one, and an added entry and the one after it, are coded
    # again; they are found again by their keys once every change is in place.
    again: list[str] = []
    if gone:
        kept = [renumbered[owner] >= 0 for owner in last.owners]
        owners = array("L", (renumbered[owner] for owner in compress(last.owners, kept)))
        starts, shared = array("L", compress(last.starts, kept)), array("B", compress(last.shared, kept))
        at = 0
        for number, stays in enumerate(kept):
            if stays:
                if number and not kept[number - 1]:
                    again.append(key(at))
                at += 1
    else:
        owners = array("L", (renumbered[owner] for owner in last.owners))
        starts, shared = array("L", last.starts), array("B", last.shared)
    for owner in fresh:
        term = terms[owner]
        for start in spaceless_word_starts(term):
            wanted = f"{term[start:]}\t{term[:start]}"
            places = range(len(owners))
            at = bisect_left(places, wanted, key=key)
            owners.insert(at, owner)
            starts.insert(at, start)
            shared.insert(at, 0)
            again.append(wanted)
            if at + 1 < len(owners):
                again.append(key(at + 1))
    places = range(len(owners))
    for wanted in again:
        at = bisect_left(places, wanted, key=key)
        before = terms[owners[at - 1]][starts[at - 1]:] if at else ""
        shared[at] = shared_beginning(before, terms[owners[at]][starts[at]:])
    return EndingEntries(terms, owners, starts, shared)
