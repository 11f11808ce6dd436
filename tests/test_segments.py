"""Segmentation: which texts are messages, and how translations go back in."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.toc import slugify_unicode
from markdown.test_tools import TestCase

from portal.segments import (
    Resolution,
    anchor_id,
    block_signature,
    extract_messages,
    new_markdown,
    serialize_blocks,
)

SOURCE = """\
## 필요한 서류 {#documents}

첫 문단은 [링크](a.md#x)와 **강조**가 있고
줄이 바뀝니다.

- 항목 `E-7`
- 112

| 번호 | 설명 |
|---|---|
| 1345 | 출입국 |

> 인용

![세 단계](steps.svg)

```text
코드는 번역하지 않습니다
```
"""


def messages(text: str) -> list[tuple[str, int]]:
    md, extension = new_markdown()
    return [(m.message, m.line) for m in extract_messages(md, extension, text, first_line=10)]


def test_one_message_per_block_with_inline_markup_kept():
    assert messages(SOURCE) == [
        ("필요한 서류", 10),
        ("첫 문단은 [링크](a.md#x)와 **강조**가 있고 줄이 바뀝니다.", 12),
        ("항목 `E-7`", 15),
        ("번호", 18),
        ("설명", 18),
        ("출입국", 20),
        ("인용", 22),
        ("세 단계", 24),
    ]


def test_blocks_serialized_one_at_a_time_join_into_python_markdown_s_own_output():
    """The converter serializes each top-level block once (``BlockSerializer``): the page's
    HTML must stay what Python-Markdown's serializer writes for the whole tree."""
    raw = "<div class=\"note\">\n<p>원문 HTML</p>\n</div>\n\n끝 &amp; 시작 <strong>열린\n"
    md, extension = new_markdown()
    whole = md.convert(SOURCE + "\n" + raw)
    blocks = serialize_blocks(md, extension.blocks)
    plain = new_markdown()[0]
    plain.serializer = plain.serializer.serialize  # Python-Markdown's own, for the whole tree
    assert whole == plain.convert(SOURCE + "\n" + raw) == "".join(blocks).strip()
    assert len(blocks) == len(extension.blocks) == 9
    assert blocks[-2].startswith('<div class="note">') and "&amp;" in blocks[-1]


def test_reflowing_a_paragraph_keeps_its_message():
    assert messages("하나 둘\n셋") == messages("하나\n둘 셋") == [("하나 둘 셋", 10)]


def test_thai_and_khmer_heading_ids_keep_their_vowels():
    assert anchor_id("เอกสารที่ต้องใช้") == "เอกสารที่ต้องใช้"
    assert anchor_id("ឯកសារ ដែលត្រូវការ") == "ឯកសារ-ដែលត្រូវការ"
    assert anchor_id("**필요한** [서류](x.md)") == "필요한-서류"
    # Python-Markdown's slugify_unicode drops the combining vowel signs:
    assert slugify_unicode("เอกสารที่ต้องใช้", "-") != "เอกสารที่ต้องใช้"


def test_block_signature_names_the_structure_a_text_makes():
    md, _ = new_markdown()
    assert block_signature(md, "문단") == ("p",)
    assert block_signature(md, "# 제목") == ("h1",)
    assert block_signature(md, "- 항목") == ("ul",)
    assert block_signature(md, "하나\n\n둘") == ("p", "p")


class TranslatedRendering(TestCase):
    """Translations replace messages; fallbacks carry lang and dir; ids stay."""

    def render(self, source: str, translations: dict[str, Resolution]) -> str:
        md, extension = new_markdown()
        extension.handler = lambda message: translations.get(message, Resolution(message, "ko"))
        return md.convert(source)

    def test_translation_and_fallback(self):
        html = self.render(
            "## 필요한 서류\n\n여권이 필요합니다.\n\n![세 단계](s.svg)",
            {"필요한 서류": Resolution("Documents"),
             "세 단계": Resolution("ثلاث خطوات", "ar", "rtl")},
        )
        self.assertEqual(html, (
            '<h2 id="필요한-서류">Documents</h2>\n'
            '<p lang="ko">여권이 필요합니다.</p>\n'
            '<p dir="rtl" lang="ar"><img alt="ثلاث خطوات" src="s.svg"></p>'
        ))

    def test_explicit_id_is_kept_and_attribute_list_not_translated(self):
        html = self.render("## 서류 {#documents .important}",
                           {"서류": Resolution("Documents")})
        self.assertEqual(html, '<h2 class="important" id="documents">Documents</h2>')


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aZ가ก1 #*-+_>:|[]()!`~<{}=.\\", min_size=1, max_size=12).filter(
    lambda text: text[0].isalpha()))
def test_one_line_starting_with_a_letter_is_a_paragraph_as_markdown_parses_it(text):
    md, _ = new_markdown()
    root = Element("div")
    md.parser.parseChunk(root, text)
    assert block_signature(md, text) == tuple(child.tag for child in root) == ("p",)
