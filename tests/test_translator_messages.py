"""Block-structure problems said in a translator's terms, each with the fix (parsed by the
portal's own converter, so what is called a heading is what the page would render as one)."""

from __future__ import annotations

import pytest

from portal.checks import TranslationChecks


@pytest.mark.parametrize(("translation", "message", "hint"), [
    ("# Passport", "this translation starts a new heading (#) where the original is a paragraph",
     "remove the # at the start"),
    ("- Passport", "this translation starts a new bulleted list (- or *) where the original is a paragraph",
     "remove the - or * at the start"),
    ("1. Passport", "this translation starts a new numbered list (1.) where the original is a paragraph",
     "remove the number and dot (1.) at the start"),
    ("> Passport", "this translation starts a new quote (>) where the original is a paragraph",
     "remove the > at the start"),
    ("Pass\n\nport", "this translation is 2 blocks where the original is a paragraph", "remove the blank lines"),
    ("# Pass\n\nport", "this translation makes a heading and a paragraph where the original is a paragraph",
     "no blank lines"),
])
def test_each_structure_change_is_named_with_its_fix(translation, message, hint):
    found = TranslationChecks(None).breaking(None, "여권", translation)
    assert len(found) == 1, found
    assert found[0][0].startswith(message), found
    assert hint in found[0][1]


def test_a_heading_translated_as_a_heading_text_is_fine():
    assert TranslationChecks(None).breaking(None, "필요한 서류", "Documents you need") == []
