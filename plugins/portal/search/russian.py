"""The Snowball Russian stemmer, written out so that Python and JavaScript agree.

Ported from the Snowball algorithm (snowballstem.org/algorithms/russian),
with ``ё`` read as ``е`` as in Snowball 2. ``search-text.js`` holds the
same algorithm line for line; the tokenizer tests compare both on every
Russian word of the fixtures. Endings are looked for inside RV (after the
first vowel); the longest ending of a class wins, and endings marked
``True`` only count after ``а`` or ``я``, which stays.
"""

from __future__ import annotations

VOWELS = frozenset("аеиоуыэюя")

PERFECTIVE_GERUND = {"в": True, "вши": True, "вшись": True,
                     "ив": False, "ивши": False, "ившись": False,
                     "ыв": False, "ывши": False, "ывшись": False}
ADJECTIVE = dict.fromkeys("ее ие ые ое ими ыми ей ий ый ой ем им ым ом его ого ему ому их ых ую юю "
                          "ая яя ою ею".split(), False)
PARTICIPLE = {"ем": True, "нн": True, "вш": True, "ющ": True, "щ": True,
              "ивш": False, "ывш": False, "ующ": False}
REFLEXIVE = {"ся": False, "сь": False}
VERB = {**dict.fromkeys("ла на ете йте ли й л ем н ло но ет ют ны ть ешь нно".split(), True),
        **dict.fromkeys("ила ыла ена ейте уйте ите или ыли ей уй ил ыл им ым ен ило ыло ено ят ует уют "
                        "ит ыт ены ить ыть ишь ую ю".split(), False)}
NOUN = dict.fromkeys("а ев ов ие ье е иями ями ами еи ии и ией ей ой ий й иям ям ием ем ам ом о у ах иях "
                     "ях ы ь ию ью ю ия ья я".split(), False)
DERIVATIONAL = {"ост": False, "ость": False}
SUPERLATIVE = {"ейш": False, "ейше": False}


def regions(word: str) -> tuple[int, int]:
    """Start of RV (after the first vowel) and of R2, as Snowball marks them."""
    length = len(word)
    index = 0
    while index < length and word[index] not in VOWELS:
        index += 1
    if index == length:
        return length, length
    rv = index = index + 1
    for wanted_vowel in (False, True, False):
        while index < length and (word[index] in VOWELS) != wanted_vowel:
            index += 1
        if index == length:
            return rv, length
        index += 1
    return rv, index


def _ending(word: str, rv: int, endings: dict[str, bool]) -> str | None:
    """The longest ending of the class inside RV, if its condition holds."""
    found = None
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= rv and (
                found is None or len(ending) > len(found)):
            found = ending
    if found is None:
        return None
    if endings[found]:
        before = len(word) - len(found) - 1
        if before < rv or word[before] not in "ая":
            return None
    return found


def _strip(word: str, rv: int, endings: dict[str, bool]) -> str | None:
    found = _ending(word, rv, endings)
    return None if found is None else word[: len(word) - len(found)]


def _adjectival(word: str, rv: int) -> str | None:
    stripped = _strip(word, rv, ADJECTIVE)
    if stripped is None:
        return None
    return _strip(stripped, rv, PARTICIPLE) or stripped


def _step_one(word: str, rv: int) -> str:
    stripped = _strip(word, rv, PERFECTIVE_GERUND)
    if stripped is not None:
        return stripped
    word = _strip(word, rv, REFLEXIVE) or word
    for step in (_adjectival, lambda w, r: _strip(w, r, VERB), lambda w, r: _strip(w, r, NOUN)):
        stripped = step(word, rv)
        if stripped is not None:
            return stripped
    return word


def _tidy_up(word: str, rv: int) -> str:
    superlative = _strip(word, rv, SUPERLATIVE)
    if superlative is not None:
        word = superlative
    if word.endswith("нн") and len(word) - 2 >= rv:
        return word[:-1]
    if superlative is None and word.endswith("ь") and len(word) - 1 >= rv:
        return word[:-1]
    return word


def stem(word: str) -> str:
    """The Snowball stem of a lower-case Russian word (other words pass unchanged)."""
    word = word.replace("ё", "е")
    rv, r2 = regions(word)
    word = _step_one(word, rv)
    if word.endswith("и") and len(word) - 1 >= rv:
        word = word[:-1]
    derivational = _ending(word, rv, DERIVATIONAL)
    if derivational and len(word) - len(derivational) >= r2:
        word = word[: -len(derivational)]
    return _tidy_up(word, rv)
