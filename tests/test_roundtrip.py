"""Round trip: catalogs whose every msgstr equals its msgid reproduce the Korean HTML."""

from __future__ import annotations

from conftest import FIXTURE_SITE, REPO
from portal.cli import load_settings
from portal.editions import EditionRenderer, TranslationSet
from portal.project import prepare
from portal.translation import Entry


def identity_translations(prepared) -> TranslationSet:
    identity = TranslationSet()
    for path, found in prepared.messages.items():
        entries = {message: Entry(message, False, line) for message, line in found.messages}
        identity.pages.add("en", path, entries)
    return identity


def assert_round_trip(settings_file):
    prepared = prepare(load_settings(str(settings_file)))
    languages = prepared.settings.languages
    korean = EditionRenderer(prepared.site, languages, languages.source, prepared.translations, None)
    mirrored = EditionRenderer(prepared.site, languages, languages["en"],
                               identity_translations(prepared), None)
    assert prepared.site.pages
    for page in prepared.site.pages.values():
        source, copy = korean.render(page), mirrored.render(page)
        assert copy.content == source.content, page.path
        assert copy.title == source.title
        assert copy.coverage.complete


def test_round_trip_of_the_sample_portal():
    assert_round_trip(REPO / "pelicanconf.py")


def test_round_trip_of_the_fixture_site():
    assert_round_trip(FIXTURE_SITE / "pelicanconf.py")
