"""Search in every script, run entirely in the reader's browser.

The build cuts each edition's rendered pages into documents (one per
section), tokenizes them with the edition's language profile, builds one
lunr index per edition with lunr.py and writes it in a compact form; the
browser loads it with lunr.js when the search box is first used and
tokenizes the query with the same rules (``theme/static/js/search-text.js``).
Nothing here imports Pelican.

Modules: ``scripts`` (character classes), ``tokenizer``, ``segmenters``
(ICU at build time, the index's vocabulary at query time), ``russian``,
``suffixes`` and ``folding`` (what the pipeline does to a term),
``pipeline`` (lunr labels), ``profiles`` (per language), ``documents``
(HTML to sections), ``index`` (lunr and the compact form), ``edition``
(an edition's files), ``az`` (the A-Z page), ``assets`` (lunr.js).
"""

from .assets import SearchAssetMissing, find_lunr
from .az import AzEntry, AzGroup, az_groups
from .edition import (
    EditionSearch,
    SearchDocument,
    SearchPage,
    az_entries,
    az_index,
    build_edition_search,
    pages_from_edition,
    write_edition_search,
)

__all__ = [
    "AzEntry", "AzGroup", "EditionSearch", "SearchAssetMissing", "SearchDocument", "SearchPage",
    "az_entries", "az_groups", "az_index", "build_edition_search", "find_lunr", "pages_from_edition",
    "write_edition_search",
]
