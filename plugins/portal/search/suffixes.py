"""Light stemmers for agglutinative languages: strip known endings, repeatedly.

Korean particles and verb endings, Uzbek and Mongolian case, plural and
possessive suffixes are glued to the word, so 학교에 must find 학교 and
sugʻurtaga must find sugʻurta. A full morphological analyser would need
the same dictionary in the browser; these lists are small, and the same
function runs at build time and at query time (``search-text.js`` holds
the same lists), so a word is always cut the same way on both sides. The
query then matches the stem as a prefix (Uzbek, Mongolian) or anywhere
inside a word (Korean compounds), which forgives what the lists miss.

An ending is stripped only if at least ``minimum`` characters remain
(``minimum_short`` after a one-letter ending), so short words (국가, ish)
are left alone. Every stage is kept: 지원제도는 is indexed as 지원제도 and
지원제, so a query for 제도 (too short to strip) still finds it inside
지원제도, and a query whose last letter is an ending finds the shorter stem.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SuffixStripper:
    """Strips the longest listed suffix, again and again; returns every stage."""

    suffixes: tuple[str, ...]
    minimum: int
    minimum_short: int
    # (length, the suffixes of that length, what must remain), longest first: a word has one
    # ending of each length, so each length is one set lookup instead of a pass over the list
    _by_length: tuple[tuple[int, frozenset[str], int], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        ordered = tuple(sorted(set(self.suffixes), key=lambda s: (-len(s), s)))
        object.__setattr__(self, "suffixes", ordered)
        lengths = sorted({len(suffix) for suffix in ordered}, reverse=True)
        object.__setattr__(self, "_by_length", tuple(
            (size, frozenset(s for s in ordered if len(s) == size),
             self.minimum_short if size == 1 else self.minimum) for size in lengths))

    def _strip_once(self, word: str) -> str | None:
        """``word`` without its longest listed ending that leaves enough of it, or None."""
        for size, endings, minimum in self._by_length:
            remaining = len(word) - size
            if remaining >= minimum and word[remaining:] in endings:
                return word[:remaining]
        return None

    def __call__(self, word: str) -> list[str]:
        """The stems of ``word``, longest first; ``[word]`` if nothing is stripped."""
        stages = []
        stripped = self._strip_once(word)
        while stripped is not None:
            stages.append(stripped)
            stripped = self._strip_once(stripped)
        return stages or [word]


KOREAN = SuffixStripper(tuple("""
    이 가 은 는 을 를 의 에 와 과 도 만 로 으로 들 나 이나 랑 이랑 께
    에서 에게 한테 께서 까지 부터 처럼 보다 마다 하고 이며 이고 이라고 라고 이라
    에는 에도 에서는 에서도 에게는 에게도 으로는 로는 으로도 로도 와는 과는 에서의 으로의 와의 과의 에의
    입니다 이다 이에요 예요 이었습니다 였습니다
    합니다 하세요 하십시오 해요 해야 하려면 하면 하는 하고 하기 하여 해서 했습니다 했다
    한 할 함 하지 하며 하도록 하므로
    된 되는 됩니다 되어 돼요 됐습니다 될
    받을 받는 받은 받으세요 받습니다 받아 받으려면 받으면 받기
    드립니다 드려요 습니다 세요 으세요
""".split()), minimum=1, minimum_short=2)

UZBEK = SuffixStripper(tuple("""
    lar ning ni ga ka qa da dan dagi gacha
    im imiz ing ingiz i si miz ngiz dir mi
""".split()), minimum=3, minimum_short=3)

MONGOLIAN = SuffixStripper(tuple("""
    ууд үүд нууд нүүд чууд чүүд нар
    ын ийн ний ыг ийг г д т ид нд
    аас ээс оос өөс иас иос гаас гээс гоос гөөс
    аар ээр оор өөр иар иор гаар гээр гоор гөөр
    тай тэй той руу рүү луу лүү
    аа ээ оо өө гаа гээ гоо гөө
    ах эх ох өх сан сэн сон сөн даг дэг дог дөг аарай ээрэй оорой өөрэй
""".split()), minimum=3, minimum_short=3)
