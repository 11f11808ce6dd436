"""`portal check`: every mistake in one run, with file:line and a hint."""

from __future__ import annotations

from pathlib import Path

from conftest import run_portal


def edit(path: Path, old: str, new: str) -> int:
    """Replace text and return the 1-based line where the msgid of that entry is."""
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    lines = path.read_text("utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if new.splitlines()[0] in line)
    while not lines[index].startswith("msgid"):
        index -= 1
    return index + 1


def test_check_reports_every_kind_of_mistake_in_one_run(site_copy):
    settings = site_copy / "pelicanconf.py"
    visa = site_copy / "translations/en/content/guides/visa.po"
    link = edit(visa, "See the [school guide](school.md#documents).", "See the [school guide](school.md).")
    code = edit(site_copy / "translations/ru/content/guides/visa.po",
                'msgstr "Иммиграционная справка"', 'msgstr "Иммиграционная `справка`"')
    emphasis = edit(site_copy / "translations/ru/content/guides/visa.po",
                    "Виза — это *статус пребывания*.", "Виза — это статус пребывания.")
    html = edit(site_copy / "translations/en/content/guides/school.po",
                'msgstr "Prepare the enrollment documents."',
                'msgstr "Prepare the <img src=x onerror=alert(1)> documents."')
    front = site_copy / "content/notices/festival.md"
    front.write_text(front.read_text("utf-8").replace("sample: true", "sample: maybe"), "utf-8")

    result = run_portal(settings, "check", check=False)
    assert result.returncode == 2
    err = result.stderr
    assert f"translations/en/content/guides/visa.po:{link}: error: translation's link targets differ" in err
    assert "missing school.md#documents; added school.md" in err
    assert f"translations/ru/content/guides/visa.po:{code}: error: translation's inline code differ" in err
    assert f"translations/ru/content/guides/visa.po:{emphasis}: error: translation's emphasis differs from the " \
           "source: 1 in the msgid, 0 here" in err
    assert f"translations/en/content/guides/school.po:{html}: error: translation adds raw HTML (img)" in err
    assert "content/notices/festival.md:4: error: front matter key 'sample' has the wrong type" in err
    assert err.count("hint:") == err.count("error:")


def test_check_catches_a_burmese_translation_typed_in_zawgyi(site_copy):
    settings = site_copy / "pelicanconf.py"
    text = settings.read_text("utf-8")
    settings.write_text(text.replace("PORTAL_LANGUAGES = [\n",
                                     'PORTAL_LANGUAGES = [\n    {"code": "my", "fallback": ["en"]},\n'))
    run_portal(settings, "init", "my")
    catalog = site_copy / "translations/my/content/guides/school.po"
    line = edit(catalog, 'msgid "서류"\nmsgstr ""', 'msgid "서류"\nmsgstr "စာရြက္စာတမ္းမ်ား"')
    result = run_portal(settings, "check", check=False)
    assert f"translations/my/content/guides/school.po:{line}: error: Burmese translation looks typed in " \
           "the Zawgyi encoding" in result.stderr
    edit(catalog, 'msgstr "စာရြက္စာတမ္းမ်ား"', 'msgstr "စာရွက်စာတမ်းများ"')  # the same word in Unicode
    assert run_portal(settings, "check").stdout.strip() == "no problems found"


def test_check_runs_gnu_msgfmt(site_copy):
    catalog = site_copy / "translations/ru/theme.po"
    text = catalog.read_text("utf-8")
    # Russian has four plural forms (CLDR); a catalog that gives three is only caught by msgfmt.
    broken = text.replace('msgstr[3] "%(num)s страницы в разделе"\n', "")
    assert broken != text
    catalog.write_text(broken, "utf-8")
    result = run_portal(site_copy / "pelicanconf.py", "check", check=False)
    assert result.returncode == 2
    assert "translations/ru/theme.po:" in result.stderr and "error: msgfmt:" in result.stderr
