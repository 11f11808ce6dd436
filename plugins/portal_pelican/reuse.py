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

import dataclasses
from dataclasses import dataclass, field

from markupsafe import Markup

from portal.buildcache import digest, tree_digest
from portal.catalogs import build_date
from portal.data.views import validities
from portal.editions import EditionPage, EditionRenderer, KnownCatalogs, LocalizedText
from portal.languages import Language
from portal.outputs import COUNTER
from portal.project import Known, PreparedSite, page_fingerprint
from portal.search import EditionSearch, SplitVocabulary
from portal.search.postings import EditionPostings
from portal.settings import PortalSettings
from portal.source import SourcePage
from portal.translation import Coverage, MessageLookup

from .memo import BuildMemo


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
    shown_inputs: str = ""  # EditionKeys.shown_inputs, which ``title`` and ``summary`` are a function of

    @classmethod
    def of(cls, key: str, page: EditionPage, files: tuple[str, ...], keep_content: bool,
           search_key: str, inputs: str, shown_inputs: str) -> PageMemo:
        return cls(key, files, page.title, page.summary, page.coverage, page.provenance,
                   str(page.content) if keep_content else "", search_key, inputs, shown_inputs)

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
    the environment: the cache holding the keys answers only to the code that filled it).

    Of the build date, only what it decides (which visa rules have expired or are yet to
    start): a build on the next day reuses every page this leaves as it was.
    """
    site = prepared.site
    return digest(
        site.link_targets(),
        repr([(path, page.meta) for path, page in site.pages.items()]),
        tree_digest([prepared.settings.content / "data"]),
        repr(validities(prepared.data, build_date())),
    )


@dataclass(frozen=True)
class SiteKeys:
    """The keys every edition shares: ``site_key``, ``sources_key`` and the pages' change dates."""

    site: str
    sources: str
    changed: dict

    @classmethod
    def of(cls, prepared: PreparedSite, changed: dict) -> SiteKeys:
        site = site_key(prepared)
        return cls(site, sources_key(prepared, site, changed), changed)


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
        # every page's title and summary as this edition shows them (in lists, menus, breadcrumbs):
        # the last build's where their inputs are as they were (no catalog of theirs is loaded then)
        self.shown = {}
        for path, page in prepared.site.pages.items():
            recorded = self.recorded.get(path)
            if recorded is not None and recorded.shown_inputs == self.shown_inputs(path, page):
                self.shown[path] = repr((recorded.title, recorded.summary))
            else:
                self.shown[path] = repr((renderer.title(page), self._summary(renderer, page)))
        everywhere = [self.shown.get("index.md"), *(self.shown[str(s.path)] for s in prepared.site.sections)]
        self.edition = digest(site, repr(theme), repr(data), repr(everywhere),
                              repr(translations.provenance.get(language.code)))

    def shown_inputs(self, path: str, page: SourcePage) -> str:
        """What the page's title and summary in this edition are a function of: the source's,
        and the digests of the page's catalogs along the chain."""
        catalogs = self.prepared.translations.catalog_keys
        return digest(path, repr(page.title), repr(page.meta.get("summary")),
                      repr([catalogs.get(code, {}).get(path) for code in self.chain]))

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


# -- what the library is given back, and what it found ------------------------

def known_inputs(memo: BuildMemo, settings: PortalSettings) -> Known:
    """The messages and catalog checks of the last build, for ``portal.project.prepare``."""
    targets = [language.code for language in settings.languages.targets]
    return Known(
        messages=memo.table("messages").by_fingerprint(),
        catalogs=KnownCatalogs(checked={code: memo.entry(f"catalogs-{code}", {}) for code in targets},
                               entries=lambda code: memo.entry(f"entries-{code}", {}),
                               files=memo.file_digests()),
        clean=_dict_or_empty(memo.entry("clean-sources")))


def _dict_or_empty(value) -> dict:
    return value if isinstance(value, dict) else {}


