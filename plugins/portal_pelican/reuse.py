"""Which pages of an edition the previous build already wrote, exactly as they would be now.

A page's files (its HTML and its counter view) depend on the page itself
and on what every page of its edition shows around it (navigation,
listings, help lines, the theme). Both are reduced to digests:

- ``site_key``: the routes and static files, every page's front matter
  and the data files (the environment, that is the code, theme, settings,
  library versions and build date, is not in the keys: ``BuildCache``
  keeps nothing across a change of it);
- ``EditionKeys.edition``: that, plus the edition's theme catalogs along
  its fallback chain, the data files' texts as it shows them, and the
  titles every page shows (the home page's and the sections');
- ``EditionKeys.page``: that, plus the page's body, its own title and
  summary and those it lists (its section's, or a section's members'),
  each of its messages as the edition shows it (after the fallback
  chain: a catalog edit in one language reaches another edition only
  where that edition really shows the edited text), its catalog's
  provenance and its source change date. Looking up every message is
  most of the cost of a key, so each page's key is recorded with its
  ``EditionKeys.inputs``, the same digest with the digests of the page's
  catalogs along the chain instead of the texts they give: while those
  are as last time, the key is too, and no message is looked up.

A page whose key is the one recorded last time, and whose files are still
the previous output's, is linked instead of rendered; what the rest of
the edition needs from it (title, summary, feed content, search terms) is
kept in its ``PageMemo``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from portal.buildcache import digest, tree_digest
from portal.editions import EditionPage, EditionRenderer, LocalizedText
from portal.languages import Language
from portal.project import PreparedSite
from portal.source import SourcePage
from portal.translation import Coverage, MessageLookup


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
    search_key: str  # portal.search's page_key: its terms in the edition's search-<code> cache entry
    inputs: str  # EditionKeys.inputs, which ``key`` was computed from

    @classmethod
    def of(cls, key: str, page: EditionPage, files: tuple[str, ...], keep_content: bool,
           search_key: str, inputs: str) -> PageMemo:
        return cls(key, files, page.title, page.summary, page.coverage, page.provenance,
                   str(page.content) if keep_content else "", search_key, inputs)

    def page(self, source: SourcePage, language: Language, url: str) -> EditionPage:
        return EditionPage(source=source, language=language, url=url, title=self.title,
                           summary=self.summary, content=Markup(self.content), toc=[],
                           coverage=self.coverage, provenance=self.provenance)


@dataclass
class EditionMemo:
    """An edition's page memos, stored between builds (its pages' search terms are
    stored apart, as ``portal.search`` page_key -> PageTerms: they are large, and
    needed only when the edition is not reused whole)."""

    pages: dict[str, PageMemo] = field(default_factory=dict)
    edition: str = ""  # EditionKeys.edition
    files: tuple[str, ...] = ()  # every file the edition wrote (below its language folder)
    inputs: str = ""  # edition_inputs: when it is as last time, no page key needs computing
    home: LocalizedText | None = None  # the home page's title, for the language chooser
    az: str = ""  # the A-Z page's key (see EditionGenerator._write_az)

    def unchanged(self, keys: EditionKeys, pages: dict[str, SourcePage]) -> bool:
        """Whether the whole edition would come out as last time (its files may still be gone)."""
        return (self.edition == keys.edition and self.pages.keys() == pages.keys()
                and all(self.pages[path].key == keys.page(path, page) for path, page in pages.items()))


def site_key(prepared: PreparedSite) -> str:
    """What every page of every edition depends on, besides its own edition's texts (and
    the environment: the cache holding the keys answers only to the code that filled it)."""
    site = prepared.site
    return digest(
        site.link_targets(),
        repr([(path, page.meta) for path, page in site.pages.items()]),
        tree_digest([prepared.settings.content / "data"]),
    )


def sources_key(prepared: PreparedSite, site: str, changed: dict) -> str:
    """A digest of ``site_key``, every source page (all of it) and the pages' change dates."""
    return digest(site, repr(list(prepared.site.pages.items())), repr(sorted(changed.items())))


