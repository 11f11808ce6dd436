"""The documented Weblate set-up, resolved against the real layout of the translations.

The README's Weblate section points to ``docs/weblate/``: the two components
made by hand (the theme, whose source is English, and the first content page,
whose source is Korean) as Weblate API payloads, and the component discovery
add-on's configuration that creates one component per page from it. This test
reads those same files and resolves their masks as Weblate does (``*`` is the
language, one path segment; discovery's regular expression has a
``language`` and a ``component`` group).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import REPO

DOCS = REPO / "docs" / "weblate"
TRANSLATIONS = REPO / "translations"


def load(name: str) -> dict:
    return json.loads((DOCS / name).read_text("utf-8"))


def tree() -> list[str]:
    return sorted(path.relative_to(REPO).as_posix() for path in TRANSLATIONS.rglob("*") if path.is_file())


def mask_languages(mask: str, language_regex: str, files: list[str]) -> dict[str, str]:
    """The files a Weblate file mask matches, by language code."""
    pattern = re.compile(re.escape(mask).replace(r"\*", "(?P<language>[^/]+)"))
    found = {}
    for path in files:
        match = pattern.fullmatch(path)
        if match and re.match(language_regex, match["language"]):
            found[match["language"]] = path
    return found


def discovered(config: dict, files: list[str]) -> dict[str, dict]:
    """The components Weblate's discovery add-on creates: name -> file mask and new base."""
    pattern = re.compile(config["match"])
    components: dict[str, dict] = {}
    for path in files:
        match = pattern.fullmatch(path)
        if not match or not re.match(config["language_regex"], match["language"]):
            continue
        start, end = match.span("language")
        component = match["component"]
        components[config["name_template"].replace("{{ component }}", component)] = {
            "filemask": path[:start] + "*" + path[end:],
            "new_base": config["new_base_template"].replace("{{ component }}", component),
            "template": config["base_file_template"],
            "language_regex": config["language_regex"],
        }
    return components


def components() -> dict[str, dict]:
    made = {spec["name"]: spec for spec in (load("theme.json"), load("content.json"))}
    found = discovered(load("discovery.json"), tree())
    assert made["content/index"]["filemask"] == found["content/index"]["filemask"]  # discovery keeps it
    return {**found, **made}


def test_bilingual_po_components_with_their_templates_for_new_languages():
    for spec in (load("theme.json"), load("content.json")):
        assert spec["file_format"] == "po" and spec["template"] == ""  # bilingual: the msgid is the source
        assert spec["new_lang"] == "contact"  # a new language is added with `portal init`
        assert (REPO / spec["new_base"]).is_file()
    assert load("theme.json")["source_language"] == {"code": "en"}
    assert load("content.json")["source_language"] == {"code": "ko"}
    assert load("discovery.json")["base_file_template"] == ""


def test_every_catalog_is_in_exactly_one_component():
    files = tree()
    catalogs = [path for path in files if path.endswith(".po")]
    owners: dict[str, list[str]] = {path: [] for path in catalogs}
    for name, spec in components().items():
        for path in mask_languages(spec["filemask"], spec["language_regex"], files).values():
            owners[path].append(name)
    assert len(catalogs) > 500
    assert {path: names for path, names in owners.items() if len(names) != 1} == {}


def test_every_template_pairs_up_with_the_catalogs_of_its_component():
    files = tree()
    templates = {path for path in files if path.endswith(".pot")}
    paired = set()
    languages = {path.parts[0] for path in (Path(p).relative_to("translations") for p in files)} - {"templates"}
    for name, spec in components().items():
        found = mask_languages(spec["filemask"], spec["language_regex"], files)
        template = spec["new_base"]
        if template not in templates:
            # a removed page: its catalogs stay (their translations obsolete), with nothing to translate
            assert not (REPO / "content" / (name.removeprefix("content/") + ".md")).exists(), name
            continue
        paired.add(template)
        domain = template.removeprefix("translations/templates/").removesuffix(".pot")
        for code, path in found.items():
            assert path == f"translations/{code}/{domain}.po"
        expected = languages if domain == "theme" else languages - {"ko"}  # Korean is the source
        assert set(found) == expected, name
    assert paired == templates


def test_every_page_and_data_file_has_a_component():
    names = set(components())
    sources = [path.relative_to(REPO).with_suffix("").as_posix()
               for path in (REPO / "content").rglob("*") if path.suffix in (".md", ".yml")]
    assert sources and {source for source in sources if source not in names} == set()


def test_the_readme_shows_the_same_settings():
    readme = (REPO / "README.md").read_text("utf-8")
    discovery = load("discovery.json")
    for text in (discovery["match"], discovery["new_base_template"], load("theme.json")["filemask"],
                 "translations/*/content/visas/regional-e7.po", "translations/templates/content/visas/regional-e7.pot",
                 "docs/weblate/"):
        assert text in readme, text