def keep_inputs(memo: BuildMemo, prepared: PreparedSite) -> None:
    """What ``prepare`` found, for the next build (only what changed is staged again)."""
    messages = memo.table("messages")
    for path, page in prepared.site.pages.items():
        messages.put(path, page_fingerprint(page), prepared.messages[path].messages)
    messages.save()
    memo.keep("clean-sources", prepared.clean)
    for code, found in prepared.found_catalogs.items():
        if found.changed:
            memo.keep(f"catalogs-{code}", found.checked)
            memo.keep(f"entries-{code}", found.entries())


# -- one edition -----------------------------------------------------------------

class EditionReuse:
    """What of one edition the last build wrote that this build keeps, and what it records.

    The edition is linked whole when its inputs are as last time
    (``edition_inputs``), or when every page's key is; otherwise single
    pages are (``page``), and the rest is rendered.
    """

    def __init__(self, memo: BuildMemo, prepared: PreparedSite, renderer: EditionRenderer,
                 keys: SiteKeys):
        self.memo = memo
        self.prepared = prepared
        self.renderer = renderer
        self.site_keys = keys
        self.code = renderer.language.code
        last = memo.entry(f"edition-{self.code}", EditionMemo())
        self.last = last if isinstance(last, EditionMemo) else EditionMemo()
        self.inputs = edition_inputs(prepared, keys.sources, renderer.language)
        self._keys: EditionKeys | None = None
        self.terms: dict = {}
        self.postings: EditionPostings | None = None
        self.vocabulary: SplitVocabulary | None = None

    @property
    def keys(self) -> EditionKeys:
        """The edition's and its pages' keys, computed when first needed (not for an edition
        whose inputs are all as last time)."""
        if self._keys is None:
            self._keys = EditionKeys(self.prepared, self.site_keys.site, self.renderer.language, self.renderer,
                                     self.site_keys.changed, self.last.pages)
        return self._keys

    def link_whole_edition(self) -> bool:
        """Link every file of the edition from the last build, if it would come out the same."""
        if self.last.inputs == self.inputs and self.memo.link(self.last.files):
            return True  # the cache's entries stay as they are
        if self.last.unchanged(self.keys, self.prepared.site.pages) and self.memo.link(self.last.files):
            self.memo.keep(f"edition-{self.code}", dataclasses.replace(self.last, inputs=self.inputs))
            return True
        terms = self.memo.entry(f"search-{self.code}", {})
        self.terms = terms if isinstance(terms, dict) else {}
        postings = self.memo.entry(f"postings-{self.code}")
        self.postings = postings if isinstance(postings, EditionPostings) else None
        vocabulary = self.memo.entry(f"vocabulary-{self.code}")
        self.vocabulary = vocabulary if isinstance(vocabulary, SplitVocabulary) else None
        return False

    def page(self, path: str, source: SourcePage) -> PageMemo | None:
        """The page's memo, when its files were linked from the last build (unchanged)."""
        known = self.last.pages.get(path)
        if (known is not None and known.key == self.keys.page(path, source)
                and known.search_key in self.terms and self.memo.link(known.files)):
            return known
        return None

    def az_page(self, key: str, name: str) -> bool:
        """Whether the A-Z page, keyed ``key``, was linked from the last build."""
        return key == self.last.az and self.memo.link([name])

    def keep(self, pages: dict[str, EditionPage], kept: dict[str, PageMemo], search: EditionSearch,
             az: str, files: tuple[str, ...], home: LocalizedText | None) -> None:
        """Record the edition as written, for the next build."""
        keys = self.keys
        memos = {}
        for number, (path, page) in enumerate(pages.items()):
            inputs, shown = keys.inputs(path, page.source), keys.shown_inputs(path, page.source)
            memos[path] = dataclasses.replace(kept[path], inputs=inputs, shown_inputs=shown) if path in kept else (
                PageMemo.of(keys.page(path, page.source), page,
                            (page.save_as, *(() if page.source.is_index else (page.url + COUNTER,))),
                            "date" in page.source.meta, search.postings.pages[number], inputs, shown))
        self.memo.keep(f"edition-{self.code}", EditionMemo(memos, keys.edition, files, self.inputs, home, az))
        self.memo.keep(f"search-{self.code}", search.page_terms)
        self.memo.keep(f"postings-{self.code}", search.postings)
        if search.vocabulary is not None:
            self.memo.keep(f"vocabulary-{self.code}", search.vocabulary)
