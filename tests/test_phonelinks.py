"""Phone numbers: checked with libphonenumber, and linked in text by the Markdown extension."""

from __future__ import annotations

import pytest
from markdown.test_tools import TestCase

from portal.data.phones import find_phones, invalid_phones, is_phone, tel_uri
from portal.phonelinks import PhoneLinkExtension
from portal.segments import new_markdown


class TestPhoneLinks(TestCase):
    default_kwargs = {"extensions": [PhoneLinkExtension()]}

    def test_full_and_short_numbers_dial(self):
        self.assertMarkdownRenders(
            "Call 1577-1366 or 112, or the center on 031-123-4567.",
            '<p>Call <a class="tel" href="tel:+82-1577-1366">1577-1366</a> or '
            '<a class="tel" href="tel:112">112</a>, or the center on '
            '<a class="tel" href="tel:+82-31-123-4567">031-123-4567</a>.</p>')

    def test_korean_particles_and_emphasis(self):
        self.assertMarkdownRenders(
            "**1345**에 전화하세요. 119로도 됩니다.",
            '<p><strong><a class="tel" href="tel:1345">1345</a></strong>에 전화하세요. '
            '<a class="tel" href="tel:119">119</a>로도 됩니다.</p>')

    def test_years_counts_shares_and_dates_are_not_numbers_to_dial(self):
        source = "In 2024, 2,037 children; 630 of 1,210 places (52%); 20.5% on 2025-04-27; 11,104 people."
        self.assertMarkdownRenders(source, f"<p>{source}</p>")

    def test_numbers_in_links_and_code_are_left_alone(self):
        self.assertMarkdownRenders(
            "[1345 guide](calling.md) and `1345`, then 1345.",
            '<p><a href="calling.md">1345 guide</a> and <code>1345</code>, then '
            '<a class="tel" href="tel:1345">1345</a>.</p>')

    def test_an_invalid_number_is_not_linked(self):
        self.assertMarkdownRenders("Sample: 031-000-0000.", "<p>Sample: 031-000-0000.</p>")

    def test_table_cells_and_list_items(self):
        self.assertMarkdownRenders(
            "- 112 police\n- 119 fire",
            '<ul>\n<li><a class="tel" href="tel:112">112</a> police</li>\n'
            '<li><a class="tel" href="tel:119">119</a> fire</li>\n</ul>')

    def test_config_sets_the_class(self):
        self.assertMarkdownRenders("112", '<p><a class="dial" href="tel:112">112</a></p>',
                                   extensions=[PhoneLinkExtension(css_class="dial")])


def test_the_portal_converter_links_numbers_in_every_edition():
    md, _ = new_markdown()
    assert 'href="tel:+82-1661-0222"' in md.convert("Gọi 1661-0222 (máy lẻ 2).")


@pytest.mark.parametrize("number", ["112", "119", "1345", "1577-1366", "1661-0222", "02-212-3456",
                                    "010-2000-0000"])
def test_valid_numbers(number):
    assert is_phone(number)
    assert tel_uri(number).startswith("tel:")


@pytest.mark.parametrize("number", ["000-000-0000", "099-123-4567", "01-123-4567", "0000", "031-000-0000",
                                    "2024", "12345"])
def test_numbers_libphonenumber_rejects(number):
    assert not is_phone(number)
    with pytest.raises(ValueError):
        tel_uri(number)


def test_invalid_numbers_are_found_for_the_check():
    text = "Sample 031-000-0000, real 02-212-3456, 1577-1366, 2,037 and 2025-04-27."
    assert invalid_phones(text) == ["031-000-0000"]
    assert [p.raw for p in find_phones(text)] == ["02-212-3456", "1577-1366"]


def test_check_refuses_an_invalid_number_in_a_page_and_in_the_data(site_copy):
    from conftest import run_portal

    page = site_copy / "content/guides/visa.md"
    page.write_text(page.read_text("utf-8").replace("비자는 *체류 자격*입니다.",
                                                    "비자는 *체류 자격*입니다. 031-000-0000에 전화하세요."), "utf-8")
    data = site_copy / "content/data"
    data.mkdir(exist_ok=True)
    (data / "helplines.yml").write_text('- number: "112"\n  name: 경찰\n- number: 099-123-4567\n  name: 예시\n',
                                        "utf-8")
    result = run_portal(site_copy / "pelicanconf.py", "check", check=False)
    assert result.returncode != 0
    assert "content/guides/visa.md:6: error: '031-000-0000' is not a valid Korean phone number" in result.stderr
    assert ("content/data/helplines.yml:3: error: 'number' has the wrong value '099-123-4567': "
            "not a valid Korean phone number") in result.stderr
    assert "Traceback" not in result.stderr


def test_link_targets_and_code_are_not_numbers_for_the_check():
    """A link to notice-0009.md or page-0002.md, a code span, a URL: not running text, never dialled."""
    from portal.inline import links_only, running_text
    from portal.segments import new_markdown

    md = links_only(new_markdown()[0])
    text = ("[공지](notice-0009.md), [안내](../page-0002.md#details), `031-000-0000`, "
            "<https://example.org/031-000-0000> 그리고 031-000-0000")
    shown = running_text(md, text)
    assert "notice-0009" not in shown and "page-0002" not in shown and "example.org" not in shown
    assert invalid_phones(shown) == ["031-000-0000"]  # the one in the running text is still refused
    assert running_text(md, "1577-1366에 전화하세요.") == "1577-1366에 전화하세요."
