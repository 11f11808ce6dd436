"""Catalogs in GNU gettext's canonical form: every PO tool leaves them as they are.

The real tools are run: GNU ``msgcat`` and ``msgmerge`` (Debian's gettext)
on every catalog and template of the sample and the fixture site, random
catalogs in every script against ``msgcat``, and translate-toolkit (what
Weblate reads and writes PO files with) reading and writing them back.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE_SITE, REPO
from portal.catalogs import CatalogLayout, read_catalog, serialize, without_volatile_headers, write_if_changed
from portal.cli import load_settings
from portal.languages import load_languages
from portal.poformat import MSGMERGE_OPTIONS, LinebreakLibraryMissing, quoted, references
from portal.problems import ProblemLog
from portal.workflow import merge, new_catalog, new_template, update

ROOTS = [REPO / "translations", FIXTURE_SITE / "translations"]
CATALOGS = sorted(path for root in ROOTS for path in root.rglob("*.po*"))
FIXTURE_LANGUAGES = load_languages(
    [{"code": "ko"}, {"code": "en"}, {"code": "ru"}, {"code": "uz", "locale": "uz_Latn"}], "ko")


def gnu(tool: str, *args: str) -> bytes:
    path = shutil.which(tool)
    assert path, f"GNU gettext's {tool} is required (Debian package 'gettext'; .ci/run installs it)"
    result = subprocess.run([path, *args], capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def gnu_each(tool: str, calls: list[tuple[str, ...]]) -> list[bytes]:
    """``gnu(tool, *args)`` for every call, on every core."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return list(pool.map(lambda args: gnu(tool, *args), calls))


def first_difference(path: Path, produced: bytes) -> str:
    old, new = path.read_bytes().decode().splitlines(), produced.decode().splitlines()
    for number, (a, b) in enumerate(zip(old, new, strict=False), 1):
        if a != b:
            return f"{path}:{number}: file has {a!r}, the tool wrote {b!r}"
    return f"{path}: {len(old)} lines in the file, {len(new)} written"


def test_the_catalogs_are_many_and_in_every_script():
    assert len(CATALOGS) > 600
    text = "".join(path.read_text("utf-8") for path in CATALOGS)
    for sample in ("비자", "วีซ่า", "ວີຊາ", "ទិដ្ឋាការ", "ဗီဇာ", "签证", "виза", "#~ msgid", "msgid_plural"):
        assert sample in text


def test_msgcat_leaves_every_catalog_as_it_is():
    """``msgcat FILE`` writes every catalog byte for byte as it is.

    A catalog without any entry (a removed page nobody had translated) is
    written by msgcat only with ``--force-po``: plain msgcat writes nothing
    for it rather than a header alone.
    """
    differing, empty = [], []
    for path, produced in zip(CATALOGS, gnu_each("msgcat", [(str(p),) for p in CATALOGS]), strict=True):
        if not produced:
            catalog = read_catalog(path, ProblemLog())
            assert not len(catalog) and not any(m.string for m in catalog.obsolete.values()), path
            empty.append(path)
            produced = gnu("msgcat", "--force-po", str(path))
        if produced != path.read_bytes():
            differing.append(first_difference(path, produced))
    assert not differing, f"{len(differing)} catalogs differ:\n" + "\n".join(differing[:5])
    assert len(empty) < 20


def test_msgmerge_with_the_documented_options_leaves_every_catalog_as_it_is():
    pairs = []
    for root in ROOTS:
        layout = CatalogLayout(root)
        for code in layout.language_codes():
            for domain in layout.domains(code):
                catalog, template = layout.catalog(code, domain), layout.template(domain)
                if template.exists():  # else a removed page's catalog: msgcat covers it
                    pairs.append((catalog, template))
    calls = [("--quiet", *MSGMERGE_OPTIONS, str(catalog), str(template), "-o", "-") for catalog, template in pairs]
    differing = [first_difference(catalog, produced)
                 for (catalog, _), produced in zip(pairs, gnu_each("msgmerge", calls), strict=True)
                 if produced != catalog.read_bytes()]
    assert len(pairs) > 500
    assert not differing, f"{len(differing)} catalogs differ:\n" + "\n".join(differing[:5])


