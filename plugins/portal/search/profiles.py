"""Each language's search profile: its pipeline and how a query word is widened.

The tokenizer is shared (it follows scripts, not languages); what differs
per language is here, and it travels inside each edition's index file, so
the browser applies exactly what the index was built with.

- ``pipeline``: lunr pipeline labels, run on every token at build and
  query time (see ``pipeline``).
- ``prefix``: a query word of at least this many letters also matches
  words it begins (typing in progress; Uzbek and Mongolian endings).
- ``contains``: a query word of at least this many letters also matches
  inside longer words (Korean compounds: 건강보험 in 국민건강보험).

A language without a profile gets ``GENERIC`` (word matching with prefixes,
no stemming); the build says so in its log, and a profile is one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchProfile:
    """How one language is indexed and queried."""

    pipeline: tuple[str, ...] = ()
    prefix: int | None = 3
    contains: int | None = None

    def as_json(self) -> dict:
        return {"pipeline": list(self.pipeline), "prefix": self.prefix, "contains": self.contains}


GENERIC = SearchProfile()

PROFILES: dict[str, SearchProfile] = {
    "ko": SearchProfile(("portal-stem-ko",), prefix=None, contains=1),
    "en": SearchProfile(("stopWordFilter", "portal-stem-en")),
    "vi": SearchProfile(("portal-fold-vi",)),
    "th": GENERIC,
    "lo": GENERIC,
    "km": GENERIC,
    "my": GENERIC,
    "zh": GENERIC,
    "ru": SearchProfile(("portal-fold-yo", "portal-stem-ru")),
    "uz": SearchProfile(("portal-stem-uz",)),
    "mn": SearchProfile(("portal-fold-yo", "portal-stem-mn")),
    "fil": GENERIC,
}


def profile_for(language: str) -> SearchProfile | None:
    """The profile of a CLDR language code ('zh' for zh_Hans), or None if there is none."""
    return PROFILES.get(language)
