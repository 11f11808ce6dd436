"""The library's markup checks on plain inputs: parsed inline trees, theme strings, escaping."""

from __future__ import annotations

import gettext
import io
from pathlib import PurePosixPath

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import Translations
from bs4 import BeautifulSoup
from jinja2 import Environment

from portal.checks import TranslationChecks, python_placeholders, theme_problems
from portal.inline import PLAIN, inline_markup, page_references
from portal.segments import new_markdown
from portal.site import host_allowed, is_offsite
from portal.source import SourcePage
from portal.theming import EscapedTranslations


@pytest.fixture(scope="module")
def md():
    return new_markdown()[0]


def test_emphasis_is_the_same_tree_whichever_way_it_is_spelled(md):
    stars = inline_markup(md, "a *b* and **c** and `d`")
    underscores = inline_markup(md, "a _b_ and __c__ and `d`")
    assert (stars.emphasis, stars.strong, stars.code) == (1, 1, ("d",))
    assert (underscores.emphasis, underscores.strong, underscores.code) == (1, 1, ("d",))
    assert inline_markup(md, "snake_case_name stays text").emphasis == 0  # intra-word: no emphasis
    assert inline_markup(md, "`*not emphasis*` in code").emphasis == 0


def test_links_of_every_spelling_are_links(md):
    references = {"ref": ("https://ref.example/page", None)}
    found = inline_markup(md, "[a](x.md) [b][ref] [ref] <https://auto.example/> <me@mail.example> "
                              "![pic](p.png) <a href=\"https://raw.example/\">r</a>", references)
    assert found.links == ("x.md", "https://ref.example/page", "https://ref.example/page",
                           "https://auto.example/", "mailto:me@mail.example", "https://raw.example/")
    assert found.resources == ("p.png",) and found.raw_links == ("https://raw.example/",)
    assert found.tags == {"a"}
    assert inline_markup(md, "[b][missing]").links == ()  # an undefined reference stays text


def test_raw_html_resources_and_placeholders(md):
    found = inline_markup(md, 'x <img src="//cdn.example/i.png"> <video poster="https://v.example/p.jpg"> '
                              "%(name)s {count} `%(code)s`")
    assert found.resources == ("//cdn.example/i.png", "https://v.example/p.jpg")
    assert found.tags == {"img", "video"}
    assert found.placeholders == ("%(name)s", "{count}")  # not the one in code


def test_a_message_without_markup_characters_is_not_parsed(md):
    assert inline_markup(md, "Plain words, digits 112 and punctuation.") is PLAIN


def test_references_come_from_the_page_body(md):
    body = "Text [a][one].\n\n[one]: https://one.example \"One\"\n"
    assert page_references(md, body) == {"one": ("https://one.example", "One")}
    assert page_references(md, "no definitions here") == {}


@pytest.mark.parametrize("href,offsite", [
    ("https://a.example/", True), ("//a.example", True), ("\\\\a.example", True), ("/\\a.example", True),
    ("mailto:a@b.example", True), ("tel:112", True), ("javascript:x", True), ("http://[", True),
    ("../visas/e7.md", False), ("#documents", False), ("{filename}x.md", False),
])
def test_what_leaves_the_site(href, offsite):
    assert is_offsite(href) is offsite


def test_allowed_hosts_include_their_subdomains():
    assert host_allowed("https://www.hikorea.go.kr/en", ["hikorea.go.kr"])
    assert not host_allowed("https://hikorea.go.kr.evil.example/", ["hikorea.go.kr"])
    assert not host_allowed("mailto:x@hikorea.go.kr", ["hikorea.go.kr"])


def page(body: str) -> SourcePage:
    return SourcePage(PurePosixPath("guide.md"), {"title": "t"}, body, 4)


def test_consistency_compares_trees_not_characters():
    checks = TranslationChecks(None)
    source = page("x")
    assert checks.consistency(source, "**굵게**와 *기울임*", "__bold__ and _italic_", "en") == []
    found = checks.consistency(source, "**굵게**와 *기울임*", "bold and _italic_", "en")
    assert found == [("translation's bold differs from the source: 1 in the msgid, 0 here",
                      "keep the same **bold** or __bold__ spans as the msgid")]
    assert checks.consistency(source, "`x` 값", "`x` value", "en") == []
    assert checks.consistency(source, "`x` 값", "x value", "en")[0][0] == \
        "translation's inline code differ from the source: missing x"


def test_source_images_must_be_local_and_links_markdown():
    checks = TranslationChecks(None)
    found = checks._page_resources(page('![a](https://cdn.example/a.png)\n\n<a href="https://x.example">x</a>\n'))
    assert [(line, message.split(" (")[0]) for line, message, _ in found] == [
        (4, "image 'https://cdn.example/a.png' is not a file of this site"),
        (6, "link to another site written as HTML")]


@pytest.mark.parametrize("text,names,broken", [
    ("%(count)s results", {"%(count)s"}, []),
    ("100%% sure", set(), []),
    ("%s and %(a)s", {"%(a)s"}, ["%s"]),
    ("50% off", set(), ["% o"]),  # a space flag and the octal conversion, to Python
    ("100%", set(), ["%"]),
    ("%(a)-5s", {"%(a)-5s"}, []),
])
def test_python_placeholders(text, names, broken):
    assert python_placeholders(text) == (names, broken)


def test_theme_problems_per_plural_form():
    msgid = ("%(num)s page", "%(num)s pages")
    assert theme_problems(msgid, ("%(num)s страница", "%(num)s страницы", "%(num)s страниц")) == []
    assert theme_problems(msgid, ("", "", "")) == []  # untranslated
    found = [message for message, _ in theme_problems(msgid, ("%(num)s страница", "страницы", ""))]
    assert found == ["plural form 1 (msgstr[1])'s placeholders differ from the msgid's: missing %(num)s",
                     "plural form 2 (msgstr[2]) is empty while other forms are filled"]
    assert theme_problems("Search", "Поиск <b>") == [(
        "translation contains HTML (<b>); theme texts are plain text",
        "write plain text only; type characters such as & or < themselves, never as &amp; or tags")]
    assert theme_problems("Q and A", "Q & A, a < b") == []


def compiled(strings: dict[str, str], locale: str = "ru") -> Translations:
    catalog = Catalog(locale=locale)
    for msgid, msgstr in strings.items():
        catalog.add(msgid, msgstr)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def test_theme_strings_are_escaped_text_along_the_fallback_chain():
    own = compiled({"Search": "Поиск"})
    own.add_fallback(compiled({"Results: %(count)s": 'x" onfocus="alert(1)" y="%(count)s'}))
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    env.install_gettext_translations(EscapedTranslations(own), newstyle=True)
    html = env.from_string('<p data-count="{{ _("Results: %(count)s", count=\'<b>\')|e }}">{{ _("Search") }}'
                           "{{ _('Missing &') }}</p>").render()
    element = BeautifulSoup(html, "html.parser").p
    assert set(element.attrs) == {"data-count"}
    assert element["data-count"] == 'x" onfocus="alert(1)" y="<b>'
    assert element.get_text() == "ПоискMissing &"
    assert isinstance(EscapedTranslations(gettext.NullTranslations()).gettext("<i>"), str)
