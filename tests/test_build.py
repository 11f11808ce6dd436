"""The fixture site built whole: every edition parsed and checked as HTML."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_percent

from conftest import parse

CODES = ["ko", "en", "ru", "uz"]
TAGS = {"ko": "ko", "en": "en", "ru": "ru", "uz": "uz-Latn"}
ROUTES = ["", "guides/", "guides/visa/", "guides/school/", "notices/", "notices/festival/"]


def page(output: Path, code: str, route: str):
    return parse(output / code / route / "index.html")


def test_every_page_exists_in_every_edition(fixture_output):
    for code in CODES:
        found = sorted(p.relative_to(fixture_output / code).as_posix()
                       for p in (fixture_output / code).rglob("index.html"))
        assert found == sorted(f"{route}index.html" for route in [*ROUTES, "az/", "search/"])
        for route in ["guides/visa/", "guides/school/", "notices/festival/"]:
            assert (fixture_output / code / route / "counter.html").is_file()
        assert (fixture_output / code / "404.html").is_file()
        assert (fixture_output / code / "feed.xml").is_file()
    assert (fixture_output / "index.html").is_file()
    assert (fixture_output / "images" / "steps.svg").is_file()


def test_html_lang_and_dir_match_the_edition(fixture_output):
    for code in CODES:
        for route in ROUTES:
            html = page(fixture_output, code, route).html
            assert html["lang"] == TAGS[code]
            assert html["dir"] == "ltr"


def test_language_switcher_names_each_language_in_its_own_script(fixture_output):
    doc = page(fixture_output, "ru", "guides/visa/")
    links = doc.select("nav.languages a")
    assert [a.get_text() for a in links] == ["한국어", "English", "Русский", "Oʻzbekcha"]
    assert [a["lang"] for a in links] == [TAGS[c] for c in CODES]
    current = [a for a in links if a.get("aria-current") == "page"]
    assert [a.get_text() for a in current] == ["Русский"]
    assert links[1]["href"] == "../../../en/guides/visa/"


def test_hreflang_alternates_cover_every_edition_and_x_default(fixture_output):
    doc = page(fixture_output, "en", "guides/school/")
    alternates = {link["hreflang"]: link["href"] for link in doc.select('link[rel="alternate"][hreflang]')}
    site = "http://localhost:8000"
    assert alternates == {
        "ko": f"{site}/ko/guides/school/", "en": f"{site}/en/guides/school/",
        "ru": f"{site}/ru/guides/school/", "uz-Latn": f"{site}/uz/guides/school/",
        "x-default": f"{site}/",
    }


def test_missing_translation_falls_back_with_its_own_lang(fixture_output):
    doc = page(fixture_output, "ru", "guides/visa/")
    quote = doc.select_one(".content blockquote p")
    assert quote.get_text() == "Please check this."
    assert quote["lang"] == "en"
    translated = doc.select_one(".content ul li")
    assert translated.get_text() == "Паспорт" and not translated.has_attr("lang")


def test_fuzzy_translation_is_not_shown_as_current(fixture_output):
    doc = page(fixture_output, "ru", "guides/visa/")
    last = doc.find("h2", id="마지막-단계")
    assert last.get_text() == "Last step"
    assert last["lang"] == "en"
    # the "fallback" policy tells the reader, in the edition's language where it has the words,
    # that the part shown in another language is being updated, and links the original
    notice = doc.select_one(".stale-notice")
    assert notice is not None and "another language" in notice.get_text()
    assert notice.a["hreflang"] == "ko" and not notice.a.has_attr("lang")
    assert page(fixture_output, "en", "guides/visa/").select_one(".stale-notice") is None


def test_fallback_follows_the_configured_chain(fixture_output):
    doc = page(fixture_output, "uz", "guides/visa/")
    assert doc.select_one("article h1").get_text() == "Viza haqida"
    assert not doc.select_one("article h1").has_attr("lang")
    first = doc.select_one(".content p")
    assert first["lang"] == "ru"
    assert first.em.get_text() == "статус пребывания"
    assert doc.select_one(".content blockquote p")["lang"] == "en"
    home = page(fixture_output, "uz", "")
    assert home.select_one("article h1, section h1")["lang"] == "ru"


def test_partial_pages_say_how_much_is_translated(fixture_output):
    partial = page(fixture_output, "ru", "guides/visa/").select_one("p.notice.partial")
    assert partial is not None
    assert format_percent(10 / 12, locale="ru") in partial.get_text()  # 10 of 12 messages, "83\xa0%"
    assert page(fixture_output, "en", "guides/visa/").select_one("p.notice.partial") is None
    assert page(fixture_output, "ko", "guides/visa/").select_one("p.notice.partial") is None


def test_links_in_translated_text_stay_in_the_edition(fixture_output):
    for code in CODES:
        doc = page(fixture_output, code, "guides/visa/")
        href = doc.select_one(".content p a")["href"]
        assert href == "../school/#documents"
        target = page(fixture_output, code, "guides/school/")
        assert target.find(id="documents") is not None


def test_heading_anchors_are_the_same_in_every_edition(fixture_output):
    ids = {code: [h["id"] for h in page(fixture_output, code, "guides/visa/").select(".content h2")]
           for code in CODES}
    assert ids["ko"] == ["documents", "마지막-단계"]
    assert all(found == ids["ko"] for found in ids.values())


def test_image_alt_text_is_translated_and_image_shared(fixture_output):
    img = page(fixture_output, "en", "guides/visa/").select_one(".content img")
    assert img["alt"] == "Three steps"
    assert img["src"] == "../../../images/steps.svg"


def test_code_blocks_are_left_alone(fixture_output):
    assert page(fixture_output, "en", "guides/visa/").select_one(".content pre code").get_text() == "1345\n"


def test_theme_strings_and_plurals_come_from_the_theme_catalog(fixture_output):
    ru = page(fixture_output, "ru", "guides/")
    assert ru.select_one("a.skip-link").get_text() == "Перейти к содержанию"
    assert ru.select_one("section h2").get_text() == "2 страницы в разделе"
    ko = page(fixture_output, "ko", "guides/")
    assert ko.select_one("a.skip-link").get_text() == "본문으로 건너뛰기"
    assert ko.select_one("section h2").get_text() == "이 분류의 페이지 2개"
    en = page(fixture_output, "en", "guides/")
    assert en.select_one("section h2").get_text() == "2 pages in this section"


def test_dates_follow_cldr_for_the_edition(fixture_output):
    modified = dt.date(2025, 6, 1)
    for code, locale in [("en", "en"), ("ru", "ru"), ("ko", "ko"), ("uz", "uz_Latn")]:
        dates = page(fixture_output, code, "guides/visa/").select_one(".dates").get_text()
        assert format_date(modified, "long", locale=locale) in dates
    assert "1 июня 2025" in page(fixture_output, "ru", "guides/visa/").select_one(".dates").get_text()


def test_root_chooser_lists_every_language(fixture_output):
    doc = parse(fixture_output / "index.html")
    links = doc.select(".language-list a")
    assert [(a["href"], a["lang"]) for a in links] == [(f"./{c}/", TAGS[c]) for c in CODES]
    assert [a.select_one(".language-name").get_text() for a in links] == \
        ["한국어", "English", "Русский", "Oʻzbekcha"]


def test_atom_feed_per_edition(fixture_output):
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    for code in CODES:
        root = ET.parse(fixture_output / code / "feed.xml").getroot()
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == TAGS[code]
        links = [e.get("href") for e in root.findall("atom:entry/atom:link", ns)]
        assert links == [f"http://localhost:8000/{code}/notices/festival/"]
    en_title = ET.parse(fixture_output / "en" / "feed.xml").getroot().find("atom:entry/atom:title", ns)
    assert en_title.text == "Festival news"


def test_404_page_per_edition(fixture_output):
    ru = parse(fixture_output / "ru" / "404.html")
    assert ru.html["lang"] == "ru"
    assert ru.h1.get_text() == "Страница не найдена"


def test_translation_dashboard_and_its_json(fixture_output):
    data = json.loads((fixture_output / "status.json").read_text("utf-8"))
    assert list(data) == ["en", "ru", "uz"]
    visa = data["ru"]["pages"]["guides/visa.md"]["messages"]
    assert visa == {"translated": 10, "fuzzy": 1, "untranslated": 1}
    assert data["ru"]["stale"] == [{"page": "guides/visa.md", "source": "마지막 단계", "previous": None,
                                    "translation": "Последний шаг (устарело)"}]
    assert data["en"]["percent"] == 100.0 and data["en"]["provenance"] == "draft"
    doc = parse(fixture_output / "status" / "index.html")
    rows = [[cell.get_text() for cell in row.find_all(["th", "td"])]
            for row in doc.select("table.status-table")[0].select("tbody tr")]
    assert [row[0] for row in rows] == ["English", "Русский", "Oʻzbekcha"]
    ru = data["ru"]["messages"]
    assert rows[1][3:5] == [str(ru["fuzzy"]), str(ru["untranslated"])] == ["1", "5"]
    assert doc.select_one("#status-ru .stale-list dd").get_text() == "마지막 단계"


def test_each_language_s_dashboard_details_its_own_pages_and_links_to_the_others(fixture_output):
    source = parse(fixture_output / "status" / "index.html")
    assert [section["id"] for section in source.select("section[id^=status-]")] == [
        "status-en", "status-ru", "status-uz"]
    ru = parse(fixture_output / "status" / "ru" / "index.html")
    assert ru.html["lang"] == "ru"
    assert [section["id"] for section in ru.select("section[id^=status-]")] == ["status-ru"]
    links = {link.get_text(): (link["href"], link.get("hreflang"))
             for link in ru.select("table.status-table")[0].select("tbody th a")}
    assert links["Русский"] == ("#status-ru", None)
    href, hreflang = links["English"]
    assert hreflang == "en" and href.endswith("status/en/#status-en")
    target = (fixture_output / "status" / "ru" / href.partition("#")[0]).resolve() / "index.html"
    assert parse(target).select_one("section#status-en") is not None


def test_every_translated_edition_says_it_is_an_unreviewed_draft(fixture_output):
    for code in ["en", "ru", "uz"]:
        assert page(fixture_output, code, "guides/visa/").select_one("footer .provenance") is not None
    assert page(fixture_output, "ko", "guides/visa/").select_one("footer .provenance") is None
