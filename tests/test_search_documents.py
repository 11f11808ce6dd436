"""The search documents' fast reader against the reader it replaced.

``split_sections`` reads markup shaped like the sanitizer's with one
regular expression and leaves anything else to ``html.parser``. The
reference below is the HTMLParser-based reader it replaced, kept as the
spec: on every rendered page of the sample site, on hand-written edge
cases and on generated markup, both must give exactly the same sections.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.search.documents import (
    INLINE,
    SECTION_HEADINGS,
    SKIPPED,
    VOID,
    _well_formed_events,
    split_sections,
)

SPACES = re.compile(r"\s+")


class ReferenceParser(HTMLParser):
    """The reader split_sections used until it read markup with one regular expression."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections: list[tuple[str, str, list[str], str]] = [("", "", [], "")]
        self.stack: list[tuple[str, bool]] = []  # (tag, excluded)
        self.heading: tuple[str, list[str], str] | None = None  # (id, text so far, lang)

    @property
    def excluded(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        excluded = self.excluded or tag in SKIPPED or "data-search-exclude" in attributes or (
            "search-exclude" in (attributes.get("class") or "").split())
        if not excluded:
            self._separate(tag)
            if tag == "img" and attributes.get("alt"):
                self._text(f" {attributes['alt']} ")
            if tag in SECTION_HEADINGS and attributes.get("id"):
                self.heading = (attributes["id"], [], attributes.get("lang") or "")
        if tag not in VOID:
            self.stack.append((tag, excluded))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID or not any(open_tag == tag for open_tag, _ in self.stack):
            return
        while self.stack:
            open_tag, excluded = self.stack.pop()
            if open_tag == tag:
                break
        if not excluded:
            self._separate(tag)
            if tag in SECTION_HEADINGS and self.heading is not None:
                anchor, parts, lang = self.heading
                self.sections.append((SPACES.sub(" ", "".join(parts)).strip(), anchor, [], lang))
                self.heading = None

    def handle_data(self, data):
        if not self.excluded:
            self._text(data)

    def _separate(self, tag: str) -> None:
        if tag not in INLINE:
            self._text(" ")

    def _text(self, data: str) -> None:
        if self.heading is not None:
            self.heading[1].append(data)
        else:
            self.sections[-1][2].append(data)


def reference(html: str) -> list[tuple[str, str, str, str]]:
    parser = ReferenceParser()
    parser.feed(html)
    parser.close()
    return [(heading, anchor, SPACES.sub(" ", "".join(parts)).strip(), lang)
            for heading, anchor, parts, lang in parser.sections]


def sections_of(html: str) -> list[tuple[str, str, str, str]]:
    return [(s.heading, s.anchor, s.text, s.lang) for s in split_sections(html)]


# Markup the fast reader reads itself: each must give the reference's sections without HTMLParser.
WELL_FORMED = [
    "",
    "plain text, no markup",
    "<p>Unclosed <b>bold<p>next<div>deeper",
    "<div><p>one</div>after</p>stray</span></h2>end",
    "</p></h2></div>only stray end tags",
    "<h2 id=a>Open heading never closed<p>text",
    "<h2 id='a'>Outer <h3 id=\"b\">inner</h3> rest</h2><p>body</p>",
    "<h2 id=a><h2 id=b>twice</h2></h2>after",
    "<h2 id=\"\">empty id</h2><h3>no id</h3><h2 id=x lang=en>With lang</h2>x",
    "<p>&amp; &#x27; &#39; &nbsp; &lt;tag&gt; &copy &notanentity; &#xZZ; & alone &amp</p>",
    "<p title='&amp;&quot;' alt=\"&lt;\">attr entities</p><img alt='a &amp; b'><img alt=''><img alt>",
    "<P CLASS=\"Search-Exclude\">Upper</P><DIV DATA-SEARCH-EXCLUDE>hidden</DIV><H2 ID=Up>Heading</H2>",
    "<div data-search-exclude><div><p>nested <span class=x>hidden</span></p></div>still hidden</div>shown",
    "<div class=\"a search-exclude b\"><h2 id=h>hidden heading</h2></div>text",
    "<section data-search-exclude=\"\"><img alt=gone></section><img alt=kept>",
    "<div data-search-exclude><p>open inside</div>after the excluded div",
    "<p>a<!-- a comment <p>not a tag</p> -->b<!---->c<!-- -- - ->d -- >e</p>",
    "<!DOCTYPE html><html><head><title>T</title></head><body><p>x</p></body></html>",
    "<script>if (a < b && c > d) { x = '</p>'; }</script>after",
    "<SCRIPT type=module>let s = '<h2 id=x>';</Script >after<style>p{}</STYLE>more",
    "<script>never closed <p>text</p>",
    "<script/>text after a self-closed script",
    "<template><p>t</p></template><noscript>n</noscript>x",
    "<br/><br /><hr><img src=a.png alt=\"x\"/><p/>after<span/>s<h2 id=e/>empty heading",
    "<input disabled checked value=yes><a href=x/>bare slash</a>",
    "<a href=\"x\" href=\"y\" id=one id=two>repeated</a>",
    "<p\tclass=\"x\"\nid = \"y\"\r\n>whitespace in tags</p >",
    "ดูผลได้ที่<a href=x>ประกาศ</a>ด้วย<ruby>漢<rt>kan</rt></ruby>",
    "<ul><li>one<li>two</ul><table><tr><td>a<td>b</table>",
    "text with > and >> but no less-than",
]

# Markup it leaves to HTMLParser: the sections must still be the reference's.
IRREGULAR = [
    "a < b and 1<2",
    "<p>trailing <",
    "<p>unfinished <a href=\"x",
    "<p>unfinished tag <a",
    "<?xml version=\"1.0\"?><p>pi</p>",
    "<![CDATA[ raw <p> ]]><p>after</p>",
    "<!unknown declaration><p>x</p>",
    "<!-- never closed <p>x</p>",
    "<a\xa0b>unicode space in a tag name</a\xa0b>",
    "<p class=\"x\"id=\"y\">no space between attributes</p>",
    "<p a=b\"c>quote in a bare value</p>",
    "<p a= >empty bare value</p>",
    "<br/ >slash then space",
    "<p / class=x>slash inside</p>",
    "</ p>spaced end tag</p\x0b>",
    "<script>x</\u017fcript>long s</script>after",
    "<p>&#</p>&",
]


@pytest.mark.parametrize("html", WELL_FORMED)
def test_well_formed_markup_is_read_by_the_fast_reader_into_the_reference_sections(html):
    assert _well_formed_events(html) is not None
    assert sections_of(html) == reference(html)


@pytest.mark.parametrize("html", IRREGULAR)
def test_irregular_markup_gives_the_reference_sections(html):
    assert sections_of(html) == reference(html)


def test_the_edge_cases_say_something():
    """A few of the cases above, spelled out, so the reference itself is pinned down."""
    # html.unescape: a no-break space is whitespace, "&not" is one of the entities valid without ";"
    assert sections_of(WELL_FORMED[9])[0][2] == "& ' ' <tag> © ¬anentity; &#xZZ; & alone &"
    # tag and attribute names are read in any case; the class name and values are kept as written
    assert sections_of('<P CLASS="Search-Exclude">Upper</P><DIV DATA-SEARCH-EXCLUDE>hidden</DIV>'
                       "<H2 ID=Up>Heading</H2>") == [("", "", "Upper", ""), ("Heading", "Up", "", "")]
    assert sections_of("<script>if (a < b && c > d) { x = '</p>'; }</script>after")[0][2] == "after"
    assert sections_of("<script>never closed <p>text</p>")[0][2] == ""


FRAGMENTS = st.sampled_from([
    "<p>", "</p>", "<div>", "</div>", "<span>", "</span>", "<a href=x>", "</a>", "<h2 id=a>", "<h3 id='b' lang=en>",
    "</h2>", "</h3>", "<h2>", "<br>", "<br/>", "<img alt=\"i &amp; j\">", "<img alt>", "<div data-search-exclude>",
    "<p class=\"k search-exclude\">", "<script>", "</script>", "<style>", "</style>", "<template>", "</template>",
    "<!-- c -->", "<!--", "-->", "<EM>", "</Em>", "<li>", "<ul>", "</ul>", "<P/>", "<h2 id=z/>", "&amp;", "&#x27;",
    "&nbsp;", "&", "&lt", "<", ">", "</", "\"", "'", "=", " ", "\n", "\xa0", "text", "ไทย", "中文", "<!DOCTYPE html>",
    "<?pi?>", "<x y=", "/>",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=30).map("".join))
def test_generated_markup_gives_the_reference_sections(html):
    assert sections_of(html) == reference(html)


def sample_markup(output: Path) -> list[tuple[Path, str]]:
    """Every rendered page's main part (the content the build indexes), and one edition's pages
    whole (head, navigation, scripts): all of them would only repeat the same frame."""
    markup = []
    for page in sorted(output.rglob("*.html")):
        html = page.read_text("utf-8")
        if page.relative_to(output).parts[0] == "ko":
            markup.append((page, html))
        elif "<main" in html:
            markup.append((page, html[html.index("<main"):html.index("</main>") + len("</main>")]))
    return markup


def test_every_rendered_page_of_the_sample_site_gives_the_reference_sections(portal_output):
    """The fast reader reads every page itself, and gives exactly what the reference gives."""
    markup = sample_markup(portal_output)
    assert len(markup) > 1000
    for page, html in markup:
        assert _well_formed_events(html) is not None, page
        assert sections_of(html) == reference(html), page
