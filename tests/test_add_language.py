"""Adding a language is one settings entry plus `portal init`; no code changes."""

from __future__ import annotations

import re
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po
from babel.plural import to_gettext

from conftest import REPO, parse, run_portal


def declare(settings: Path, entry: str) -> None:
    text = settings.read_text("utf-8")
    marker = "PORTAL_LANGUAGES = [\n"
    assert marker in text
    settings.write_text(text.replace(marker, marker + f"    {entry},\n", 1), "utf-8")


def test_adding_vietnamese_to_a_copy_of_the_fixture(site_copy):
    settings = site_copy / "pelicanconf.py"
    declare(settings, '{"code": "vi", "locale": "vi", "name": "Tiếng Việt", "fallback": ["en"]}')
    created = run_portal(settings, "init", "vi").stdout
    assert "created" in created

    catalog_path = site_copy / "translations/vi/content/guides/visa.po"
    with catalog_path.open("rb") as handle:
        catalog = read_po(handle)
    assert str(catalog.locale) == "vi"
    assert catalog.plural_forms == to_gettext(Locale("vi").plural_form)  # CLDR's rule, as Babel ships it
    assert "X-Portal-Provenance: draft" in catalog_path.read_text("utf-8")
    assert (site_copy / "translations/vi/theme.po").is_file()

    run_portal(settings, "build")
    output = site_copy / "output"
    for route in ["", "guides/", "guides/visa/", "guides/school/", "notices/", "notices/festival/"]:
        doc = parse(output / "vi" / route / "index.html")
        assert doc.html["lang"] == "vi"
    doc = parse(output / "vi/guides/visa/index.html")
    assert doc.select_one(".content p")["lang"] == "en"  # untranslated: falls back to English
    names = [a.get_text() for a in doc.select("nav.languages a")]
    assert "Tiếng Việt" in names
    # its theme catalog is still empty: the theme's English is shown, marked as English
    search = doc.select_one('header a[href$="/search/"] span[lang]')
    assert (search["lang"], search.get_text()) == ("en", "Search")
    assert doc.select_one(".site-footer .provenance span[lang=en]") is not None
    en = parse(output / "en/guides/visa/index.html")
    assert en.select_one('link[hreflang="vi"]')["href"] == "http://localhost:8000/vi/guides/visa/"


def test_init_refuses_an_undeclared_language(site_copy):
    result = run_portal(site_copy / "pelicanconf.py", "init", "vi", check=False)
    assert result.returncode != 0
    assert "language 'vi' is not declared" in result.stderr
    assert not (site_copy / "translations/vi").exists()


def test_a_right_to_left_language_renders_right_to_left(site_copy):
    settings = site_copy / "pelicanconf.py"
    declare(settings, '{"code": "ar", "locale": "ar", "name": "العربية"}')
    run_portal(settings, "init", "ar")
    run_portal(settings, "build")
    doc = parse(site_copy / "output/ar/guides/visa/index.html")
    assert (doc.html["lang"], doc.html["dir"]) == ("ar", "rtl")
    fallback = doc.select_one(".content p")
    assert (fallback["lang"], fallback["dir"]) == ("ko", "ltr")  # no fallback declared: the source
    chooser = parse(site_copy / "output/index.html")
    assert chooser.select_one('a[hreflang="ar"]')["dir"] == "rtl"
    # in the right-to-left edition, the left-to-right names and texts carry dir
    assert doc.select_one('nav.languages a[hreflang="ru"]')["dir"] == "ltr"
    assert doc.select_one('header a[href$="/search/"] span[lang="en"]')["dir"] == "ltr"
    assert not doc.select_one('nav.languages a[hreflang="ar"]').has_attr("dir")


PHYSICAL = re.compile(
    r"(?<![\w-])(margin|padding|border)-(left|right)\b|(?<![\w-])(left|right)\s*:|"
    r"text-align\s*:\s*(left|right)|float\s*:\s*(left|right)")


def test_theme_css_uses_logical_properties_only():
    for css in (REPO / "theme").rglob("*.css"):
        text = re.sub(r"/\*.*?\*/", "", css.read_text("utf-8"), flags=re.S)
        assert not PHYSICAL.search(text), f"{css}: physical property {PHYSICAL.search(text).group(0)}"
