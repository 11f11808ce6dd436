"""Where a split vocabulary's sorted terms are cut into word shards.

Shard names carry a hash of their bytes, so an unchanged shard keeps its
name: a browser holding the edition offline, the host and the next build
all keep it. Cut every ``budget`` terms, though, one term added moves
every cut after it: after a one-page edit every word shard of Thai, Lao
and Khmer had new bytes and a new name, although the edit added a few
words.

Here each cut is chosen by the term it follows, as content-defined
chunking does: once a shard holds half its budget, each term may end it,
with a chance of one in half the budget, decided by a checksum of the
term. After an edit the cuts move only until the first term that ended a
shard before, a shard or two further on. Shards hold about ``budget``
terms on average, and at most four times it.

The postings shards and text chunks keep their cuts every so many
postings and bytes. An edit changes the postings of terms all over the
vocabulary (every word of the edited paragraph), so most postings shards
change whatever their cuts. And content-defined shards vary in size: a
query's term lands in a large one more often than in a small one, so the
shard a Korean query fetched held half as much again, on average (9,300
postings against 6,000 at 300 pages), and Korean's first query cost more
than Pagefind's (``bench.transfer``, ``results/transfer-20261204-211851.json``).
A word shard's terms, by contrast, change only where the edit brings words
the edition did not have.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

CHECKSUMS = 1 << 32  # zlib.crc32's values: a key's checksum over this is its draw in [0, 1)
LONGEST = 4  # a shard is cut, whatever its terms, once it holds this many budgets


def content_cuts(keys: Sequence[str], budget: int) -> list[int]:
    """The number of the first key of each shard (0 first, none past the last key);
    ``budget`` is the number of keys a shard holds on average."""
    if not keys:
        return []
    half = max(1, budget // 2)
    longest = LONGEST * max(1, budget)
    starts, held = [0], 0
    for number in range(len(keys) - 1):  # never a cut after the last key
        held += 1
        if held >= longest or (held >= half and zlib.crc32(keys[number].encode("utf-8")) * half < CHECKSUMS):
            starts.append(number + 1)
            held = 0
    return starts
