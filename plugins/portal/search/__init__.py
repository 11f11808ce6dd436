"""Search in every script, run entirely in the reader's browser.

The build cuts each edition's rendered pages into documents (one per
section), tokenizes them with the edition's language profile, counts
each page's terms and computes lunr's postings itself (``postings``,
``index``: lunr.py gives the stop words and is the reference the tests
hold the index to, not its builder) and writes them in a compact form;
the browser turns them into a lunr.js index when the search box is first
used and tokenizes the query with the same rules
(``theme/static/js/search-text.js``). Nothing here imports Pelican.

Modules: ``scripts`` (character classes), ``tokenizer``, ``segmenters``
(ICU at build time, the index's vocabulary at query time), ``russian``,
``suffixes`` and ``folding`` (what the pipeline does to a term),
``pipeline`` (lunr labels), ``profiles`` (per language), ``documents``
(HTML to sections), ``index`` (lunr's index and the compact form),
``postings`` (kept between builds, in shards), ``endings`` and ``cuts``
(a split vocabulary's ending entries, and where its word shards are
cut), ``edition`` (an edition's files), ``az`` (the A-Z page, ordered by
ICU), ``assets`` (lunr.js).
"""

from .assets import SearchAssetMissing, find_lunr
from .az import AzEntry, AzGroup, az_groups
from .edition import (
    EditionSearch,
    SearchDocument,
    SearchPage,
    SplitVocabulary,
    az_entries,
    az_index,
    build_edition_search,
    pages_from_edition,
    write_edition_search,
)

__all__ = [
    "AzEntry", "AzGroup", "EditionSearch", "SearchAssetMissing", "SearchDocument", "SearchPage", "SplitVocabulary",
    "az_entries", "az_groups", "az_index", "build_edition_search", "find_lunr", "pages_from_edition",
    "write_edition_search",
]