def test_the_readme_gives_translators_the_same_msgmerge_options():
    readme = (REPO / "README.md").read_text("utf-8")
    assert f"msgmerge {' '.join(MSGMERGE_OPTIONS)} " in readme


def source_changed(tmp_path: Path) -> tuple[Path, Path]:
    """A catalog whose message changed in the source: fuzzy, with its previous source."""
    old = "고용센터에 가세요. 고용센터는 일자리를 찾도록 돕습니다. 통역이 필요하면 미리 말하세요."
    before, after = new_template("content/page"), new_template("content/page")
    before.add(old, locations=[("content/page.md", 3)])
    after.add("가까운 " + old, locations=[("content/page.md", 3)])
    catalog = new_catalog(before, FIXTURE_LANGUAGES["en"], "content/page")
    catalog[old].string = "Go to the job center. It helps you find work. Tell them if you need an interpreter."
    merge(catalog, after)
    catalog_path, template_path = tmp_path / "en.po", tmp_path / "page.pot"
    write_if_changed(catalog_path, catalog)
    write_if_changed(template_path, after)
    return catalog_path, template_path


def test_msgmerge_keeps_fuzzy_entries_only_with_previous(tmp_path):
    catalog, template = source_changed(tmp_path)
    text = catalog.read_bytes()
    assert b"#, fuzzy\n#| msgid \"\"\n#| " in text
    assert gnu("msgmerge", "--quiet", *MSGMERGE_OPTIONS, str(catalog), str(template), "-o", "-") == text
    assert gnu("msgcat", str(catalog)) == text
    without_previous = gnu("msgmerge", "--quiet", "--no-fuzzy-matching", str(catalog), str(template), "-o", "-")
    assert b"#|" not in without_previous  # why --previous is one of the options


def test_translate_toolkit_reads_and_writes_every_catalog_back_unchanged():
    from translate.storage import pypo

    differing = []
    for path in CATALOGS:
        data = path.read_bytes()
        store = pypo.pofile(data)
        portal = read_catalog(path, ProblemLog())
        assert len([u for u in store.units if not u.isheader() and not u.isobsolete()]) == len(portal)
        if bytes(store) != data:
            differing.append(first_difference(path, bytes(store)))
    assert not differing, f"{len(differing)} catalogs differ:\n" + "\n".join(differing[:5])


def rewrapped_by_translate_toolkit(data: bytes) -> bytes:
    """The catalog as Weblate writes it after a translator edited every entry.

    translate-toolkit re-wraps an edited entry its own way (between words
    only, 77 columns whatever the ``#~`` prefix), not as GNU does.
    """
    from translate.storage import pypo

    store = pypo.pofile(data)
    for unit in store.units:
        if unit.isheader():
            continue
        source, target = unit.source, unit.target
        unit.source, unit.target = source + " ", target + " "
        unit.source, unit.target = source, target
    return bytes(store)


def messages(catalog: Catalog) -> list[tuple]:
    def key(message: Message, obsolete: bool) -> tuple:
        return (obsolete, message.id, message.string, message.context, message.fuzzy,
                tuple(message.previous_id or ()), tuple(message.locations), tuple(message.user_comments),
                tuple(message.auto_comments))
    return [key(m, False) for m in catalog] + [key(m, True) for m in catalog.obsolete.values()]


def test_a_catalog_saved_by_weblate_reads_the_same_and_update_restores_gnu_form(tmp_path):
    """Read tolerantly whatever the wrapping; ``portal update`` rewrites only the form."""
    shutil.copytree(REPO / "translations", tmp_path / "translations")
    layout = CatalogLayout(tmp_path / "translations")
    edited = ["th", "km", "ru"]
    rewrapped = 0
    for code in edited:
        for path in sorted((tmp_path / "translations" / code).rglob("*.po")):
            canonical = path.read_bytes()
            weblate = rewrapped_by_translate_toolkit(canonical)
            rewrapped += weblate != canonical
            path.write_bytes(weblate)
            assert messages(read_catalog(path, ProblemLog())) == messages(
                read_catalog(path, ProblemLog(), data=canonical)), path
    assert rewrapped >= 20  # translate-toolkit's wrapping really differs from GNU's
    log = ProblemLog()
    changes = update(layout, load_settings(str(REPO / "pelicanconf.py")).languages, log, only=edited)
    assert not log.problems
    assert len(changes.written) == rewrapped
    for code in edited:
        for path in sorted((tmp_path / "translations" / code).rglob("*.po")):
            committed = (REPO / path.relative_to(tmp_path)).read_bytes()
            # a removed page's catalog gets today's date with its new form (no template to date it)
            assert without_volatile_headers(path.read_bytes()) == without_volatile_headers(committed), path