def edition_inputs(prepared: PreparedSite, sources: str, language: Language) -> str:
    """A digest of every input an edition reads, taken whole: ``sources_key`` and the catalogs
    (by their keys) of the languages along its fallback chain.

    A superset of what ``EditionKeys`` looks at, and cheap: while it is as
    last time, the edition comes out as last time without a page key being
    computed (a catalog edit in one language leaves the other editions to this).
    """
    keys = prepared.translations.catalog_keys
    chain = [lang.code for lang in prepared.settings.languages.chain(language)]
    return digest(sources, repr([(code, sorted(keys.get(code, {}).items())) for code in chain]))


class EditionKeys:
    """The edition's key and its pages' keys (see the module docstring)."""

    def __init__(self, prepared: PreparedSite, site: str, language: Language,
                 renderer: EditionRenderer, changed: dict, recorded: dict[str, PageMemo] | None = None):
        self.prepared = prepared
        self.language = language
        self.changed = changed
        self.recorded = recorded or {}  # the last build's page memos, with the keys and their inputs
        self._pages: dict[str, str] = {}  # path -> key, computed once
        self._inputs: dict[str, str] = {}  # path -> its inputs
        translations = prepared.translations
        languages = prepared.settings.languages
        chain = self.chain = [lang.code for lang in languages.chain(language)]
        theme = [(code, translations.theme[code].mime_headers, [(m.id, m.string, sorted(m.flags)) for m in
                                                                 translations.theme[code]])
                 for code in chain if code in translations.theme]
        data = [(path, self.shown_texts(path)) for path, found in prepared.messages.items() if found.page is None]
        # every page's title and summary as this edition shows them (in lists, menus, breadcrumbs)
        self.shown = {path: repr((renderer.title(page), self._summary(renderer, page)))
                      for path, page in prepared.site.pages.items()}
        everywhere = [self.shown.get("index.md"), *(self.shown[str(s.path)] for s in prepared.site.sections)]
        self.edition = digest(site, repr(theme), repr(data), repr(everywhere),
                              repr(translations.provenance.get(language.code)))

    def _summary(self, renderer: EditionRenderer, page: SourcePage):
        summary = page.meta.get("summary")
        return renderer.text(page, summary) if summary else None

    def shown_texts(self, path: str) -> str:
        """Every message of a source file as this edition shows it: the text, its language,
        whether it is stale. Exactly what the file's output depends on of the catalogs."""
        prepared = self.prepared
        lookup = MessageLookup(prepared.settings.languages, self.language,
                               prepared.translations.pages.get(path, {}))
        return repr([lookup(message) for message, _ in prepared.messages[path].messages])

    def _around(self, page: SourcePage) -> list:
        """Other pages' titles and summaries the page shows: its section's, or its members'."""
        if page.is_index:
            if page.section is None:
                return []  # the home page lists the sections, which are in the edition's key
            return [self.shown[str(member.path)] for member in self.prepared.site.members(page.section)]
        return [self.shown.get(f"{page.section}/index.md")] if page.section else []

    def page(self, path: str, page: SourcePage) -> str:
        key = self._pages.get(path)
        if key is None:
            recorded = self.recorded.get(path)
            if recorded is not None and recorded.inputs == self.inputs(path, page):
                key = recorded.key
            else:
                key = self._key(path, page, self.shown_texts(path))
            self._pages[path] = key
        return key

    def inputs(self, path: str, page: SourcePage) -> str:
        """The page's key with its catalogs' digests along the chain in place of the texts
        they give it: the key is a function of these."""
        found = self._inputs.get(path)
        if found is None:
            catalogs = self.prepared.translations.catalog_keys
            found = self._inputs[path] = self._key(
                path, page, repr([catalogs.get(code, {}).get(path) for code in self.chain]))
        return found

    def _key(self, path: str, page: SourcePage, texts: str) -> str:
        provenance = self.prepared.translations.page_provenance.get(path, {}).get(self.language.code)
        return digest(self.edition, path, page.body, self.shown[path], repr(self._around(page)),
                      texts, repr(provenance), repr(self.changed.get(path)))
