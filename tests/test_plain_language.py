"""The plain-language check of the Korean source: long sentences and paragraphs, with file:line."""

from __future__ import annotations

import markdown

from conftest import REPO, run_portal
from portal.cli import load_settings
from portal.plainlanguage import PlainLanguageLimits, advice_for, plain_language_advice, sentences, word_count
from portal.problems import ProblemLog
from portal.project import PortalSettings, read_site

LONG_SENTENCE = ("외국인 주민은 일자리와 체류와 가족과 건강과 교육과 주거와 보험과 세금과 은행과 교통과 법률과 "
                 "통역과 상담과 문화와 행사와 봉사와 모임과 여가와 안전과 긴급 상황과 노동 권리에 대해 이 포털에서 "
                 "여러 언어로 안내를 받을 수 있습니다.")
FOUR_SENTENCES = "서류를 준비하세요. 여권을 가져오세요. 사진도 필요합니다. 센터에 전화하세요."


def test_the_sample_portal_reads_easily_by_the_default_limits():
    settings = load_settings(str(REPO / "pelicanconf.py"))
    _, _, messages = read_site(settings, ProblemLog())
    assert len(messages) > 40
    assert plain_language_advice(messages, "content", "ko", PlainLanguageLimits()) == []


def test_a_long_sentence_and_a_long_paragraph_are_found():
    md = markdown.Markdown()
    limits = PlainLanguageLimits()
    [(warning, hint)] = advice_for(LONG_SENTENCE, "ko", limits, md)
    assert warning.startswith(f"a sentence of {word_count(LONG_SENTENCE, 'ko')} words (at most 25")
    assert "'외국인 주민은 일자리와" in warning and "split it" in hint
    [(warning, hint)] = advice_for(FOUR_SENTENCES, "ko", limits, md)
    assert warning.startswith("a paragraph of 4 sentences (at most 3") and "one idea per paragraph" in hint
    assert advice_for("서류를 준비하세요. 여권을 가져오세요. 사진도 필요합니다.", "ko", limits, md) == []


def test_sentences_are_cut_by_icu_as_a_reader_reads_them():
    assert sentences("1345에 물어보세요! 정말요? 네. E-7(특정활동) 비자는 1.5배입니다.", "ko") == [
        "1345에 물어보세요!", "정말요?", "네.", "E-7(특정활동) 비자는 1.5배입니다."]
    assert word_count("제조업(20.5%)에서 일합니다.", "ko") == 4  # 제조업, 20.5, 에서, 일합니다


def test_markup_and_link_targets_are_not_counted():
    md = markdown.Markdown()
    limits = PlainLanguageLimits(sentence_words=4)
    linked = "[상담 센터](../consultation/very/long/path/to/some/page-with-many-words.md)에 **꼭** 전화하세요."
    assert advice_for(linked, "ko", limits, md) == []
    assert advice_for("상담 센터에 꼭 바로 전화하세요.", "ko", limits, md) != []


def test_limits_come_from_the_settings_and_bad_values_are_reported():
    values = {"PORTAL_LANGUAGES": [{"code": "ko"}, {"code": "en"}],
              "PORTAL_PLAIN_LANGUAGE": {"sentence_words": 12}}
    settings = PortalSettings.from_mapping(values, REPO / "pelicanconf.py")
    log = ProblemLog()
    assert PlainLanguageLimits.from_settings(settings.plain_language, "pelicanconf.py", log) == \
        PlainLanguageLimits(sentence_words=12, paragraph_sentences=3)
    assert not log.problems
    PlainLanguageLimits.from_settings({"sentence_words": "twelve", "paragraphs": 2}, "pelicanconf.py", log)
    assert [str(p) for p in log.problems] == [
        "pelicanconf.py: error: PORTAL_PLAIN_LANGUAGE['sentence_words'] must be a whole number above 0, "
        "not 'twelve'\n    hint: for example PORTAL_PLAIN_LANGUAGE = {'sentence_words': 25}",
        "pelicanconf.py: error: PORTAL_PLAIN_LANGUAGE has an unknown key 'paragraphs'\n"
        "    hint: known keys: sentence_words, paragraph_sentences"]
    PlainLanguageLimits.from_settings([25], "pelicanconf.py", log)
    assert "PORTAL_PLAIN_LANGUAGE must be a dict, not [25]" in str(log.problems[-1])


def test_check_warns_with_file_and_line_and_fails_only_when_strict(site_copy):
    settings = site_copy / "pelicanconf.py"
    page = site_copy / "content/guides/school.md"
    text = page.read_text("utf-8")
    page.write_text(text + "\n" + FOUR_SENTENCES + "\n", "utf-8")
    line = len((text + "\n").splitlines()) + 1
    result = run_portal(settings, "check")
    assert result.returncode == 0
    assert f"content/guides/school.md:{line}: warning: a paragraph of 4 sentences" in result.stderr
    assert result.stdout.strip() == "no problems found; 1 warning"
    strict = run_portal(settings, "check", "--strict", check=False)
    assert strict.returncode == 1 and "(--strict: failing)" in strict.stdout
    settings.write_text(settings.read_text("utf-8") + '\nPORTAL_PLAIN_LANGUAGE = {"paragraph_sentences": 0}\n')
    broken = run_portal(settings, "check", check=False)
    assert broken.returncode != 0 and "must be a whole number above 0" in broken.stderr
    assert "Traceback" not in broken.stderr
