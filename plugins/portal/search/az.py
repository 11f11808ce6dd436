"""The A-Z index of an edition: every page title and section heading, in its readers' order.

It is what a reader gets without JavaScript (the search form's plain
submit goes there), and a way to browse by subject. ICU orders it, from
CLDR: the edition's entries are sorted by its locale's collator (in
Vietnamese ă, â, ê, ô, ơ, ư and đ are letters of their own; Thai and Lao
vowels written before their consonant sort by the consonant; Chinese
sorts by pinyin) and grouped under the letters of the locale's
alphabetic index (ㄱ ㄴ ㄷ for Korean, A-Z of pinyin for Chinese, Oʻ Gʻ Sh
Ch for Uzbek), with the Latin letters added for the Latin words of a
non-Latin edition. Entries that begin with a digit or a symbol, or in a
script with no letters in the index, form groups without a letter,
where the collator puts them.

An entry whose text fell back to another language (``lang``, an English
heading in the Thai edition) is not one of the edition's words and is
not sorted among them: each such language's entries form one group after
the edition's letters, headed by that language's name in the edition's
language and sorted by that language's own collator. The reader sees
which part of the index is not in their language, and it is in the order
its own readers expect.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby

from .segmenters import load_icu


@dataclass(frozen=True)
class AzEntry:
    """A title or heading; ``page`` is the page's title when the entry is one of its sections."""

    label: str
    url: str
    page: str = ""
    lang: str = ""  # the label's language (a BCP 47 tag), when it fell back from the edition's
    page_lang: str = ""  # the same for ``page``


@dataclass(frozen=True)
class AzGroup:
    """Entries under one heading: an index letter, a language's name, or none (``letter`` empty)."""

    letter: str
    entries: tuple[AzEntry, ...]
    lang: str = ""  # set on the group of entries that fell back to another language: theirs


class Collation:
    """ICU's collator and alphabetic index for one locale (a CLDR id or BCP 47 tag)."""

    def __init__(self, locale: str):
        icu = self._icu = load_icu()
        self.locale = icu.Locale.forLanguageTag(locale.replace("_", "-"))
        self.collator = icu.Collator.createInstance(self.locale)

    @cached_property
    def index(self):
        index = self._icu.AlphabeticIndex(self.locale)
        index.addLabels(self._icu.Locale.getEnglish())  # the Latin words of a Thai or Russian edition
        return index.buildImmutableIndex()

    def sort_key(self, label: str) -> bytes:
        return self.collator.getSortKey(label)

    def bucket(self, label: str) -> int:
        return self.index.getBucketIndex(label)

    def letter(self, bucket: int) -> str:
        """The bucket's index letter; empty for the buckets before, between and after the letters."""
        label, kind = self.index.getBucket(bucket)
        return label if kind == self._icu.UAlphabeticIndexLabelType.NORMAL else ""

    def language_name(self, tag: str) -> str:
        """A language's name in this locale, capitalized as a heading."""
        icu = self._icu
        names = icu.LocaleDisplayNames.createInstance(
            self.locale, [icu.UDisplayContext.CAPITALIZATION_FOR_BEGINNING_OF_SENTENCE])
        return names.localeDisplayName(icu.Locale.forLanguageTag(tag))


def az_order(entries: Iterable[AzEntry], collation: Collation) -> list[AzEntry]:
    """Entries in the collator's order (the URL breaks ties, so the order is always the same)."""
    return sorted(entries, key=lambda entry: (collation.sort_key(entry.label), entry.url))


def az_groups(entries: Sequence[AzEntry], locale: str) -> list[AzGroup]:
    """The edition's entries (locale ``locale``) sorted and grouped, duplicates removed;
    then one group per language that some entries fell back to."""
    unique = {(entry.label, entry.url): entry for entry in entries if entry.label.strip()}
    own = [entry for entry in unique.values() if not entry.lang]
    collation = Collation(locale)
    # As ICU's index lists them: by its letters, each letter's entries in the collator's order.
    # That is the collator's order but where a letter holds more than its range: a Khmer word
    # with a subscript consonant stays under its first letter (the collator puts it after the
    # independent vowels), and in Chinese, Latin words join the pinyin letters.
    keyed = sorted(((collation.bucket(e.label), collation.sort_key(e.label), e.url, e) for e in own),
                   key=lambda item: item[:3])
    groups = [AzGroup(collation.letter(bucket), tuple(item[3] for item in members))
              for bucket, members in groupby(keyed, key=lambda item: item[0])]
    by_language: dict[str, list[AzEntry]] = {}
    for entry in unique.values():
        if entry.lang:
            by_language.setdefault(entry.lang, []).append(entry)
    fallbacks = [AzGroup(collation.language_name(tag), tuple(az_order(members, Collation(tag))), tag)
                 for tag, members in by_language.items()]
    return groups + sorted(fallbacks, key=lambda group: (collation.sort_key(group.letter), group.lang))
