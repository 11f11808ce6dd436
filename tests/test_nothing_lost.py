"""Property: no source edit ever loses a translation or attaches it silently elsewhere.

Random sequences of editors' changes (change, add, delete, move, split and
merge paragraphs; move a paragraph to another page; rename a page) each
followed by extract + update, with a translator filling every empty message
in between. Every translation ever entered must still be in the language's
catalogs (current, fuzzy or obsolete), and a non-fuzzy translation may only
sit on the message it was written for.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.catalogs import read_catalog, write_if_changed
from portal.languages import load_languages
from portal.problems import ProblemLog
from portal.project import PortalSettings, read_site
from portal.workflow import extract, update

LANGUAGES = load_languages([{"code": "ko"}, {"code": "en"}, {"code": "ru", "fallback": ["en"]}], "ko")
WORDS = ["학교", "비자", "상담", "센터", "일자리", "가족", "건강", "보험", "서류", "전화", "주소", "신청"]

paragraph = st.lists(st.sampled_from(WORDS), min_size=2, max_size=7).map(" ".join)
Page = list[str]


def write_site(root: Path, pages: dict[str, Page]) -> None:
    content = root / "content"
    for old in content.rglob("*.md"):
        old.unlink()
    (content / "guides").mkdir(parents=True, exist_ok=True)
    (content / "index.md").write_text("---\ntitle: 홈\n---\n홈 문단\n", "utf-8")
    (content / "guides/index.md").write_text("---\ntitle: 안내\n---\n", "utf-8")
    for name, paragraphs in pages.items():
        body = "\n\n".join(paragraphs)
        (content / f"guides/{name}.md").write_text(f"---\ntitle: 제목 {name}\n---\n{body}\n", "utf-8")


def portal_settings(root: Path) -> PortalSettings:
    (root / "templates").mkdir(exist_ok=True)
    return PortalSettings(content=root / "content", translations=root / "translations",
                          theme_templates=root / "templates", languages=LANGUAGES,
                          feed_sections=(), workers=1, settings_file=None)


def extract_and_update(config: PortalSettings) -> None:
    log = ProblemLog()
    _, _, messages = read_site(config, log)
    extract(messages, config.theme_templates, config.layout)
    update(config.layout, LANGUAGES, log)
    assert not log.problems


def translate_everything(config: PortalSettings, ledger: dict[tuple[str, str], str]) -> None:
    """The translator: fills every empty message, and the ledger remembers it."""
    for language in LANGUAGES.targets:
        for domain in config.layout.domains(language.code):
            path = config.layout.catalog(language.code, domain)
            catalog = read_catalog(path, ProblemLog())
            for message in catalog:
                if message.id and not message.string:
                    message.string = f"{language.code}<{message.id}>#{len(ledger)}"
                    ledger[(language.code, message.string)] = message.id
            write_if_changed(path, catalog)


def check_nothing_lost(config: PortalSettings, ledger: dict[tuple[str, str], str]) -> None:
    found: dict[str, list[tuple[str, str, bool, bool]]] = {}
    for language in LANGUAGES.targets:
        for domain in config.layout.domains(language.code):
            catalog = read_catalog(config.layout.catalog(language.code, domain), ProblemLog())
            for message in [*catalog, *catalog.obsolete.values()]:
                if message.id and message.string:
                    obsolete = message.id in catalog.obsolete
                    found.setdefault(message.string, []).append(
                        (language.code, message.id, message.fuzzy, obsolete))
    for (code, translation), msgid in ledger.items():
        places = found.get(translation)
        assert places, f"{code}: the translation of {msgid!r} was lost"
        for place_code, place_id, fuzzy, obsolete in places:
            assert place_code == code, f"{translation!r} leaked from {code} into {place_code}"
            assert place_id == msgid or fuzzy or obsolete, \
                f"{code}: {translation!r} silently moved from {msgid!r} to {place_id!r}"


def apply(edit: tuple, pages: dict[str, Page]) -> None:
    kind, a, b, text = edit
    names = sorted(pages)
    name = names[a % len(names)]
    page = pages[name]
    if kind == "change" and page:
        i = b % len(page)
        page[i] = page[i] + " " + text.split()[0]
    elif kind == "add":
        page.insert(b % (len(page) + 1), text)
    elif kind == "delete" and len(page) > 1:
        page.pop(b % len(page))
    elif kind == "move" and len(page) > 1:
        page.insert(0, page.pop(b % len(page)))
    elif kind == "split" and page:
        i = b % len(page)
        words = page[i].split()
        if len(words) > 1:
            page[i:i + 1] = [" ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2:])]
    elif kind == "merge" and len(page) > 1:
        i = b % (len(page) - 1)
        page[i:i + 2] = [page[i] + " " + page[i + 1]]
    elif kind == "move-across" and page and len(names) > 1:
        other = pages[names[(a + 1) % len(names)]]
        other.append(page.pop(b % len(page)))
    elif kind == "rename":
        pages[f"{name}-{b % 7}"] = pages.pop(name)


edits = st.tuples(
    st.sampled_from(["change", "add", "delete", "move", "split", "merge", "move-across", "rename"]),
    st.integers(0, 50), st.integers(0, 50), paragraph)


@settings(max_examples=int(os.environ.get("NOTHING_LOST_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(first=st.lists(paragraph, min_size=1, max_size=4),
       second=st.lists(paragraph, min_size=1, max_size=4),
       steps=st.lists(edits, min_size=1, max_size=8))
def test_no_edit_sequence_loses_a_translation(first, second, steps):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        pages: dict[str, Page] = {"a": list(first), "b": list(second)}
        config = portal_settings(root)
        ledger: dict[tuple[str, str], str] = {}
        write_site(root, pages)
        extract_and_update(config)
        translate_everything(config, ledger)
        for edit in steps:
            apply(edit, pages)
            write_site(root, pages)
            extract_and_update(config)
            check_nothing_lost(config, ledger)
            translate_everything(config, ledger)
