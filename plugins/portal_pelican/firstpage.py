"""The edited page first: what ``portal serve`` shows before the whole rebuild is done.

A rebuild after one edit at 300 pages x 12 takes seconds (every edition's
search index, the dashboard, the other pages an edit can change); an editor
looking at the page they are editing wants to see it within a second. So
before the rebuild the preview renders that one page, in the edition being
viewed, with what the last successful build prepared (its generator, kept
by ``serve``) and the edited file read again and checked as a build checks
it. ``serve`` answers with that page from memory until the rebuild is done
and then drops it: nothing here writes to the output folder, which stays
exactly what a build wrote.

Only an edit the page alone can show is shown first: one page's Markdown
source changed, or one page's catalog. Anything else (a file added or
removed, a data file, the theme, several files at once) and any edit with a
problem is left to the rebuild, which reports the problem with its file and
line as every build does.
"""

from __future__ import annotations

import copy
import dataclasses
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import watchfiles
from pelican.writers import Writer

from portal.catalogs import CatalogLayout, page_domain
from portal.editions import CheckedCatalog, check_page_catalog
from portal.problems import PortalError, ProblemLog
from portal.project import PreparedSite, reread_page

from .generator import EditionGenerator

CATALOG_SUFFIX = ".po"


@dataclass(frozen=True)
class EditedPage:
    """The one page an edit changed: its path in the content folder, the file saved, and the
    language of that file (a catalog's; None for the page's own Markdown source)."""

    page: str
    file: Path
    code: str | None = None


def edited_page(prepared: PreparedSite, changes: Iterable[tuple[watchfiles.Change, str]]) -> EditedPage | None:
    """The page ``changes`` edit, when they are one existing page's source or catalog saved again."""
    files = {Path(path) for change, path in changes if change is not watchfiles.Change.deleted}
    if len(files) != 1 or len({path for _, path in changes}) != 1:
        return None
    file = files.pop()
    if not file.is_file():
        return None
    settings = prepared.settings
    if file.suffix == ".md" and file.is_relative_to(settings.content):
        page = PurePosixPath(file.relative_to(settings.content).as_posix())
        return EditedPage(str(page), file) if str(page) in prepared.site.pages else None
    return _edited_catalog(prepared, settings.layout, file)


def _edited_catalog(prepared: PreparedSite, layout: CatalogLayout, file: Path) -> EditedPage | None:
    if file.suffix != CATALOG_SUFFIX or not file.is_relative_to(layout.root):
        return None
    code, *domain = file.relative_to(layout.root).with_suffix("").parts
    if code not in prepared.settings.languages or code == prepared.settings.languages.source.code:
        return None
    if domain[:1] != ["content"] or len(domain) < 2:
        return None
    page = "/".join(domain[1:]) + ".md"
    if page not in prepared.site.pages or layout.catalog(code, page_domain(page)) != file:
        return None
    return EditedPage(page, file, code)


class FirstPage:
    """Renders an edited page alone, with what the last successful build prepared."""

    def __init__(self):
        self.generator: EditionGenerator | None = None

    def adopt(self, generator: EditionGenerator) -> None:
        """What a build that succeeded prepared: the next edits are rendered against it."""
        self.generator = generator

    def render(self, changes: Iterable[tuple[watchfiles.Change, str]], viewed: str | None
               ) -> dict[str, bytes]:
        """The edited page as the rebuild will write it: output name -> bytes; empty when
        the edit is not one page's, or has a problem (the rebuild says which).

        ``viewed``: the edition the preview's reader looked at last; a source
        edit is shown in it (in the source language when none was), a
        catalog edit in the catalog's language.
        """
        if self.generator is None or self.generator.prepared is None:
            return {}
        changes = list(changes)
        prepared = self.generator.prepared
        edit = edited_page(prepared, changes)
        if edit is None:
            return {}
        languages = prepared.settings.languages
        try:
            edited = self._with_source(prepared, edit) if edit.code is None else self._with_catalog(prepared, edit)
        except (PortalError, OSError, UnicodeError):
            return {}  # the rebuild reports it, with its file and line
        if edited is None:
            return {}
        code = edit.code or (viewed if viewed in languages else languages.source.code)
        generator = copy.copy(self.generator)
        generator.prepared = edited
        with tempfile.TemporaryDirectory(prefix="portal-first-page-") as folder:
            writer = Writer(folder, settings=generator.settings)
            try:
                name = generator.write_page_alone(writer, languages[code], edit.page)
            except PortalError:
                return {}
            return {name: Path(folder, name).read_bytes()}

    @staticmethod
    def _with_source(prepared: PreparedSite, edit: EditedPage) -> PreparedSite | None:
        log = ProblemLog()
        found = reread_page(prepared.settings, prepared.site, prepared.data, edit.file, log)
        if found is None:
            return None
        site = dataclasses.replace(prepared.site, pages={**prepared.site.pages, edit.page: found.page})
        return dataclasses.replace(prepared, site=site, messages={**prepared.messages, edit.page: found})

    @staticmethod
    def _with_catalog(prepared: PreparedSite, edit: EditedPage) -> PreparedSite | None:
        settings, translations = prepared.settings, prepared.translations
        display = str(edit.file.relative_to(settings.layout.root.parent))
        checked = check_page_catalog(prepared.site, prepared.messages[edit.page], edit.file, display,
                                     settings.allowed_link_hosts, settings.keep_going)
        if not isinstance(checked, CheckedCatalog) or checked.problems:
            return None
        provenance = translations.page_provenance
        edited = dataclasses.replace(
            translations, pages=translations.pages.with_page(edit.code, edit.page, checked.entries),
            page_provenance={**provenance, edit.page: {**provenance.get(edit.page, {}), edit.code: checked.provenance}},
            revised=dict(translations.revised))
        edited.note_revision(edit.code, checked.revision_date)
        return dataclasses.replace(prepared, translations=edited)
