"""Languages: declared once, everything else derived from CLDR."""

from __future__ import annotations

import pytest
from babel import Locale
from babel.messages.plurals import get_plural

from portal.languages import load_languages
from portal.problems import PortalError

ENTRIES = [
    {"code": "ko", "locale": "ko", "name": "한국어"},
    {"code": "en"},
    {"code": "ru", "fallback": ["en"]},
    {"code": "uz", "locale": "uz_Latn", "fallback": ["ru", "en"]},
    {"code": "my", "fallback": ["en"]},
    {"code": "fil"},
    {"code": "zh", "locale": "zh_Hans", "name": "简体中文"},
    {"code": "ur"},
]


def test_fallback_chains_end_with_the_source():
    languages = load_languages(ENTRIES, "ko")
    assert [lang.code for lang in languages.chain(languages["uz"])] == ["uz", "ru", "en", "ko"]
    assert [lang.code for lang in languages.chain(languages["fil"])] == ["fil", "ko"]
    assert languages.source.code == "ko" and languages["ko"].fallback == ()


def test_tags_names_and_directions_come_from_cldr():
    languages = load_languages(ENTRIES, "ko")
    assert languages["zh"].tag == "zh-Hans" and languages["uz"].tag == "uz-Latn"
    assert languages["zh"].name == "简体中文"  # declared
    assert languages["ru"].name == "русский"  # from CLDR when not declared
    assert languages["ur"].direction == "rtl" and languages["en"].direction == "ltr"


def test_plural_forms_come_from_cldr_not_babels_gettext_table():
    languages = load_languages(ENTRIES, "ko")
    assert languages["my"].plural_forms.startswith("nplurals=1;")
    assert languages["fil"].plural_forms.startswith("nplurals=2;")
    assert "n % 10" in languages["fil"].plural_forms  # Filipino's own rule, not (n != 1)
    assert languages["ru"].plural_forms.startswith("nplurals=4;")
    assert get_plural(Locale("ru")).num_plurals == 3  # Babel's gettext table has no "many"


def test_every_problem_in_the_declaration_is_reported(tmp_path):
    settings = tmp_path / "pelicanconf.py"
    settings.write_text('LANGS = [\n  {"code": "ko"},\n  {"code": "xx", "locale": "xx_Nope"},\n'
                        '  {"code": "vi", "fallback": ["kk"], "colour": "red"},\n]\n')
    with pytest.raises(PortalError) as caught:
        load_languages([{"code": "ko"}, {"code": "xx", "locale": "xx_Nope"},
                        {"code": "vi", "fallback": ["kk"], "colour": "red"}], "ko", settings)
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith(f"{settings}:3: error: language 'xx': unknown CLDR locale") for m in messages)
    assert any(m.startswith(f"{settings}:4: error: language 'vi' has unknown keys ['colour']")
               for m in messages)
    assert any("falls back to 'kk', which is not declared" in m for m in messages)


def test_the_source_language_must_be_declared():
    with pytest.raises(PortalError, match="source language 'ko' is not in PORTAL_LANGUAGES"):
        load_languages([{"code": "en"}], "ko")
