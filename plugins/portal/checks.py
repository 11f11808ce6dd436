"""What can be wrong with a translation, decided message by message.

Two kinds, as the style guide asks: *breaking* problems would damage the
page (a paragraph turned into a heading, a link to nowhere, raw HTML), so
the build refuses them; *consistency* problems (a dropped link or code
span, a Burmese text typed in Zawgyi) are reported by ``portal check``
and counted as warnings by the build.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import markdown

from .segments import block_signature
from .site import MARKDOWN_LINK, Site
from .source import SourcePage

INLINE_CODE = re.compile(r"`+[^`]+`+")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdif]|\{\w+\}")
HTML_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)\b[^>]*>")
AUTOLINK = re.compile(r"<(?:https?|mailto|tel):[^>]+>")
# Google's detector gives short, valid Unicode words up to ~0.96 ("ဘာသာစကား");
# real Zawgyi text scores above 0.9999.
ZAWGYI_THRESHOLD = 0.999

Finding = tuple[str, str]  # (message, hint)


def breaking_problems(md: markdown.Markdown, site: Site, page: SourcePage | None,
                      source: str, translation: str,
                      source_signatures: dict[str, tuple[str, ...]] | None = None) -> list[Finding]:
    """Problems that would break the page: the build refuses them.

    ``source_signatures`` caches the source's structure: the same msgid is
    checked once per language.
    """
    found: list[Finding] = []
    signatures = {} if source_signatures is None else source_signatures
    expected = signatures.get(source)
    if expected is None:
        expected = signatures[source] = block_signature(md, source)
    got = block_signature(md, translation)
    if expected != got:
        found.append((
            f"translation changes the Markdown structure from {'+'.join(expected) or 'text'} "
            f"to {'+'.join(got) or 'nothing'}: {translation[:60]!r}",
            "keep the translation one block like its source: no blank lines, and no '#', '-', "
            "'1.' or '>' at the start of a line"))
    for href in site.dangling_links(page, translation) if page is not None else []:
        found.append((f"translation links to '{href}', which does not exist",
                      "copy the link target from the msgid unchanged"))
    introduced = _tags(translation) - _tags(source)
    if introduced:
        found.append((f"translation adds raw HTML ({', '.join(sorted(introduced))})",
                      "write Markdown only: **bold**, *emphasis*, [text](link)"))
    return found


def _strong_markers(text: str) -> int:
    return INLINE_CODE.sub("", text).count("**")


def _emphasis_markers(text: str) -> int:
    return INLINE_CODE.sub("", text).replace("**", "").count("*")


def _tags(text: str) -> set[str]:
    return {m.group(1).lower() for m in HTML_TAG.finditer(AUTOLINK.sub("", text))}


def _differs(pattern: re.Pattern, source: str, translation: str) -> tuple[list[str], list[str]]:
    want, got = Counter(pattern.findall(source)), Counter(pattern.findall(translation))
    return sorted((want - got).elements()), sorted((got - want).elements())


def consistency_problems(source: str, translation: str, language_code: str) -> list[Finding]:
    """Differences a translator should look at; ``portal check`` fails on them."""
    found: list[Finding] = []
    checks = [
        (MARKDOWN_LINK, "link targets", "keep every link target of the msgid, translate only the link text"),
        (INLINE_CODE, "inline code", "copy `code` spans unchanged"),
        (PLACEHOLDER, "placeholders", "keep every %(name)s placeholder exactly"),
    ]
    for pattern, what, hint in checks:
        missing, extra = _differs(pattern, source, translation)
        if missing or extra:
            detail = "; ".join(part for part in (
                f"missing {', '.join(missing)}" if missing else "",
                f"added {', '.join(extra)}" if extra else "") if part)
            found.append((f"translation's {what} differ from the source: {detail}", hint))
    for what, count in (("bold (**)", _strong_markers), ("emphasis (*)", _emphasis_markers)):
        if count(source) != count(translation):
            found.append((f"translation's {what} markers differ from the source",
                          "keep the same number of **bold** and *emphasis* spans"))
    if language_code == "my" and zawgyi_probability(translation) > ZAWGYI_THRESHOLD:
        found.append(("Burmese translation looks typed in the Zawgyi encoding, not Unicode",
                      "convert it to Unicode (for example with a Zawgyi-to-Unicode converter) and "
                      "use a Unicode Burmese keyboard"))
    return found


@cache
def _zawgyi_detector():
    from myanmartools import ZawgyiDetector  # loads a model file: only when Burmese is checked

    return ZawgyiDetector()


def zawgyi_probability(text: str) -> float:
    if not any("\u1000" <= ch <= "\u109f" for ch in text):
        return 0.0
    return _zawgyi_detector().get_zawgyi_probability(text)
