"""Which pages of an edition the previous build already wrote, exactly as they would be now.

A page's files (its HTML and its counter view) depend on the page itself
and on what every page of its edition shows around it (navigation,
listings, help lines, the theme). Both are reduced to digests:

- ``SiteKeys.site``: the environment (code, theme, settings, library
  versions, build date; computed by ``build.py``), the routes and static
  files, every page's front matter and the data files;
- ``EditionKeys.edition``: that, plus the edition's theme catalogs and
  data translations along its fallback chain, and every page's title and
  summary as this edition shows them;
- ``EditionKeys.page``: that, plus the page's body, its translations
  along the chain, its catalog's provenance and its source change date.

A page whose key is the one recorded last time, and whose files are still
the previous output's, is linked instead of rendered; what the rest of
the edition needs from it (title, summary, feed content, search terms) is
kept in its ``PageMemo``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.buildcache import digest, tree_digest
from portal.editions import EditionPage, EditionRenderer, LocalizedText
from portal.languages import Language
from portal.project import PreparedSite
from portal.source import SourcePage
from portal.translation import Coverage


@dataclass(frozen=True)
class PageMemo:
    """What the next build needs of a page it does not render again."""

    key: str
    files: tuple[str, ...]  # relative to the output folder
    title: LocalizedText
    summary: LocalizedText | None
    coverage: Coverage
    provenance: str | None
    content: str  # kept for pages in feeds only; "" otherwise
    search_key: str  # its terms in EditionMemo.search

    @classmethod
    def of(cls, key: str, page: EditionPage, files: tuple[str, ...], keep_content: bool,
           search_key: str) -> PageMemo:
        return cls(key, files, page.title, page.summary, page.coverage, page.provenance,
                   str(page.content) if keep_content else "", search_key)

    def page(self, source: SourcePage, language: Language, url: str) -> EditionPage:
        from markupsafe import Markup

        return EditionPage(source=source, language=language, url=url, title=self.title,
                           summary=self.summary, content=Markup(self.content), toc=[],
                           coverage=self.coverage, provenance=self.provenance)


@dataclass
class EditionMemo:
    """An edition's page memos and its pages' search terms, stored between builds."""

    pages: dict[str, PageMemo] = field(default_factory=dict)
    search: dict = field(default_factory=dict)  # portal.search page_key -> PageTerms


def site_key(prepared: PreparedSite, environment: str) -> str:
    """What every page of every edition depends on, besides its own edition's texts."""
    site = prepared.site
    return digest(
        environment,
        repr(sorted(site.routes.items())), repr(sorted(site.static_files)),
        repr([(path, page.meta) for path, page in site.pages.items()]),
        tree_digest([prepared.settings.content / "data"]),
    )


class EditionKeys:
    """The edition's key and its pages' keys (see the module docstring)."""

    def __init__(self, prepared: PreparedSite, site: str, language: Language,
                 renderer: EditionRenderer, changed: dict):
        self.prepared = prepared
        self.chain = [lang.code for lang in prepared.settings.languages.chain(language)]
        self.code = language.code
        self.changed = changed
        translations = prepared.translations
        theme = [(code, translations.theme[code].mime_headers, [(m.id, m.string, sorted(m.flags)) for m in
                                                                 translations.theme[code]])
                 for code in self.chain if code in translations.theme]
        data = [self._translations(path) for path, found in prepared.messages.items() if found.page is None]
        shown = [(path, renderer.title(page), self._summary(renderer, page))
                 for path, page in prepared.site.pages.items()]
        self.edition = digest(site, repr(theme), repr(data), repr(shown),
                              repr(translations.provenance.get(language.code)))

    def _summary(self, renderer: EditionRenderer, page: SourcePage):
        summary = page.meta.get("summary")
        return renderer.text(page, summary) if summary else None

    def _translations(self, path: str) -> list:
        pages = self.prepared.translations.pages.get(path, {})
        return [(code, sorted(pages.get(code, {}).items())) for code in self.chain]

    def page(self, path: str, page: SourcePage) -> str:
        provenance = self.prepared.translations.page_provenance.get(path, {}).get(self.code)
        return digest(self.edition, path, page.body, repr(self._translations(path)), repr(provenance),
                      repr(self.changed.get(path)))