def test_a_catalog_in_babels_unwrapped_form_is_rewritten_in_gnu_form(tmp_path):
    """Catalogs written before (Babel's writer, width=0) change form, not messages."""
    path = REPO / "translations/th/content/visas/regional-e7.po"
    catalog = read_catalog(path, ProblemLog())
    old_form = tmp_path / "old.po"
    with old_form.open("wb") as handle:
        write_po(handle, catalog, width=0, ignore_obsolete=False)
    again = read_catalog(old_form, ProblemLog())
    assert messages(again) == messages(catalog)
    assert serialize(again) == path.read_bytes()


def test_the_form_is_the_portals_not_babels():
    """A new catalog's exact text: a Babel release that changes its own writer changes nothing here."""
    template = new_template("content/page")
    template.add("첫 문장입니다.", locations=[("content/page.md", 2)])
    catalog = new_catalog(template, FIXTURE_LANGUAGES["ru"], "content/page")
    catalog.creation_date = catalog.revision_date = template.creation_date.replace(
        year=2025, month=1, day=2, hour=3, minute=4)
    text = serialize(catalog).decode()
    lines = text.splitlines()
    assert lines[:3] == [f"# {FIXTURE_LANGUAGES['ru'].name} (ru) translation of content/page.",
                         "# Provenance is in the X-Portal-Provenance header: reviewed,",
                         "# machine-reviewed, draft."]
    names = [match[1] for line in lines if (match := re.match(r'"([A-Za-z-]+): ', line))]
    assert names == ["Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
                     "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
                     "Content-Transfer-Encoding", "Plural-Forms", "X-Portal-Provenance", "Generated-By"]
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in lines
    assert text.endswith('#: content/page.md:2\nmsgid "첫 문장입니다."\nmsgstr ""\n')


KOREAN = "가나다라마바사아자차" * 8


@pytest.mark.parametrize(("keyword", "text", "expected"), [
    # 35 Hangul syllables are 70 columns: they fit after `msgid "`; 36 do not
    ("msgid", KOREAN[:35], [f'msgid "{KOREAN[:35]}"']),
    ("msgid", KOREAN[:36], ['msgid ""', f'"{KOREAN[:36]}"']),
    ("msgstr", KOREAN[:36], ['msgstr ""', f'"{KOREAN[:36]}"']),
    # a word GNU cannot break stays on the first line, however long
    ("msgid", "a" * 90, [f'msgid "{"a" * 90}"']),
    # Thai, Lao, Khmer and Burmese have no break opportunity without a space
    ("msgstr", "ก" * 60 + " " + "ข" * 30, ['msgstr ""', f'"{"ก" * 60} "', f'"{"ข" * 30}"']),
    # combining marks take no column: 40 Thai letters with a vowel sign above fit
    ("msgstr", "กิ" * 35, [f'msgstr "{"กิ" * 35}"']),
    # one line per newline, never a break just before it
    ("msgid", "첫째 줄\n둘째 줄", ['msgid ""', '"첫째 줄\\n"', '"둘째 줄"']),
    ("msgid", "끝에 줄바꿈\n", ['msgid "끝에 줄바꿈\\n"']),
    ("msgstr", "", ['msgstr ""']),
])
def test_gnu_wrapping_rules(tmp_path, keyword, text, expected):
    assert quoted(keyword, text) == expected
    po = tmp_path / "one.po"
    msgid = text if keyword == "msgid" else "x"
    message = Message(msgid, text if keyword == "msgstr" else "")
    catalog = Catalog(locale="th", charset="utf-8")
    catalog[message.id] = message
    po.write_bytes(serialize(catalog))
    assert "\n".join(expected) in gnu("msgcat", str(po)).decode()


