"""Where the sorted runs of a search index (postings, words, texts) are cut into shards.

Shard names carry a hash of their bytes, so an unchanged shard keeps its
name, and a browser holding the edition offline, the host and the next
build all keep it. Cut every ``budget`` items, though, an edit that adds one
term moves every cut after it by one: after a one-page edit every later
shard had new bytes and a new name (a thousand files at 300 pages x 12).

Here each cut is chosen by the item it follows, as content-defined
chunking does: once a shard holds half its budget, each unit of weight
an item adds (postings, bytes; 1 per word) is a chance of one in half the
budget that the shard ends after it, decided by a checksum of the item's
key. The cuts after an edit move only until the first item that ended a
shard before, a shard or two further on; every other shard keeps its bytes.
Shards hold about ``budget`` on average, and at most four times it.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

CHECKSUMS = 1 << 32  # zlib.crc32's values: a key's checksum over this is its draw in [0, 1)
LONGEST = 4  # a shard is cut, whatever its items, once it holds this many budgets


def content_cuts(keys: Sequence[str], budget: int, weights: Sequence[int] | None = None) -> list[int]:
    """The number of the first item of each shard (0 first, none past the last item).

    ``keys`` name the items (a term, a document's text), ``weights`` are
    what each holds (1 each if None); ``budget`` is the weight a shard holds
    on average.
    """
    if not keys:
        return []
    half = max(1, budget // 2)
    longest = LONGEST * max(1, budget)
    starts, held = [0], 0
    for number in range(len(keys) - 1):  # never a cut after the last item
        weight = 1 if weights is None else weights[number]
        held += weight
        if held >= longest or (held >= half and zlib.crc32(keys[number].encode("utf-8")) * half
                               < weight * CHECKSUMS):
            starts.append(number + 1)
            held = 0
    return starts


def runs(items: Sequence, starts: Sequence[int]) -> list[tuple[int, Sequence]]:
    """Each shard's (first item's number, its items), from ``content_cuts``."""
    ends = [*starts[1:], len(items)]
    return [(start, items[start:end]) for start, end in zip(starts, ends, strict=True)]
