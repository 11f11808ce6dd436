"""The translation workflow: extract templates, update and create catalogs.

``extract`` turns source pages and theme templates into POT templates;
``update`` merges templates into every language's catalogs, keeping every
translation ever entered (changed messages become fuzzy with their
previous msgid, removed ones obsolete, and obsolete ones come back when
their message does); ``init`` creates a new language's catalogs. Files
whose content does not change are not rewritten.
"""

from __future__ import annotations

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
    page_domain,
    read_catalog,
    source_date,
    write_if_changed,
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


def page_template(found: PageMessages, content_name: str) -> PortalCatalog:
    catalog = new_template(page_domain(str(found.page.path)))
    for message, line in found.messages:
        location = (f"{content_name}/{found.page.path}", line)
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
    """Write one template per page plus the theme's; remove templates of deleted pages."""
    changes = Changes()
    wanted = set()
    for path, found in sorted(messages.items()):
        domain = page_domain(path)
        wanted.add(domain)
        target = layout.template(domain)
        changes.record(target, write_if_changed(target, page_template(found, content_name)))
    wanted.add(THEME_DOMAIN)
    target = layout.template(THEME_DOMAIN)
    changes.record(target, write_if_changed(target, theme_template(templates_dir)))
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
                                           f"# Provenance is in the {PROVENANCE_HEADER} header: "
                                           f"{', '.join(PROVENANCES)}.")
    catalog.extra_headers = {PROVENANCE_HEADER: provenance}
    set_language_headers(catalog, language)
    catalog.language_team = f"{language.name} <{language.code}>"
    catalog.update(template, no_fuzzy_matching=True)
    return catalog


def merge(catalog: Catalog, template: Catalog) -> None:
    """Babel's update, plus: obsolete translations return when their message does."""
    for key, message in list(catalog.obsolete.items()):
        if key not in catalog:
            catalog[message.id] = message
        del catalog.obsolete[key]
    catalog.update(template, no_fuzzy_matching=False, update_creation_date=True)


def update(layout: CatalogLayout, languages: Languages, log: ProblemLog,
           only: list[str] | None = None) -> Changes:
    """Merge every template into the catalogs of every language (or of ``only``).

    Missing catalogs are created. The source language gets the theme
    catalog only: its pages are the source, but its theme strings are not.
    """
    changes = Changes()
    templates = {}
    for domain in layout.domains():
        template = read_catalog(layout.template(domain), log)
        if template is not None:
            templates[domain] = template
    for language in languages:
        if only is not None and language.code not in only:
            continue
        for domain, template in templates.items():
            if language is languages.source and domain != THEME_DOMAIN:
                continue
            path = layout.catalog(language.code, domain)
            if path.exists():
                catalog = read_catalog(path, log)
                if catalog is None:
                    continue
                merge(catalog, template)
                set_language_headers(catalog, language)
            else:
                catalog = new_catalog(template, language, domain)
            changes.record(path, write_if_changed(path, catalog))
    return changes