def test_python_format_directives_are_never_broken(tmp_path):
    text = "x" * 73 + " % d " + "y" * 20  # the line would end after "% "
    assert quoted("msgid", text) != quoted("msgid", text, python_format=True)
    catalog = Catalog(locale="en", charset="utf-8")
    catalog[text] = Message(text, "", flags={"python-format"})
    po = tmp_path / "format.po"
    po.write_bytes(serialize(catalog))
    assert gnu("msgcat", str(po)) == po.read_bytes()
    assert quoted("msgid", text, python_format=True)[2].startswith('"% d ')


def test_references_are_filled_by_bytes_and_deduplicated():
    long = [(f"content/안내/페이지{i}.md", i) for i in range(6)]
    lines = references([*long, long[0]])
    assert all(len(line.encode()) <= 79 for line in lines)
    assert sum(line.count(".md:") for line in lines) == 6


def test_a_missing_libunistring_is_a_clear_error(monkeypatch):
    import portal.poformat as poformat

    def no_library(*args):
        raise OSError("not found")

    poformat._width_linebreaks.cache_clear()
    monkeypatch.setattr(poformat.ctypes, "CDLL", no_library)
    try:
        with pytest.raises(LinebreakLibraryMissing) as raised:
            quoted("msgid", "가나다 " * 30)
        assert "apt-get install gettext" in str(raised.value)
    finally:
        poformat._width_linebreaks.cache_clear()


# Random catalogs in every script the portal serves, and the characters that
# decide breaks: spaces, punctuation, quotes, escapes, wide and combining ones.
ALPHABET = ("가나다라마바사아자차카타파하한국어비자상담" "กขคงจฉชซญดตถทนบปผพฟมยรลวสหอะาิีึืุูเแโใไ่้"
            "ກຂຄງຈຊຍດຕຖທນບປຜພຟມຢຣລວສຫອະາິີເແໂໃໄ່້" "កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអាិីឹឺុូួើ"
            "ကခဂဃငစဆဇဈညဋဌဍဎဏတထဒဓနပဖဗဘမယရလဝသဟဠအာိီုူေဲံ့း္်" "签证中心工作学校，。！？「」（）、"
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789" "ăâđêôơưáàảãạấầẩẫậ" "абвгдеёжзийклмнопрстуфхцчшщ"
            " " * 12 + "\n\t" + "!#$%&'()*+,-./:;<=>?@[]^_`{|}~\"\\" + "“”‘’—–…·«»€°×\u00a0\u200b\u3000😀")
strings = st.text(alphabet=ALPHABET, max_size=160)
filenames = st.text(alphabet="abcdefghij가나다라ก-/", min_size=1, max_size=30).map(lambda name: f"content/{name}.md")


@st.composite
def catalogs(draw) -> Catalog:
    catalog = Catalog(locale="ru", charset="utf-8")
    for number in range(draw(st.integers(1, 12))):
        msgid = draw(strings) + f" {number}"
        plural = draw(st.booleans())
        fuzzy = draw(st.booleans())
        translation = draw(strings)
        message = Message(
            (msgid, draw(strings) + " n") if plural else msgid,
            tuple(draw(strings) for _ in range(3)) if plural else translation,
            locations=draw(st.lists(st.tuples(filenames, st.integers(1, 9999)), max_size=6)),
            flags={"fuzzy"} if fuzzy else set(),
            previous_id=[draw(strings) + "."] if fuzzy and draw(st.booleans()) else [],
            context=draw(st.one_of(st.none(), strings)),
            user_comments=draw(st.lists(strings.map(lambda s: " ".join(s.split()).rstrip("\\")), max_size=2)),
        )
        if draw(st.integers(0, 5)) == 0 and not plural:
            catalog.obsolete[catalog._key_for(message.id, message.context)] = message
        else:
            catalog[message.id] = message
    return catalog


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_msgcat_leaves_any_catalog_the_portal_writes_as_it_is(tmp_path_factory, catalog):
    path = tmp_path_factory.mktemp("random") / "random.po"
    path.write_bytes(serialize(catalog))
    assert gnu("msgcat", "--force-po", str(path)).decode() == path.read_text("utf-8")
    again = read_catalog(path, ProblemLog())
    assert again is not None and serialize(again) == path.read_bytes()
