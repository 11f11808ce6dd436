"""Content and translations are untrusted: no script gets from them into a page."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from conftest import run_portal

ATTACKS = {
    # translation of an existing message -> what a malicious translator writes
    "Passport": "Passport [click](javascript:alert(1))",
    "Photo": "Photo ![x](javascript:alert(2))",
    "Please check this.": "Please check this. [mail](vbscript:msgbox(3))",
}
REFUSED = {
    "Test portal": "<script>alert(4)</script>Test portal",
    "Children can go to school.": 'Children can go to school. <img src=x onerror="alert(5)">',
}


def set_msgstr(catalog: Path, old: str, new: str) -> None:
    text = catalog.read_text("utf-8")
    assert f'msgstr "{old}"' in text, old
    catalog.write_text(text.replace(f'msgstr "{old}"', f'msgstr "{new}"'.replace('="alert(5)"', '=\\"alert(5)\\"')),
                       "utf-8")


def assert_no_script_from_input(output: Path) -> int:
    checked = 0
    for page in output.rglob("*.html"):
        doc = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for script in doc.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", f"{page}: inline script"
            if script.get("src"):
                assert "/theme/js/" in script["src"], f"{page}: script from {script['src']}"
        for element in doc.find_all(True):
            for name, value in element.attrs.items():
                assert not name.lower().startswith("on"), f"{page}: {element.name} has {name}"
                if name in ("href", "src") and isinstance(value, str):
                    assert not value.strip().lower().startswith(("javascript:", "vbscript:", "data:")), \
                        f"{page}: {element.name} {name}={value}"
        checked += 1
    return checked


def msgstr_line(catalog: Path, text: str) -> int:
    lines = catalog.read_text("utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line == f'msgstr "{text}"')
    while not lines[index].startswith("msgid"):
        index -= 1
    return index + 1


def test_translated_links_with_script_urls_are_refused_with_their_line(site_copy):
    settings = site_copy / "pelicanconf.py"
    catalog = site_copy / "translations/en/content/guides/visa.po"
    for old, new in ATTACKS.items():
        set_msgstr(catalog, old, new)
    result = run_portal(settings, "build", check=False)
    assert result.returncode == 2
    for text, target in zip(ATTACKS.values(), ["javascript:alert(1)", "javascript:alert(2)", "vbscript:msgbox(3)"],
                            strict=True):
        line = msgstr_line(catalog, text)
        assert f"translations/en/content/guides/visa.po:{line}: error: translation adds " in result.stderr
        assert f"'{target}', which its source does not have" in result.stderr
    assert not (site_copy / "output").exists()


def test_script_urls_and_handlers_in_the_source_are_neutralised(site_copy):
    settings = site_copy / "pelicanconf.py"
    source = site_copy / "content/guides/school.md"
    source.write_text(source.read_text("utf-8") + (
        "\n<script>alert(6)</script>\n\n<div onclick=\"alert(7)\">클릭</div>\n\n"
        "[링크](javascript:alert(8))\n\n![그림](../images/steps.svg){onerror=alert(9)}\n"), "utf-8")
    run_portal(settings, "build")
    assert assert_no_script_from_input(site_copy / "output") > 20
    doc = BeautifulSoup((site_copy / "output/ko/guides/school/index.html").read_text("utf-8"), "html.parser")
    link = next(a for a in doc.select(".content a") if a.get_text() == "링크")
    assert link.get("href") is None  # the text stays, the link goes


def test_raw_html_in_a_translation_is_refused_with_its_line(site_copy):
    settings = site_copy / "pelicanconf.py"
    set_msgstr(site_copy / "translations/en/content/index.po", "Test portal", REFUSED["Test portal"])
    set_msgstr(site_copy / "translations/en/content/guides/school.po", "Children can go to school.",
               REFUSED["Children can go to school."])
    result = run_portal(settings, "build", check=False)
    assert result.returncode == 2
    assert "translations/en/content/index.po:" in result.stderr
    assert "translation adds raw HTML (script)" in result.stderr
    assert "translation adds raw HTML (img)" in result.stderr


def test_an_unclosed_tag_in_an_editor_s_raw_html_stays_inside_its_block(site_copy):
    """Each block is cleaned on its own (``sanitize.sanitize_blocks``): under HTML's rules an
    unclosed ``<strong>`` would otherwise make every paragraph after it bold."""
    source = site_copy / "content/guides/school.md"
    source.write_text(source.read_text("utf-8") + "\n굵게 <strong>시작\n\n다음 문단입니다.\n", "utf-8")
    run_portal(site_copy / "pelicanconf.py", "build")
    page = BeautifulSoup((site_copy / "output/ko/guides/school/index.html").read_text("utf-8"), "html.parser")
    opened = next(p for p in page.select(".content p") if "시작" in p.get_text())
    after = next(p for p in page.select(".content p") if "다음 문단" in p.get_text())
    assert opened.find("strong") is not None
    assert after.find("strong") is None and after.find_parent("strong") is None
    counter = BeautifulSoup((site_copy / "output/en/guides/school/counter.html").read_text("utf-8"), "html.parser")
    original = next(cell for cell in counter.select(".side-by-side td[lang]") if "다음 문단" in cell.get_text())
    assert original.find("strong") is None and original.find_parent("strong") is None
