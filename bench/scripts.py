"""Pseudo-text in each target language's script, and pseudo-translation of messages.

The benchmark needs translations of realistic size and shape, not
meaning: every run of Korean words in a message is replaced by as many
pseudo-words in the target script, while everything else (link targets,
``code``, ``**``/``*`` pairs, digits, punctuation) is kept, so the
translation passes the portal's structure checks exactly as a real one.

Thai, Lao, Khmer, Burmese and Chinese are written without spaces between
words, with combining vowel signs where the script has them: these are
the texts that stress segmentation and line breaking.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+(?:[ ]+[\uac00-\ud7a3]+)*")
# Kept verbatim inside a message: link targets, code spans, emphasis markers.
PROTECTED = re.compile(r"\]\([^)]*\)|`[^`]*`")

Syllable = Callable[[random.Random], str]


def _pick(*parts: str) -> Syllable:
    """A syllable maker: one cluster from each space-separated list ("-" stands for nothing)."""
    choices = [["" if option == "-" else option for option in part.split()] for part in parts]
    return lambda rng: "".join(rng.choice(options) for options in choices)


@dataclass(frozen=True)
class Script:
    """How one language's pseudo-words look: syllables per word, and the word separator."""

    syllable: Syllable
    min_syllables: int
    max_syllables: int
    separator: str

    def word(self, rng: random.Random) -> str:
        count = rng.randint(self.min_syllables, self.max_syllables)
        return "".join(self.syllable(rng) for _ in range(count))

    def words(self, rng: random.Random, count: int) -> str:
        return self.separator.join(self.word(rng) for _ in range(count))


THAI_CONSONANTS = " ".join("กขคงจชซดตถทนบปผพฟมยรลวสหอฮ")
LAO_CONSONANTS = " ".join("ກຂຄງຈສຊຍດຕຖທນບປຜຝພຟມຢຣລວຫອຮ")
KHMER_CONSONANTS = " ".join(chr(c) for c in range(0x1780, 0x17A3))
BURMESE_CONSONANTS = " ".join(chr(c) for c in range(0x1000, 0x1021))
HAN = " ".join(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使"
    "点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明"
)

SCRIPTS: dict[str, Script] = {
    "en": Script(_pick("b c d f g h l m n p r s t v w", "a e i o u ea ou", "- n r s t l"), 1, 3, " "),
    "fil": Script(_pick("b d g h k l m n p s t y ng", "a i o u a", "- n ng g s"), 1, 3, " "),
    "uz": Script(_pick("b d g gʻ h k l m n q r s sh t ch y z", "a i o oʻ u e", "- r n l sh"), 1, 3, " "),
    "vi": Script(_pick("b c d đ g h k l m n ph t th tr v x ng nh",
                       "a à á ả ã ạ ă ằ ắ â ấ ầ e é ê ế ề i í ì o ó ò ô ố ồ ơ ớ ờ u ú ù ư ứ ừ y",
                       "- n ng c t m nh"), 1, 1, " "),
    "ru": Script(_pick("б в г д ж з к л м н п р с т ф х ц ч ш", "а е и о у ы я ю", "- н р с т л"), 1, 3, " "),
    "mn": Script(_pick("б в г д ж з л м н р с т х ц ч ш", "а э и о у ө ү", "- н р л г"), 1, 3, " "),
    "th": Script(_pick("- - เ แ โ ไ", THAI_CONSONANTS, "- - ั ิ ี ุ ู", "- ่ ้", "- า"), 1, 3, ""),
    "lo": Script(_pick("- - ເ ແ ໂ ໄ", LAO_CONSONANTS, "- - ັ ິ ີ ຸ ູ", "- ່ ້", "- າ"), 1, 3, ""),
    "km": Script(_pick(KHMER_CONSONANTS, "- - \u17d2", KHMER_CONSONANTS,
                       "ា ិ ី ឹ ុ ូ ួ ើ េ ែ ោ ៅ"), 1, 2, ""),
    "my": Script(_pick(BURMESE_CONSONANTS, "ာ ိ ီ ု ူ ေ ဲ ံ -", "- - ်"), 1, 3, ""),
    "zh": Script(_pick(HAN), 1, 3, ""),
}


def script_for(code: str) -> Script:
    """The pseudo-script of a language code; a clear error for a language without one."""
    try:
        return SCRIPTS[code]
    except KeyError:
        raise KeyError(f"no pseudo-script for language {code!r}; add one to SCRIPTS in "
                       f"bench/scripts.py (known: {', '.join(sorted(SCRIPTS))})") from None


def message_rng(seed: int, code: str, message: str) -> random.Random:
    """A generator seeded by (seed, language, message): the same message always
    gets the same translation, in every catalog and every comparison engine."""
    digest = hashlib.blake2b(f"{seed}\0{code}\0{message}".encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def pseudo_translate(message: str, code: str, seed: int, words: list[str] | None = None) -> str:
    """The message with every run of Korean words replaced by pseudo-words in ``code``'s script.

    ``words``, when given, receives every pseudo-word written, in order:
    in a spaceless script the text alone does not say where they part. A
    pseudo-Burmese text that the portal's Zawgyi check would take for Zawgyi
    (random syllables sometimes look like it) is drawn again, as a real
    translator's Unicode text would pass the check.
    """
    from portal.checks import ZAWGYI_THRESHOLD, zawgyi_probability

    for attempt in itertools.count():
        made: list[str] = []
        text = _pseudo_text(message, code, message_rng(seed, code, message if attempt == 0
                                                       else f"{message}\0{attempt}"), made)
        if code != "my" or zawgyi_probability(text) <= ZAWGYI_THRESHOLD:
            break
    if words is not None:
        words.extend(made)
    return text


def _pseudo_text(message: str, code: str, rng: random.Random, words: list[str]) -> str:
    script = script_for(code)

    def replace(match: re.Match[str]) -> str:
        made = [script.word(rng) for _ in match.group(0).split()]  # Script.words' draws, in its order
        words.extend(made)
        return script.separator.join(made)

    pieces, cursor = [], 0
    for protected in PROTECTED.finditer(message):
        pieces.append(HANGUL_RUN.sub(replace, message[cursor:protected.start()]))
        pieces.append(protected.group(0))
        cursor = protected.end()
    pieces.append(HANGUL_RUN.sub(replace, message[cursor:]))
    return "".join(pieces)
