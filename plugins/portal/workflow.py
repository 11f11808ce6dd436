"""The translation workflow: extract templates, update and create catalogs.

``extract`` turns source pages and theme templates into POT templates;
``update`` merges templates into every language's catalogs, keeping every
translation ever entered (changed messages become fuzzy with their
previous msgid, removed ones obsolete, and obsolete ones come back when
their message does); ``init`` creates a new language's catalogs. Files
whose content does not change are not rewritten.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir

from .catalogs import (
    PROVENANCE_HEADER,
    PROVENANCES,
    THEME_DOMAIN,
    CatalogLayout,
    PortalCatalog,
    StagedWrites,
    page_domain,
    read_catalog,
    remove_leftovers,
    source_date,
)
from .editions import PageMessages
from .languages import Language, Languages
from .problems import ProblemLog

PROJECT = "migrant-portal"
VERSION = "1"
JINJA_METHOD = [("**.html", "jinja2.ext:babel_extract")]
JINJA_OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}


@dataclass
class Changes:
    """Which files a command wrote, for its report and for tests."""

    written: list[Path] = field(default_factory=list)
    unchanged: int = 0

    def record(self, path: Path, written: bool) -> None:
        if written:
            self.written.append(path)
        else:
            self.unchanged += 1


def new_template(domain: str) -> PortalCatalog:
    catalog = PortalCatalog(project=PROJECT, version=VERSION, charset="utf-8", domain=domain,
                            creation_date=source_date(), fuzzy=False,
                            header_comment=f"# Translation template for {domain}.\n"
                                           "# Written by `portal extract`: edit the source, not this file.")
    catalog.extra_headers = {}
    return catalog


def source_template(path: str, found: PageMessages, content_name: str) -> PortalCatalog:
    """The template of one page or data file, each message with its file:line."""
    catalog = new_template(page_domain(path))
    for message, line in found.messages:
        location = (f"{content_name}/{path}", line)
        if message in catalog:
            catalog[message].locations.append(location)
        else:
            catalog.add(message, locations=[location])
    return catalog


def theme_template(templates: Path) -> PortalCatalog:
    catalog = new_template(THEME_DOMAIN)
    for filename, line, message, comments, context in extract_from_dir(
            templates, method_map=JINJA_METHOD, options_map=JINJA_OPTIONS):
        key = message[0] if isinstance(message, tuple) else message
        location = (f"theme/templates/{filename}", line)
        if key in catalog:
            catalog[key].locations.append(location)
        else:
            catalog.add(message, locations=[location], auto_comments=comments, context=context)
    return catalog


def extract(messages: dict[str, PageMessages], templates_dir: Path, layout: CatalogLayout,
            content_name: str = "content") -> Changes:
    """Write one template per page plus the theme's; remove templates of deleted pages.

    Every template is staged first and renamed into place at the end (see
    ``StagedWrites``).
    """
    changes = Changes()
    wanted = set()
    remove_leftovers(layout.root)
    with StagedWrites() as writes:
        for path, found in sorted(messages.items()):
            domain = page_domain(path)
            wanted.add(domain)
            target = layout.template(domain)
            changes.record(target, writes.write_if_changed(target, source_template(path, found, content_name)))
        wanted.add(THEME_DOMAIN)
        target = layout.template(THEME_DOMAIN)
        changes.record(target, writes.write_if_changed(target, theme_template(templates_dir)))
    for domain in layout.domains():
        if domain not in wanted:
            stale = layout.template(domain)
            stale.unlink()
            changes.written.append(stale)
    return changes


def set_language_headers(catalog: Catalog, language: Language) -> None:
    """Language and CLDR Plural-Forms (Babel's own table is wrong for my, fil, uz, mn)."""
    catalog.locale = language.locale
    Catalog._set_mime_headers(catalog, [("Plural-Forms", language.plural_forms)])


def new_catalog(template: Catalog, language: Language, domain: str,
                provenance: str = "draft") -> PortalCatalog:
    catalog = PortalCatalog(domain=domain, project=PROJECT, version=VERSION, charset="utf-8",
                            creation_date=template.creation_date, revision_date=source_date(),
                            fuzzy=False,
                            header_comment=f"# {language.name} ({language.code}) translation of "
                                           f"{domain}.\n"
                                           # two lines: GNU's tools keep comments as they are
                                           f"# Provenance is in the {PROVENANCE_HEADER} header: "
                                           f"{PROVENANCES[0]},\n# {', '.join(PROVENANCES[1:])}.")
    catalog.extra_headers = {PROVENANCE_HEADER: provenance}
    set_language_headers(catalog, language)
    catalog.language_team = f"{language.name} <{language.code}>"
    catalog.update(template, no_fuzzy_matching=True)
    return catalog


def merge(catalog: Catalog, template: Catalog) -> None:
    """Babel's update, plus two things it does not do.

    Obsolete translations come back when their message does, and a message
    that stays fuzzy keeps its previous msgid (Babel drops it on an exact
    match, so a second update would hide what changed from the translator).
    """
    for key, message in list(catalog.obsolete.items()):
        if key not in catalog:
            catalog[message.id] = message
        del catalog.obsolete[key]
    previous = {message.id: message.previous_id for message in catalog
                if message.id and message.fuzzy and message.previous_id}
    catalog.update(template, no_fuzzy_matching=False, update_creation_date=True)
    for message in catalog:
        if message.fuzzy and not message.previous_id and message.id in previous:
            message.previous_id = previous[message.id]


def translation_memory(catalogs: list[Catalog]) -> dict[str, str]:
    """Every usable translation of one language, by source text (active or obsolete)."""
    memory: dict[str, str] = {}
    for catalog in catalogs:
        for message in [*catalog, *catalog.obsolete.values()]:
            if (message.id and isinstance(message.id, str) and isinstance(message.string, str)
                    and message.string and not message.fuzzy):
                memory.setdefault(message.id, message.string)
    return memory


def fill_from_memory(catalog: Catalog, memory: dict[str, str]) -> None:
    """Give untranslated messages the translation of the same source text elsewhere.

    This is how a paragraph moved to another page, or a renamed page,
    keeps its translation: the source text is identical, so it is not fuzzy.
    """
    for message in catalog:
        if message.id and isinstance(message.id, str) and not message.string and message.id in memory:
            message.string = memory[message.id]


def update(layout: CatalogLayout, languages: Languages, log: ProblemLog,
           only: list[str] | None = None) -> Changes:
    """Merge every template into the catalogs of every language (or of ``only``).

    Missing catalogs are created and filled from the language's other
    catalogs; a catalog whose page is gone keeps every entry, as obsolete.
    The source language gets the theme catalog only. Everything is read
    first: if any file is invalid, nothing is written. Every catalog is then
    merged and staged before any is renamed into place, so a command killed
    part-way leaves valid catalogs and loses nothing (see ``StagedWrites``).
    """
    remove_leftovers(layout.root)
    templates = {}
    for domain in layout.domains():
        template = read_catalog(layout.template(domain), log)
        if template is not None:
            templates[domain] = template
    plans = []
    for language in languages:
        if only is not None and language.code not in only:
            continue
        domains = [d for d in layout.domains(language.code)
                   if language is not languages.source or d == THEME_DOMAIN]
        existing = {}
        for domain in domains:
            catalog = read_catalog(layout.catalog(language.code, domain), log)
            if catalog is not None:
                existing[domain] = catalog
        plans.append((language, existing))
    changes = Changes()
    if log:
        return changes
    with StagedWrites() as writes:
        for language, existing in plans:
            _merge_language(layout, languages, language, existing, templates, writes, changes)
    return changes


def _merge_language(layout: CatalogLayout, languages: Languages, language: Language,
                    existing: dict[str, PortalCatalog], templates: dict[str, PortalCatalog],
                    writes: StagedWrites, changes: Changes) -> None:
    """Merge every template into one language's catalogs (staged in ``writes``)."""
    memory = translation_memory(list(existing.values()))
    wanted = [d for d in templates if language is not languages.source or d == THEME_DOMAIN]
    for domain in sorted(set(wanted) | set(existing)):
        # Babel's update adds the template's own Message objects to the catalog:
        # a private copy keeps one language's translations out of another's.
        template = copy.deepcopy(templates[domain]) if domain in templates else new_template(domain)
        catalog = existing.get(domain)
        if catalog is None:
            catalog = new_catalog(template, language, domain)
        else:
            merge(catalog, template)
            set_language_headers(catalog, language)
        fill_from_memory(catalog, memory)
        target = layout.catalog(language.code, domain)
        changes.record(target, writes.write_if_changed(target, catalog))
