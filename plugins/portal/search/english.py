"""lunr.js's own English (Porter) stemmer, ported line for line.

lunr.py ships a Porter stemmer under the same label, ``stemmer``, but it
is a different port: it turns "stay" into "stai" where lunr.js keeps
"stay", so an index built by lunr.py and searched by lunr.js misses such
words (the tokenizer tests found it). This is lunr.js 2.3.9's
``lunr.stemmer``, regular expressions and all, registered as
``portal-stem-en``; in the browser that label is lunr.js's own function.
"""

from __future__ import annotations

import re

STEP2 = {"ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
         "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
         "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous",
         "aliti": "al", "iviti": "ive", "biliti": "ble", "logi": "log"}
STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}

_c = "[^aeiou]"
_v = "[aeiouy]"
_C = _c + "[^aeiouy]*"
_V = _v + "[aeiou]*"
MGR0 = re.compile("^(" + _C + ")?" + _V + _C)
MEQ1 = re.compile("^(" + _C + ")?" + _V + _C + "(" + _V + ")?$")
MGR1 = re.compile("^(" + _C + ")?" + _V + _C + _V + _C)
S_V = re.compile("^(" + _C + ")?" + _v)

RE_1A = re.compile(r"^(.+?)(ss|i)es$")
RE2_1A = re.compile(r"^(.+?)([^s])s$")
RE_1B = re.compile(r"^(.+?)eed$")
RE2_1B = re.compile(r"^(.+?)(ed|ing)$")
LAST = re.compile(r".$")
RE2_1B_2 = re.compile(r"(at|bl|iz)$")
RE3_1B_2 = re.compile(r"([^aeiouylsz])\1$")
RE4_1B_2 = re.compile("^" + _C + _v + "[^aeiouwxy]$")
RE_1C = re.compile(r"^(.+?[^aeiou])y$")
RE_2 = re.compile(r"^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|"
                  r"iveness|fulness|ousness|aliti|iviti|biliti|logi)$")
RE_3 = re.compile(r"^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$")
RE_4 = re.compile(r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$")
RE2_4 = re.compile(r"^(.+?)(s|t)(ion)$")
RE_5 = re.compile(r"^(.+?)e$")
RE_5_1 = re.compile(r"ll$")
RE3_5 = re.compile("^" + _C + _v + "[^aeiouwxy]$")


def _drop_last(word: str) -> str:
    return LAST.sub("", word, count=1)


def _step1(w: str) -> str:
    if RE_1A.search(w):
        w = RE_1A.sub(r"\1\2", w, count=1)
    elif RE2_1A.search(w):
        w = RE2_1A.sub(r"\1\2", w, count=1)
    found = RE_1B.search(w)
    if found:
        if MGR0.search(found.group(1)):
            w = _drop_last(w)
    else:
        found = RE2_1B.search(w)
        if found and S_V.search(found.group(1)):
            w = found.group(1)
            if RE2_1B_2.search(w):
                w += "e"
            elif RE3_1B_2.search(w):
                w = _drop_last(w)
            elif RE4_1B_2.search(w):
                w += "e"
    found = RE_1C.search(w)
    if found:
        w = found.group(1) + "i"
    return w


def _step2_to_4(w: str) -> str:
    for pattern, replacements in ((RE_2, STEP2), (RE_3, STEP3)):
        found = pattern.search(w)
        if found and MGR0.search(found.group(1)):
            w = found.group(1) + replacements[found.group(2)]
    found = RE_4.search(w)
    if found:
        if MGR1.search(found.group(1)):
            w = found.group(1)
    else:
        found = RE2_4.search(w)
        if found and MGR1.search(found.group(1) + found.group(2)):
            w = found.group(1) + found.group(2)
    return w


def _step5(w: str) -> str:
    found = RE_5.search(w)
    if found:
        stem = found.group(1)
        if MGR1.search(stem) or (MEQ1.search(stem) and not RE3_5.search(stem)):
            w = stem
    if RE_5_1.search(w) and MGR1.search(w):
        w = _drop_last(w)
    return w


def stem(word: str) -> str:
    """lunr.js's ``porterStemmer`` (lengths count UTF-16 units, as in JavaScript)."""
    if len(word.encode("utf-16-le")) // 2 < 3:
        return word
    first = word[0]
    w = "Y" + word[1:] if first == "y" else word
    w = _step5(_step2_to_4(_step1(w)))
    return "y" + w[1:] if first == "y" else w
