"""Cutting runs of spaceless scripts into words.

Build time uses ICU's dictionary word breaker (through PyICU, built
against the system's ICU, the same binding that sorts the A-Z index): the
engine behind browsers' ``Intl.Segmenter``, with dictionaries for Thai,
Lao, Khmer, Burmese and Chinese. ICU's version can move word breaks, so
it is pinned with the Python packages (``constraints.txt`` records it).
Query time does not trust the reader's browser to cut the same way (its
ICU version and dictionaries differ): it cuts the query into the index's
own words. ``VocabularySegmenter`` is that query-time algorithm,
written here exactly as in ``search-text.js`` so the two can be compared
token for token.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from .scripts import can_start_word, is_segmentation_word


class SegmenterUnavailable(RuntimeError):
    """ICU is missing: the build cannot index Thai, Lao, Khmer, Burmese or Chinese."""


def load_icu():
    """PyICU's module, or a clear error saying how to install it."""
    try:
        import icu
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise SegmenterUnavailable(
            "search: the ICU binding PyICU is not installed (or the system's ICU it was built "
            "against is gone); it is needed to cut Thai, Lao, Khmer, Burmese and Chinese text into "
            "words and to sort the A-Z index. Run `make html` again, which installs it, or "
            "`pip install -c constraints.txt pyicu` after `apt-get install libicu-dev`.") from error
    return icu


class IcuSegmenter:
    """ICU's dictionary-based word breaker for one locale."""

    def __init__(self, locale: str):
        icu = load_icu()
        self._breaker = icu.BreakIterator.createWordInstance(icu.Locale(locale))
        self.locale = locale

    def segment(self, run: str) -> list[tuple[int, int, bool]]:
        if not run:
            return []
        self._breaker.setText(run)
        ends = list(self._breaker)  # the boundaries after 0, in UTF-16 units
        if max(run) > "\uffff":  # a character past U+FFFF is two units: offsets stay code points
            points, units = {0: 0}, 0
            for index, char in enumerate(run, 1):
                units += 2 if char > "\uffff" else 1
                points[units] = index
            ends = [points[end] for end in ends]
        if not ends or ends[-1] != len(run):
            raise AssertionError(f"ICU word breaks do not cover the text {run!r}")
        pieces = [(start, end, True) for start, end in zip([0, *ends[:-1]], ends, strict=True)]
        return _merge_broken_clusters(run, pieces)


def _merge_broken_clusters(run: str, pieces: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """Join a piece to the previous one where a word may not start (inside a cluster).

    The query side only ever cuts where ``can_start_word`` allows, so the
    build side must not index a word it could never find.
    """
    merged: list[tuple[int, int, bool]] = []
    for start, end, known in pieces:
        if merged and not can_start_word(run, start):
            merged[-1] = (merged[-1][0], end, known)
        else:
            merged.append((start, end, known))
    return merged


class VocabularySegmenter:
    """Cuts a run into words of a known vocabulary (the index's terms, see ``is_segmentation_word``).

    ``strategy="best"`` finds the cut with the fewest characters left
    unknown, then the fewest pieces, preferring the longest first word on
    ties (dynamic programming from the end of the run). ``"greedy"`` takes
    the longest known word at each position, left to right. Unknown
    stretches become one piece each; the query matches them anywhere
    inside an indexed word.
    """

    def __init__(self, vocabulary: Iterable[str], strategy: str = "best"):
        if strategy not in ("best", "greedy"):
            raise ValueError(f"unknown segmentation strategy {strategy!r}; choose 'best' or 'greedy'")
        self.vocabulary = frozenset(word for word in vocabulary if is_segmentation_word(word))
        self.longest = max((len(word) for word in self.vocabulary), default=0)
        self.strategy = strategy

    def segment(self, run: str) -> list[tuple[int, int, bool]]:
        starts = [i for i in range(len(run) + 1) if can_start_word(run, i)]
        pieces = self._greedy(run, starts) if self.strategy == "greedy" else self._best(run, starts)
        return _merge_unknown(pieces)

    def _known_ends(self, run: str, start: int, starts: list[int]) -> list[int]:
        """Ends of known words starting at ``start``, longest first."""
        first, last = bisect_right(starts, start), bisect_right(starts, start + self.longest)
        return [end for end in reversed(starts[first:last]) if run[start:end] in self.vocabulary]

    def _greedy(self, run: str, starts: list[int]) -> list[tuple[int, int, bool]]:
        pieces, position, following = [], 0, dict(zip(starts, starts[1:], strict=False))
        while position < len(run):
            ends = self._known_ends(run, position, starts)
            end = ends[0] if ends else following[position]
            pieces.append((position, end, bool(ends)))
            position = end
        return pieces

    def _best(self, run: str, starts: list[int]) -> list[tuple[int, int, bool]]:
        length = len(run)
        cost: dict[int, tuple[int, int]] = {length: (0, 0)}
        choice: dict[int, tuple[int, bool]] = {}
        for index in range(len(starts) - 2, -1, -1):
            start, next_start = starts[index], starts[index + 1]
            best = None
            for end in self._known_ends(run, start, starts):
                candidate = (cost[end][0], cost[end][1] + 1)
                if best is None or candidate < best:
                    best, choice[start] = candidate, (end, True)
            unknown = (cost[next_start][0] + next_start - start, cost[next_start][1] + 1)
            if best is None or unknown < best:
                best, choice[start] = unknown, (next_start, False)
            cost[start] = best
        pieces, position = [], 0
        while position < length:
            end, known = choice[position]
            pieces.append((position, end, known))
            position = end
        return pieces


def _merge_unknown(pieces: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    merged: list[tuple[int, int, bool]] = []
    for start, end, known in pieces:
        if merged and not known and not merged[-1][2]:
            merged[-1] = (merged[-1][0], end, False)
        else:
            merged.append((start, end, known))
    return merged
