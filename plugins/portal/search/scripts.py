"""Which characters make words, and where a word may start.

The same rules are written in ``theme/static/js/search-text.js``: build time
(Python) and query time (the browser) must cut text at the same places, so
both sides classify characters by the same Unicode categories and the same
code point ranges, never by a regex engine's idea of a "word".
"""

from __future__ import annotations

import unicodedata
from functools import cache

# Apostrophe variants (Uzbek writes oʻ and gʻ with any of them) and the soft
# hyphen: they join the letters around them and are dropped from the token.
JOINERS = frozenset("'\u2019\u2018\u02bc\u02bb`\u00b4\u2032\u00ad")

# Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer,
# Han and kana. Their runs are cut into words by a segmenter.
SPACELESS_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F),  # Myanmar
    (0x1780, 0x17FF), (0x19E0, 0x19FF),  # Khmer
    (0x3005, 0x3007), (0x3040, 0x30FF), (0x31F0, 0x31FF),  # iteration marks, kana
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),  # Han
    (0x20000, 0x3134F),  # Han extensions
)

# A word never starts right after these: a virama or coeng (it joins the next
# consonant to the cluster) or a Thai/Lao vowel written before its consonant.
NO_BREAK_AFTER = frozenset([0x1039, 0x17D2, *range(0x0E40, 0x0E45), *range(0x0EC0, 0x0EC5)])


@cache  # called once per character of every document: a table lookup after the first
def is_word_char(char: str) -> bool:
    """Letters, marks and numbers (Unicode categories L*, M*, N*)."""
    return unicodedata.category(char)[0] in "LMN"


@cache
def is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M"


@cache
def is_spaceless(char: str) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in SPACELESS_RANGES)


def can_start_word(text: str, index: int) -> bool:
    """Whether a word may begin at ``index`` of a run (never inside a cluster)."""
    if index <= 0 or index >= len(text):
        return True
    return not is_mark(text[index]) and ord(text[index - 1]) not in NO_BREAK_AFTER


@cache
def _begins_spaceless_word(char: str) -> bool:
    return is_spaceless(char) and not is_mark(char)


def spaceless_word_starts(text: str) -> list[int]:
    """The indexes after the first where a word of a spaceless script may start in ``text``
    (``can_start_word`` at a spaceless character), for matching a query inside words."""
    return [index for index in range(1, len(text))
            if _begins_spaceless_word(text[index]) and ord(text[index - 1]) not in NO_BREAK_AFTER]


def is_segmentation_word(word: str) -> bool:
    """Whether the query-time segmenter may cut a query into ``word``.

    Only words of spaceless scripts, and not a lone cluster of Thai, Lao,
    Khmer or Myanmar: ICU leaves those behind when it cuts a word it does
    not know (a name, a loanword), and a query cut into them would match
    pages that share nothing with it but single letters. A lone Han or kana
    character is a word, and stays.
    """
    if not word or not is_spaceless(word[0]):
        return False
    clusters = sum(1 for index in range(len(word)) if can_start_word(word, index))
    return clusters > 1 or ord(word[0]) >= 0x3000
