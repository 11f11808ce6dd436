"""Folds that make two spellings of a word one: typed without diacritics, ё as е.

Vietnamese readers often type without tone marks (on a phone keyboard,
or from habit), so Vietnamese is indexed and searched without them.
Russian and Mongolian texts write ё or е for the same letter.
"""

from __future__ import annotations

import unicodedata


def fold_vietnamese(word: str) -> str:
    """'Đăng ký' -> 'dang ky': drop combining diacritics (U+0300-U+036F) and read đ as d."""
    decomposed = unicodedata.normalize("NFD", word)
    stripped = "".join(char for char in decomposed if not 0x300 <= ord(char) <= 0x36F)
    return unicodedata.normalize("NFC", stripped).replace("đ", "d")


def fold_yo(word: str) -> str:
    return word.replace("ё", "е")
