"""Build time (Python) and query time (JavaScript, in Node) cut text into the same terms.

Every language's fixtures, and every translated message of the sample
portal, go through both tokenizers and both pipelines; the tokens and
terms must be identical. Then the rules themselves: apostrophes, ё, tone
marks, particles, clusters that must never be cut.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import REPO
from portal.search.node import NodeSearch
from portal.search.pipeline import run_pipeline
from portal.search.profiles import PROFILES
from portal.search.russian import stem as russian_stem
from portal.search.scripts import is_segmentation_word
from portal.search.segmenters import IcuSegmenter, VocabularySegmenter
from portal.search.suffixes import KOREAN, MONGOLIAN, UZBEK
from portal.search.tokenizer import SEGMENT, UNKNOWN, WORD, tokenize

LUNR_JS = REPO / "node_modules" / "lunr" / "lunr.min.js"
JS_DIR = REPO / "theme" / "static" / "js"

# Edge cases per language: spelling variants, marks, mixed scripts, punctuation lunr's
# query parser would read as operators.
FIXTURES: dict[str, list[str]] = {
    "ko": ["국민건강보험에 가입하세요.", "학교에서는 한국어로 상담합니다!", "외국인등록증(있는 경우)과 여권",
           "E-7 비자: 1,210명 중 630명", "아이가 학교에 갑니다. 지원제도는 무엇인가요?", "ㄱㄴ ＡＢＣ １２３"],
    "en": ["Counseling centers and multilingual counseling", "The province's E-7 visa: don’t apply twice!",
           "Running, runs, ran: an applicant's applications", "Ｆｕｌｌ-width ＬＡＴＩＮ and ﬁligree"],
    "vi": ["Đăng ký tạm trú tại Hàn Quốc", "dang ky tam tru", "Trung tâm tư vấn đa ngôn ngữ 1345",
           "Tiếng Việt có dấu: ắ ằ ẳ ẵ ặ ư ơ", "Tie\u0302\u0301ng Vie\u0323\u0302t (decomposed)"],
    "th": ["วีซ่า E-7 เฉพาะภูมิภาค", "รายการเอกสารในหน้านี้เป็นข้อมูลตัวอย่าง", "หนังสือเดินทาง (ถ้ามี)",
           "โทร 1345 ได้ตลอด 24 ชั่วโมง", "ผู้อยู่อาศัยชาวโครยออิน", "ช้าง ๆ ก็ได้ ๑๒๓"],
    "lo": ["ການລົງທະບຽນເຂົ້າໂຮງຮຽນ", "ວີຊາ ແລະ ການພັກເຊົາ", "ໂທ 1345 ເພື່ອຂໍຄຳປຶກສາ"],
    "km": ["ការចុះឈ្មោះចូលរៀននៅសាលា", "ទិដ្ឋាការ E-7 តាមតំបន់", "មជ្ឈមណ្ឌលប្រឹក្សាយោបល់\u200bច្រើនភាសា"],
    "my": ["ကျောင်းအပ်နှံခြင်း", "ဗီဇာနှင့် နေထိုင်ခွင့်", "အရေးပေါ်\u200bဖုန်းနံပါတ်များ ၁၁၂", "ဦး ဦ"],
    "zh": ["国民健康保险和外国人登记证", "多语言咨询中心：1345", "E-7签证（特定活动）", "𠀀𠀁保险 ＩＣＴ"],
    "ru": ["Консультационные центры и консультации на разных языках", "Ёлка, елка и всё остальное",
           "Региональная виза E-7: итоги распределения мест", "красивейшая, бегающий, прочитавшись"],
    "uz": ["Sugʻurta, sug'urta, sug’urta va sug‘urta", "Oʻzbekcha maʼlumotlar va xorijiy talabalar",
           "viloyatlarda, viloyatning, maktabimizga", "Ish qidirayotganingizda"],
    "mn": ["Нийгэмлэгүүд ба зөвлөгөөний төвүүд", "Ёс, ес; Солонгост амьдарч байхдаа",
           "Яаралтай тусламжийн утас", "хуудаснаас хайж үзээрэй"],
    "fil": ["Mga sentro ng konsultasyon at konsultasyon sa maraming wika", "Nakatira sa lalawigan ang iba't ibang",
            "Mag-rehistro: E-7 visa + tulong ~ 1345 ^ test"],
}
LOCALES = {"zh": "zh_Hans", "uz": "uz_Latn"}
SPACELESS = {"th", "lo", "km", "my", "zh"}


def catalog_texts(code: str) -> list[str]:
    """Every message of the sample portal in ``code`` (the Korean source for 'ko')."""
    root = REPO / "translations"
    files = sorted((root / "templates").rglob("*.pot")) if code == "ko" else sorted((root / code).rglob("*.po"))
    texts = []
    for path in files:
        with path.open("rb") as handle:
            for message in read_po(handle):
                if message.id:
                    texts.append(message.id if code == "ko" else message.string)
    return [text for text in texts if isinstance(text, str) and text.strip()]


@pytest.fixture(scope="module")
def node() -> NodeSearch:
    if shutil.which("node") is None:
        pytest.fail("node is not installed: the JavaScript tokenizer cannot be tested (apt-get install nodejs)")
    if not LUNR_JS.is_file():
        pytest.fail(f"{LUNR_JS} is missing: run `npm ci` in {REPO}")
    return NodeSearch(JS_DIR, LUNR_JS)


def python_tokens(texts: list[str], vocabulary: set[str], pipeline: tuple[str, ...]) -> list[list[dict]]:
    segmenter = VocabularySegmenter(vocabulary)
    return [[{"text": t.text, "kind": t.kind, "terms": run_pipeline(pipeline, [t.text])}
             for t in tokenize(text, segmenter)] for text in texts]


@pytest.mark.parametrize("code", sorted(FIXTURES))
def test_python_and_javascript_make_the_same_terms(node, code):
    texts = FIXTURES[code] + catalog_texts(code)
    icu = IcuSegmenter(LOCALES.get(code, code))
    vocabulary = {t.text for text in texts for t in tokenize(text, icu)}
    pipeline = PROFILES[code].pipeline
    expected = python_tokens(texts, vocabulary, pipeline)
    found = node.one({"op": "tokenize", "texts": texts, "vocabulary": sorted(vocabulary),
                      "pipeline": list(pipeline)})
    for text, mine, theirs in zip(texts, expected, found, strict=True):
        assert theirs == mine, f"{code}: Python and JavaScript differ on {text!r}"


def test_both_segmenting_strategies_agree_between_python_and_javascript(node):
    texts = FIXTURES["th"] + FIXTURES["zh"] + catalog_texts("th")[:40]
    vocabulary = {t.text for text in texts for t in tokenize(text, IcuSegmenter("th"))}
    for strategy in ("best", "greedy"):
        segmenter = VocabularySegmenter(vocabulary, strategy)
        mine = [[[t.text, t.kind] for t in tokenize(text, segmenter)] for text in texts]
        theirs = node.one({"op": "tokenize", "texts": texts, "vocabulary": sorted(vocabulary),
                           "strategy": strategy, "pipeline": []})
        assert [[[t["text"], t["kind"]] for t in tokens] for tokens in theirs] == mine


def test_the_russian_stemmer_is_the_same_in_both_languages(node):
    rng = random.Random(5)
    alphabet = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    endings = ["ость", "ейше", "ившись", "ующий", "ами", "иями", "ся", "нн", "ь", "ов", "ать", "ила"]
    words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7))) + "".join(
        rng.choice(endings) for _ in range(rng.randint(0, 2))) for _ in range(3000)]
    assert node.one({"op": "stem", "words": words, "pipeline": ["portal-stem-ru"]}) == [
        [russian_stem(word)] for word in words]


def test_every_listed_ending_is_stripped_alike_on_both_sides(node):
    bases = {"portal-stem-ko": ["학교", "건강보험", "집"], "portal-stem-uz": ["maktab", "sugurta", "ish"],
             "portal-stem-mn": ["хууль", "зөвлөгөө", "ажил"]}
    for label, stripper in (("portal-stem-ko", KOREAN), ("portal-stem-uz", UZBEK), ("portal-stem-mn", MONGOLIAN)):
        words = [base + a + b for base in bases[label] for a in stripper.suffixes for b in ("", *stripper.suffixes[:8])]
        assert node.one({"op": "stem", "words": words, "pipeline": [label]}) == [stripper(w) for w in words], label


def test_the_russian_stemmer_follows_snowball():
    # Expected stems from the Snowball reference implementation.
    pairs = {"консультационные": "консультацион", "центры": "центр", "языках": "язык",
             "распределения": "распределен", "красивейшая": "красив", "бегающий": "бега",
             "прочитавшись": "прочита", "ёлка": "елк", "пустынный": "пустын", "стенной": "стен",
             "подъезжающих": "подъезжа", "визы": "виз", "визу": "виз"}
    assert {word: russian_stem(word) for word in pairs} == pairs


def terms(code: str, text: str) -> list[str]:
    icu = IcuSegmenter(LOCALES.get(code, code))
    return [term for token in tokenize(text, icu) for term in run_pipeline(PROFILES[code].pipeline, [token.text])]


def test_uzbek_apostrophe_variants_are_one_word():
    variants = ["sugʻurta", "sug'urta", "sug’urta", "sug‘urta", "sugʼurta", "sug`urta", "sugurta"]
    assert {tuple(terms("uz", word)) for word in variants} == {("sugurta",)}
    assert terms("uz", "sugʻurtaga") == terms("uz", "sugʻurtasi") == ["sugurta"]


def test_russian_and_mongolian_read_yo_as_ye():
    assert terms("ru", "Ёлка") == terms("ru", "елка")
    assert terms("mn", "Ёс") == terms("mn", "ес")


def test_vietnamese_is_found_without_diacritics():
    assert terms("vi", "Đăng ký tạm trú") == terms("vi", "dang ky tam tru") == ["dang", "ky", "tam", "tru"]
    assert terms("vi", "Tie\u0302\u0301ng") == terms("vi", "Tiếng") == ["tieng"]


def test_korean_particles_and_endings_come_off_every_stage_kept():
    assert terms("ko", "학교에") == terms("ko", "학교에서는") == ["학교"]
    assert terms("ko", "지원제도는") == ["지원제도", "지원제"]
    assert terms("ko", "신청하세요") == terms("ko", "신청합니다") == ["신청"]
    assert terms("ko", "국가") == ["국가"]  # too short to be a stem plus a particle


def test_english_uses_lunrs_own_stemmer_and_stop_words():
    assert terms("en", "the counseling centers") == ["counsel", "center"]


def test_spaceless_runs_are_cut_at_build_and_never_inside_a_cluster():
    tokens = tokenize("รายการเอกสารในหน้านี้ ICT", IcuSegmenter("th"))
    assert [t.text for t in tokens] == ["รายการ", "เอกสาร", "ใน", "หน้า", "นี้", "ict"]
    assert [t.kind for t in tokens] == [SEGMENT] * 5 + [WORD]
    vocabulary = VocabularySegmenter(["เอกสาร", "เอก", "สาร"])
    pieces = tokenize("เอกสารใหม่", vocabulary)
    assert [(t.text, t.kind) for t in pieces] == [("เอกสาร", SEGMENT), ("ใหม่", UNKNOWN)]
    khmer = tokenize("ស្រុក", VocabularySegmenter(["ស", "រុក"]))  # coeng joins ស and រ
    assert [t.text for t in khmer] == ["ស្រុក"]


def test_zero_width_space_separates_and_fullwidth_latin_folds():
    assert [t.text for t in tokenize("ab\u200bcd ＩＣＴ", VocabularySegmenter([]))] == ["ab", "cd", "ict"]


def test_astral_han_is_segmented_by_code_point():
    tokens = tokenize("𠀀𠀁保险", IcuSegmenter("zh"))
    assert "".join(t.text for t in tokens) == "𠀀𠀁保险"
    assert tokens[-1].text == "保险"


def test_lone_clusters_are_not_words_to_cut_a_query_into():
    assert not is_segmentation_word("า") and not is_segmentation_word("ช้")
    assert is_segmentation_word("วีซ่า") and is_segmentation_word("人")
    segmenter = VocabularySegmenter(["ช้", "า", "ง", "วีซ่า"])
    assert [(t.text, t.kind) for t in tokenize("ช้าง", segmenter)] == [("ช้าง", UNKNOWN)]


def test_the_greedy_strategy_is_what_the_best_cut_improves_on():
    vocabulary = ["甲乙", "甲乙丙", "丙丁"]
    assert VocabularySegmenter(vocabulary).segment("甲乙丙丁") == [(0, 2, True), (2, 4, True)]
    assert VocabularySegmenter(vocabulary, "greedy").segment("甲乙丙丁") == [(0, 3, True), (3, 4, False)]


def test_fixtures_cover_every_profiled_language():
    assert set(FIXTURES) == set(PROFILES)
    assert all(Path(JS_DIR, name).is_file() for name in ("search-text.js", "search-engine.js", "search.js"))
