"""Cutting text into tokens, the same way at build time and at query time.

Text is cut into runs of word characters. A run in a script written with
spaces becomes one token: NFKC, lower case, joiners dropped. A run in a
script written without spaces (Thai, Lao, Khmer, Myanmar, Han) is cut
into words by a segmenter: ICU's dictionaries at build time, the index's
own vocabulary at query time (see ``segmenters``). Everything that depends
on the language (folding, stemming, particles) happens afterwards, in the
lunr pipeline, so that it is registered under a label on both sides.

``theme/static/js/search-text.js`` implements the same steps; the tests run
both on the same fixtures and compare the tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple, Protocol

from .scripts import JOINERS, SPACELESS_RANGES, is_mark, is_spaceless, is_word_char

WORD = "word"  # a run of a spaced script
SEGMENT = "segment"  # a word cut from a spaceless run, known to the segmenter
UNKNOWN = "unknown"  # a stretch of a spaceless run the segmenter did not know


class Token(NamedTuple):
    """One token, with where it came from in the NFC-normalized text.

    (A named tuple: a build makes millions, and a frozen dataclass's
    constructor takes twice as long.)
    """

    text: str
    start: int
    end: int
    kind: str = WORD


class Segmenter(Protocol):
    """Cuts a run of a spaceless script into (start, end, known) pieces covering it."""

    def segment(self, run: str) -> list[tuple[int, int, bool]]: ...


def _runs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of word characters; a joiner between two of them joins."""
    start = None
    length = len(text)
    for index, char in enumerate(text):
        inside = is_word_char(char) or (
            char in JOINERS and start is not None and index + 1 < length and is_word_char(text[index + 1]))
        if inside and start is None:
            start = index
        elif not inside and start is not None:
            yield start, index
            start = None
    if start is not None:
        yield start, length


def _script_runs(text: str, start: int, end: int) -> Iterator[tuple[int, int, bool]]:
    """Split a run where it changes between spaced and spaceless scripts (marks stay put)."""
    piece_start, spaceless = start, is_spaceless(text[start])
    for index in range(start + 1, end):
        char = text[index]
        if is_mark(char):
            continue
        here = is_spaceless(char)
        if here != spaceless:
            yield piece_start, index, spaceless
            piece_start, spaceless = index, here
    yield piece_start, end, spaceless


SPACELESS_CHARACTER = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in SPACELESS_RANGES) + "]")


def plain_word(chunk: str) -> str | None:
    """The one token of a chunk of letters only, in a spaced script; None for any other chunk.

    ``str.isalpha`` is exactly Unicode's general category L*, so such a chunk
    is one run of word characters with no joiner and no script change, and
    ``tokenize`` would make it one token: this is that token, without the
    per-character walk (most words of a text are such chunks).
    """
    if not chunk.isalpha() or SPACELESS_CHARACTER.search(chunk) or not JOINERS.isdisjoint(chunk):
        return None  # (ʻ and ʼ, Uzbek's apostrophes, are letters to Unicode and joiners to us)
    return unicodedata.normalize("NFKC", chunk).lower()


def spaced_token(text: str) -> str:
    """A spaced run as a token: compatibility forms unified, lower case, no joiners."""
    cleaned = "".join(char for char in text if char not in JOINERS)
    return unicodedata.normalize("NFKC", cleaned).lower()


def tokenize(text: str, segmenter: Segmenter) -> list[Token]:
    """Every token of ``text``, in order, before the language's pipeline."""
    text = unicodedata.normalize("NFC", text)
    tokens: list[Token] = []
    for run_start, run_end in _runs(text):
        for start, end, spaceless in _script_runs(text, run_start, run_end):
            if not spaceless:
                word = spaced_token(text[start:end])
                if word:
                    tokens.append(Token(word, start, end, WORD))
                continue
            run = text[start:end].lower()
            for piece_start, piece_end, known in segmenter.segment(run):
                tokens.append(Token(run[piece_start:piece_end], start + piece_start, start + piece_end,
                                    SEGMENT if known else UNKNOWN))
    return tokens
