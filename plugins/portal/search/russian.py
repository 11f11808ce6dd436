"""Russian stemming: the Snowball algorithm (snowballstem.org/algorithms/russian).

The build stems with PyStemmer, the Snowball project's own C code
(libstemmer) for Python, ten times the speed of the pure-Python
generation of the same algorithm on the hundred thousand distinct words
of a large edition; the browser stems queries with the same algorithm
written out in ``search-text.js`` (lunr.js has no Russian stemmer). The
tokenizer tests hold the two to the same stems on every Russian word of
the catalogs and on thousands of made-up ones. ``ё`` reads as ``е``, as
in Snowball 2 and later.
"""

from __future__ import annotations

import Stemmer

# Its only state is the word being stemmed, set anew by every call.
_STEMMER = Stemmer.Stemmer("russian")


def stem(word: str) -> str:
    """The Snowball stem of a lower-case Russian word (other words pass unchanged)."""
    return _STEMMER.stemWord(word.replace("ё", "е"))
