"""Every text on every kind of page is marked with the language it is in (WCAG 3.1.1, 3.1.2).

The built sample portal is parsed as HTML: for each text node, the script of its
letters (Unicode character names: HANGUL, THAI, MYANMAR, ...) must be one its
language writes in, the language being the nearest ``lang`` around it. Latin
letters are allowed everywhere for codes and names (E-7, ICT), but a sentence of
Latin words (an English fallback) must carry a ``lang`` of a Latin-script
language. Text written the other way from its edition must carry ``dir``;
links to another edition carry ``hreflang``.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from conftest import parse

CODES = ["ko", "en", "vi", "th", "km", "lo", "my", "zh", "ru", "uz", "mn", "fil"]
ROUTES = ["", "consultation/", "settlement/emergency-help/", "visas/regional-e7/counter.html",
          "communities/koryoin/", "directory/language/ru/", "directory/integration-center/", "az/",
          "search/", "404.html", "visas/rules/"]
SCRIPTS = {  # the scripts a language writes in, besides Latin codes and names
    "ko": {"HANGUL", "CJK"}, "en": {"LATIN"}, "vi": {"LATIN"}, "uz": {"LATIN"}, "fil": {"LATIN"},
    "th": {"THAI"}, "km": {"KHMER"}, "lo": {"LAO"}, "my": {"MYANMAR"}, "zh": {"CJK"},
    "ru": {"CYRILLIC"}, "mn": {"CYRILLIC"},
}
LATIN_SENTENCE = re.compile(r"(?:\b[A-Za-z]*[a-z]{3,}\b[\s,.;:()'’-]+){3}")  # three words or more


def script_of(char: str) -> str | None:
    """The script of a letter or mark, from its Unicode name; None for digits, punctuation, symbols."""
    if unicodedata.category(char)[0] not in "LM":
        return None
    name = unicodedata.name(char, "")
    first = name.split(" ")[0]
    return first if first in {"HANGUL", "CJK", "LATIN", "THAI", "LAO", "KHMER", "MYANMAR", "CYRILLIC"} else None


def language_of(element) -> str:
    for node in [element, *element.parents]:
        if getattr(node, "get", None) and node.get("lang"):
            return node["lang"].split("-")[0]
    return ""


def unmarked_az_entry(text) -> bool:
    """Text of an A-Z entry that carries no lang: its language is search/az.py's to give
    (``AzEntry.lang``, another helper's part); the template marks whatever it gives."""
    for parent in text.parents:
        if parent.has_attr("lang"):
            return False
        if "az-list" in parent.get("class", []) or "az-letters" in parent.get("class", []):
            return True
        if parent.name == "h2" and "az-index" in parent.parent.get("class", []):  # a group's letter
            return True
    return False


def mismatches(doc) -> list[str]:
    found = []
    for text in doc.body.find_all(string=True):
        if text.parent.name in ("script", "style") or not text.strip():
            continue
        if unmarked_az_entry(text):
            continue
        lang = language_of(text.parent)
        allowed = SCRIPTS.get(lang, set())
        scripts = {script_of(char) for char in text} - {None, "LATIN"}
        if scripts - allowed:
            found.append(f"<{text.parent.name} lang={lang}> {text.strip()[:60]!r}: {sorted(scripts - allowed)}")
        elif "LATIN" not in allowed and LATIN_SENTENCE.search(text + " "):
            found.append(f"<{text.parent.name} lang={lang}> {text.strip()[:60]!r}: a Latin-script sentence")
    return found


@pytest.mark.parametrize("code", CODES)
def test_every_text_is_in_the_script_of_its_language(portal_output, code):
    problems = []
    for route in ROUTES:
        path = portal_output / code / route
        doc = parse(path / "index.html" if not route.endswith(".html") else path)
        assert doc.html["lang"].split("-")[0] == code
        problems += [f"{code}/{route}: {problem}" for problem in mismatches(doc)]
    assert problems == [], "\n".join(problems[:30])


def test_the_root_pages_mark_every_language(portal_output):
    for name in ("index.html", "404.html"):
        assert mismatches(parse(portal_output / name)) == [], name


@pytest.mark.parametrize("code", ["en", "my", "ru"])
def test_links_to_another_edition_say_so_with_hreflang(portal_output, code):
    doc = parse(portal_output / code / "settlement/emergency-help/index.html")
    original = doc.select_one(".site-footer .provenance a")
    assert original["hreflang"] == "ko" and not original.has_attr("lang"), "its text is in the edition's language"
    switcher = doc.select("nav.languages a")
    assert len(switcher) == len(CODES)
    for link in switcher:
        assert link["hreflang"] == link["lang"]  # a language's name, in that language
        assert not link.has_attr("dir"), "every edition here is left to right: no dir needed"


def test_text_in_another_language_is_marked_with_lang_and_dir_where_the_direction_differs():
    from babel import Locale
    from markupsafe import Markup

    from portal.languages import Language
    from portal.marks import ThemeText, in_language

    english = Language("en", Locale("en"), "English", "ltr", ())
    arabic = Language("ar", Locale("ar"), "العربية", "rtl", ("en",))
    assert in_language({"edition": english}, "العربية", arabic) == Markup('<span lang="ar" dir="rtl">العربية</span>')
    assert in_language({"edition": arabic}, "English", english) == Markup('<span lang="en" dir="ltr">English</span>')
    assert in_language({"edition": english}, "English", english) == Markup('<span lang="en">English</span>')
    # a newly added language without its theme catalog: the English it falls back to is marked
    ui = ThemeText({}, [arabic, english], arabic)
    assert ui("Menu") == Markup('<span lang="en" dir="ltr">Menu</span>')
    assert ui("Reported %(date)s", date="<b>") == Markup(
        '<span lang="en" dir="ltr">Reported <span lang="ar">&lt;b&gt;</span></span>')
    assert ThemeText({}, [english], english)("Menu") == Markup("Menu")
