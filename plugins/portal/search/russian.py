"""Russian stemming: the Snowball algorithm (snowballstem.org/algorithms/russian).

The build stems with the ``snowballstemmer`` package, the Snowball
project's own code generated into Python; the browser stems queries with
the same algorithm written out in ``search-text.js`` (lunr.js has no
Russian stemmer). The tokenizer tests hold the two to the same stems on
every Russian word of the catalogs and on thousands of made-up ones.
``ё`` reads as ``е``, as in Snowball 2.

The pure-Python class is taken, not ``snowballstemmer.stemmer()``, which
silently switches to PyStemmer's C code (another Snowball release, maybe
other stems) wherever that happens to be installed.
"""

from __future__ import annotations

from snowballstemmer.russian_stemmer import RussianStemmer

# Its only state is the word being stemmed, set anew by every call.
_STEMMER = RussianStemmer()


def stem(word: str) -> str:
    """The Snowball stem of a lower-case Russian word (other words pass unchanged)."""
    return _STEMMER.stemWord(word.replace("ё", "е"))
