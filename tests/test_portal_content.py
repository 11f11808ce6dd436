"""The sample portal's generated pages agree with its data, in every edition."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from conftest import REPO, parse

DATA = REPO / "content" / "data"
CODES = ["ko", "en", "vi", "th", "km", "lo", "my", "zh", "ru", "uz", "mn", "fil"]
BUILD_DATE = dt.date(2025, 12, 1)


def load(name: str):
    return yaml.safe_load((DATA / f"{name}.yml").read_text("utf-8"))


POINTS = load("service-points")
COMMUNITIES = load("communities")


def point_ids(doc, selector: str = ".points .point") -> list[str]:
    return [a.select_one("h3 a")["href"].rstrip("/").rsplit("/", 1)[1] for a in doc.select(selector)]


def spoken(point) -> set[str]:
    codes = set(point.get("languages", []))
    for phone in point.get("phones", []):
        codes |= set(phone.get("languages", []))
    return codes


@pytest.mark.parametrize("code", CODES)
def test_every_generated_page_exists_in_every_edition(portal_output, code):
    root = portal_output / code
    for community in COMMUNITIES:
        assert (root / "communities" / community["id"] / "index.html").is_file()
    for point in POINTS:
        assert (root / "directory" / point["id"] / "index.html").is_file()
    for city in {p["city"] for p in POINTS}:
        assert (root / "directory/city" / city / "index.html").is_file()
    for guide in (REPO / "content").glob("*/*.md"):
        if guide.name != "index.md":
            route = guide.relative_to(REPO / "content").with_suffix("")
            assert (root / route / "index.html").is_file()
            assert (root / route / "counter.html").is_file()
    assert (root / "visas/rules/index.html").is_file()


@pytest.mark.parametrize("community", COMMUNITIES, ids=lambda c: c["id"])
def test_community_pages_list_exactly_the_points_that_speak_their_language(portal_output, community):
    wanted = set(community["languages"]) - {"ko"}
    named = set(community.get("service_points", []))
    expected_spoken = {p["id"] for p in POINTS if p["id"] in named or wanted & spoken(p)}
    expected_interpreted = {p["id"] for p in POINTS if p["id"] not in expected_spoken
                            and wanted & set(p.get("interpretation_languages", []))}
    for code in ["ko", "en", community["languages"][0]]:
        doc = parse(portal_output / code / "communities" / community["id"] / "index.html")
        help_list = doc.find(id="help").find_next_sibling("ul")
        assert set(point_ids(help_list, ".point")) == expected_spoken
        interpreted = doc.find(id="interpreters")
        found = set(point_ids(interpreted.find_next_sibling("ul"), ".point")) if interpreted else set()
        assert found == expected_interpreted


def language_name(code: str, edition: str) -> str:
    from babel import Locale

    locale = {"zh": "zh_Hans", "uz": "uz_Latn"}.get(edition, edition)
    return Locale.parse(code.replace("-", "_")).get_display_name(Locale.parse(locale))


@pytest.mark.parametrize("code", ["en", "ru", "my", "km"])
def test_every_card_shows_the_language_it_is_listed_for_and_counts_match(portal_output, code):
    for community in COMMUNITIES:
        wanted = set(community["languages"]) - {"ko"}
        doc = parse(portal_output / code / "communities" / community["id"] / "index.html")
        for card in doc.find(id="help").find_next_sibling("ul").select(".point"):
            point_id = card.select_one("h3 a")["href"].rstrip("/").rsplit("/", 1)[1]
            if point_id in community.get("service_points", []):
                continue  # listed by name, not for a language
            shown = card.get_text(" ")
            assert any(language_name(lang, code) in shown for lang in wanted), \
                f"{code}/{community['id']}: a card listed for its languages shows none of them: {shown[:200]}"
    for key in {lang for p in POINTS for lang in spoken(p) | set(p.get("interpretation_languages", []))}:
        doc = parse(portal_output / code / "directory" / "language" / key / "index.html")
        cards = doc.select(".points .point")
        heading = doc.select_one("h2.filter-count").get_text()
        assert str(len(cards)) in heading.replace("\u00a0", " "), (key, heading)
        for card in cards:
            assert language_name(key, code) in card.get_text(" "), (code, key)
        # one set of controls: the links (no JavaScript) or the form (directory.js shows it, hides them)
        assert doc.select_one("details.filters[data-filter-links]")
        assert doc.select_one("form[data-directory-filter][hidden]")


def test_community_page_links_to_the_communitys_own_language(portal_output):
    doc = parse(portal_output / "ko/communities/uzbekistan/index.html")
    link = doc.select_one(".community-language a")
    assert (link["href"], link["hreflang"], link.get_text()) == ("../../../uz/communities/uzbekistan/", "uz-Latn",
                                                                  "Oʻzbekcha")
    assert parse(portal_output / "uz/communities/uzbekistan/index.html").select_one(".community-language") is None


def test_community_pages_list_the_guides_tagged_for_them(portal_output):
    tagged = sorted(p.relative_to(REPO / "content").with_suffix("").as_posix()
                    for p in (REPO / "content").rglob("*.md")
                    if "koryoin" in (yaml.safe_load(p.read_text("utf-8").split("---")[1]).get("communities") or []))
    assert tagged
    doc = parse(portal_output / "en/communities/koryoin/index.html")
    links = sorted(a["href"].removeprefix("../../../en/").rstrip("/")
                   for a in doc.find(id="guides").find_next_sibling("ul").select("li > a"))
    assert links == tagged


@pytest.mark.parametrize("dimension,key_of", [
    ("city", lambda p: {p["city"]}),
    ("language", lambda p: spoken(p) | set(p.get("interpretation_languages", []))),
    ("service", lambda p: set(p.get("services", []))),
])
def test_filter_pages_agree_with_the_data(portal_output, dimension, key_of):
    keys = set().union(*(key_of(p) for p in POINTS))
    for key in keys:
        expected = {p["id"] for p in POINTS if key in key_of(p)}
        for code in ["ko", "th"]:
            doc = parse(portal_output / code / "directory" / dimension / key / "index.html")
            assert set(point_ids(doc)) == expected, (dimension, key, code)
    listed = {d.name for d in (portal_output / "en/directory" / dimension).iterdir()}
    assert listed == keys


def test_expired_rules_are_flagged_and_current_ones_not(portal_output):
    visas = load("visas")
    doc = parse(portal_output / "en/visas/rules/index.html")
    for visa in visas:
        section = doc.find(id=visa["code"].lower())
        expired = "expires" in visa and visa["expires"] < BUILD_DATE
        assert (section.select_one(".expired-notice") is not None) == expired, visa["code"]
    assert any("expires" in v and v["expires"] < BUILD_DATE for v in visas), "the sample has an expired rule"


def test_help_bar_is_in_the_same_place_and_order_on_every_kind_of_page(portal_output):
    helplines = load("helplines")
    for code in ["en", "ru", "my"]:
        # emergency lines first, then those answering in the edition's language, then the others
        order = sorted(helplines, key=lambda h: 0 if h.get("emergency") else 1 if code in h.get("languages", [])
                       + [c for g in h.get("language_hours", []) for c in g["languages"]] else 2)
        bars = set()
        for route in ["index.html", "visas/regional-e7/index.html", "directory/index.html",
                      "communities/vietnam/index.html", "404.html", "visas/rules/index.html", "az/index.html"]:
            doc = parse(portal_output / code / route)
            bar = doc.body.find("aside", class_="help-bar")
            assert bar is not None and bar.find_previous_sibling("main") is not None, route
            assert bar.find("h2").get_text(strip=True), "the help bar has a visible heading"
            assert [a.get_text() for a in bar.select("a.tel")] == [h["number"] for h in order], (code, route)
            bars.add(str(bar))
        assert len(bars) == 1, f"{code}: the help bar differs between pages"
    my = parse(portal_output / "my/index.html").body.find("aside", class_="help-bar")
    danuri = next(li for li in my.select("li") if "1577-1366" in li.get_text())
    assert "Burmese" not in danuri.get_text() and "မြန်မာ" not in danuri.get_text()  # Danuri has no Burmese
    en = parse(portal_output / "en/index.html").body.find("aside", class_="help-bar")
    line = next(li for li in en.select("li") if "1661-0222" in li.get_text())
    assert "Sun–Thu" in line.get_text() and "April 2025" in line.get_text()


def test_quick_exit_only_on_sensitive_pages(portal_output):
    assert parse(portal_output / "en/settlement/domestic-violence/index.html").select_one("[data-quick-exit]")
    assert parse(portal_output / "en/visas/regional-e7/index.html").select_one("[data-quick-exit]") is None


def test_service_point_page_has_tel_links_map_link_and_json_ld(portal_output):
    doc = parse(portal_output / "en/directory/integration-center/index.html")
    assert doc.select_one(".phones a")["href"] == "tel:+82-2-212-3456"
    assert doc.select_one('a[href^="geo:0,0?q="]') is not None
    data = json.loads(doc.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "GovernmentService"
    assert data["provider"]["contactPoint"][0]["telephone"] == "+82-2-212-3456"
    assert "vi" in data["availableLanguage"]


def test_counter_view_pairs_every_block_with_the_original(portal_output):
    guide = parse(portal_output / "en/visas/regional-e7/index.html")
    counter = parse(portal_output / "en/visas/regional-e7/counter.html")
    rows = counter.select("table.side-by-side tbody tr")
    assert len(rows) == len(guide.select_one(".content").find_all(recursive=False))
    mine, original = rows[0].find_all("td")
    assert original["lang"] == "ko" and "E-7" in original.get_text()
    assert "visa" in mine.get_text().lower()
    links = [a["href"] for a in counter.select("table a[href]")]
    assert "../../notices/2025-03-regional-visa-quota/" in links  # relative to the guide's folder


def test_every_service_point_is_marked_sample_data():
    """No address, phone number or opening time in the sample data is a checked fact."""
    assert all(point.get("sample") is True for point in POINTS)
