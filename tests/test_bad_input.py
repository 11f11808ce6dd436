"""Bad input: a clear message with file and line, a non-zero exit, output untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from conftest import REPO, run_portal
from portal.problems import ProblemLog
from portal.source import _split_front_matter, read_front_matter
from portal.yamlnodes import FAST_LOADER, _compose


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def built_copy(site_copy: Path) -> tuple[Path, Path, str]:
    """A fixture-site copy built once, with the digest of its output."""
    settings = site_copy / "pelicanconf.py"
    run_portal(settings, "build")
    output = site_copy / "output"
    return settings, output, tree_digest(output)


def failed_build(settings: Path, output: Path, digest: str) -> str:
    result = run_portal(settings, "build", check=False)
    assert result.returncode != 0
    assert tree_digest(output) == digest, "a failed build changed the published output"
    assert not list(output.parent.glob(".output.new-*")), "a failed build left its work folder"
    return result.stderr


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_malformed_front_matter(built_copy):
    settings, output, digest = built_copy
    replace_in(settings.parent / "content/guides/school.md", "title: 학교 안내", "title: [학교 안내")
    stderr = failed_build(settings, output, digest)
    assert "content/guides/school.md:2: error: front matter is not valid YAML (" in stderr
    assert "hint:" in stderr


def test_front_matter_of_the_wrong_type_and_unknown_key(built_copy):
    settings, output, digest = built_copy
    replace_in(settings.parent / "content/notices/festival.md", "date: 2025-05-20",
               "date: next week\nauthor: me")
    stderr = failed_build(settings, output, digest)
    assert "content/notices/festival.md:3: error: front matter key 'date' has the wrong value 'next week'" in stderr
    assert "content/notices/festival.md:4: error: unknown front matter key 'author'" in stderr
    assert "2 problems found" in stderr


def test_unknown_language_code_in_settings(built_copy):
    settings, output, digest = built_copy
    replace_in(settings, '"code": "uz", "locale": "uz_Latn"', '"code": "uz", "locale": "xx_Nope"')
    stderr = failed_build(settings, output, digest)
    line = next(n for n, text in enumerate(settings.read_text().splitlines(), 1) if "xx_Nope" in text)
    assert f"pelicanconf.py:{line}: error: language 'uz': unknown CLDR locale 'xx_Nope'" in stderr


def test_fallback_to_an_undeclared_language(built_copy):
    settings, output, digest = built_copy
    replace_in(settings, '"fallback": ["ru", "en"]', '"fallback": ["kk", "en"]')
    stderr = failed_build(settings, output, digest)
    assert "language 'uz' falls back to 'kk', which is not declared" in stderr


def test_catalog_folder_of_an_undeclared_language(built_copy):
    settings, output, digest = built_copy
    (settings.parent / "translations/kk").mkdir()
    stderr = failed_build(settings, output, digest)
    assert "translations/kk: error: translations folder for language 'kk', which is not declared" in stderr


def test_po_syntax_error(built_copy):
    settings, output, digest = built_copy
    catalog = settings.parent / "translations/ru/content/guides/school.po"
    replace_in(catalog, 'msgstr "О школе"', 'msgstr "О школе')
    line = next(n for n, text in enumerate(catalog.read_text().splitlines(), 1) if "О школе" in text)
    stderr = failed_build(settings, output, digest)
    assert f"translations/ru/content/guides/school.po:{line}: error: PO syntax error" in stderr


def test_translation_that_breaks_the_markdown_structure(built_copy):
    settings, output, digest = built_copy
    catalog = settings.parent / "translations/en/content/guides/school.po"
    replace_in(catalog, 'msgstr "Children can go to school."', 'msgstr "# Children can go to school."')
    line = next(n for n, text in enumerate(catalog.read_text().splitlines(), 1)
                if "아이는 학교에" in text)
    stderr = failed_build(settings, output, digest)
    assert (f"translations/en/content/guides/school.po:{line}: error: this translation starts a new "
            "heading (#) where the original is a paragraph: '# Children can go to school.'") in stderr
    assert "hint: remove the # at the start" in stderr


def test_translation_split_into_two_paragraphs(built_copy):
    settings, output, digest = built_copy
    catalog = settings.parent / "translations/en/content/guides/school.po"
    replace_in(catalog, 'msgstr "Children can go to school."', 'msgstr "Children can\\n\\ngo to school."')
    stderr = failed_build(settings, output, digest)
    assert "this translation is 2 blocks where the original is a paragraph" in stderr
    assert "hint: remove the blank lines" in stderr


def test_link_to_a_page_that_does_not_exist(built_copy):
    settings, output, digest = built_copy
    replace_in(settings.parent / "content/guides/school.md", "등록 서류를 준비하세요.",
               "등록 서류를 준비하세요. [비자](visas.md)")
    stderr = failed_build(settings, output, digest)
    assert "content/guides/school.md:8: error: link to 'visas.md', which does not exist" in stderr


def test_every_problem_is_reported_in_one_run(built_copy):
    settings, output, digest = built_copy
    replace_in(settings.parent / "content/guides/school.md", "title: 학교 안내", "title: [학교 안내")
    replace_in(settings.parent / "translations/en/content/guides/visa.po",
               'msgstr "Passport"', 'msgstr "- Passport"')
    stderr = failed_build(settings, output, digest)
    assert "2 problems found" in stderr
    assert "school.md:2" in stderr and "visa.po:" in stderr


def test_bad_data_file(built_copy):
    settings, output, digest = built_copy
    data = settings.parent / "content/data"
    data.mkdir()
    (data / "helplines.yml").write_text(
        '- number: "1345"\n  name: 외국인 종합 안내 센터\n  languages: [ko, xx]\n'
        '- number: 12-34\n  name: 잘못된 번호\n', "utf-8")
    stderr = failed_build(settings, output, digest)
    assert "content/data/helplines.yml:3: error: unknown language code 'xx' in 'languages'" in stderr
    assert "content/data/helplines.yml:4: error: 'number' has the wrong value '12-34'" in stderr


def test_page_tagged_with_an_unknown_community(built_copy):
    settings, output, digest = built_copy
    replace_in(settings.parent / "content/guides/school.md", "title: 학교 안내",
               "title: 학교 안내\ncommunities: [atlantis]")
    stderr = failed_build(settings, output, digest)
    assert "content/guides/school.md:3: error: unknown community 'atlantis'" in stderr


def test_front_matter_errors_read_the_same_whichever_yaml_parser_found_them():
    # libyaml parses front matter when PyYAML has it; its errors are worded differently, so
    # rejected front matter is parsed again in Python and the editor reads Python's message.
    log = ProblemLog()
    read_front_matter("title: [학교 안내\nsummary: x\n", "page.md", log)
    assert [str(problem).splitlines()[0] for problem in log.problems] == [
        "page.md:2: error: front matter is not valid YAML (while parsing a flow sequence: "
        "expected ',' or ']', but got ':')"]


def test_both_yaml_parsers_read_the_sample_content_alike():
    files = [(path, _split_front_matter(path.read_text("utf-8"))[0])
             for path in sorted((REPO / "content").rglob("*.md"))]
    files += [(path, path.read_text("utf-8")) for path in sorted((REPO / "content/data").glob("*.yml"))]
    assert FAST_LOADER is not yaml.SafeLoader, "PyYAML without libyaml: front matter is read 10x slower"
    for path, text in files:
        fast, python = _compose(text, FAST_LOADER, "x", 1), _compose(text, yaml.SafeLoader, "x", 1)
        assert fast == python, path  # the same values and lines, and no problems
        assert fast[1] == [] and fast[0] is not None, path
