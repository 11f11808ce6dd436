"""The Pelican generator that writes one edition per language.

``generate_context`` reads and checks the source and every catalog once
(raising every problem before anything is written); ``generate_output``
renders the editions in parallel, one process per core, through Pelican's
writer and the theme's Jinja2 templates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from functools import partial
from pathlib import Path

from pelican.generators import Generator

from portal.buildcache import cache_and_previous, digest, relative_files
from portal.catalogs import build_date
from portal.data.jsonld import FILTERS as DATA_FILTERS
from portal.data.views import DataView
from portal.editions import EditionPage, EditionRenderer, LocalizedText
from portal.history import source_change_dates
from portal.languages import Language
from portal.parallel import run_jobs
from portal.project import PortalSettings, PreparedSite, prepare
from portal.publishing import META_CONTENT_SECURITY_POLICY
from portal.search import (
    EditionSearch,
    az_entries,
    az_groups,
    build_edition_search,
    copy_lunr,
    find_lunr,
    pages_from_edition,
)
from portal.search import write_edition_search as write_search_files
from portal.search.postings import EditionPostings
from portal.site import edition_url
from portal.status import LanguageStatus, as_json, language_status, page_status
from portal.theming import FILTERS, theme_gettext

from .datapages import COUNTER, DataPageWriter, GeneratedPage, Originals
from .reuse import EditionKeys, EditionMemo, PageMemo, edition_inputs, site_key, sources_key

logger = logging.getLogger(__name__)


class FeedEntry:
    """What Pelican's feed writer reads from an item, for one edition page.

    Dates are naive: Pelican's writer puts them in the TIMEZONE setting.
    """

    def __init__(self, page: EditionPage):
        self.title = page.title.text
        self.url = page.url
        self.summary = page.summary.text if page.summary else ""
        self._content = page.content
        self.date = dt.datetime.combine(page.date, dt.time())
        self.modified = dt.datetime.combine(page.modified or page.date, dt.time())

    def get_content(self, site_url: str) -> str:
        return self._content


def set_feed_language(context, feed) -> None:
    """Give each Atom feed the xml:lang of its edition (Pelican leaves it unset)."""
    edition = context.get("edition") if hasattr(context, "get") else None
    if isinstance(edition, Language):
        feed.feed["language"] = edition.tag


class EditionGenerator(Generator):
    """Writes every page of every language edition, and the language chooser."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Content and translations are untrusted: every variable is escaped unless it is
        # Markup (sanitized HTML), whatever the JINJA_ENVIRONMENT setting says.
        self.env.autoescape = True
        self.env.filters.update(FILTERS)
        self.env.filters.update(DATA_FILTERS)
        self.env.install_null_translations(newstyle=True)
        self.prepared: PreparedSite | None = None
        # Set by build.py: the cache and the previous output to reuse unchanged pages from.
        # A plain `pelican` run has neither, and renders everything.
        self.cache, self.previous = cache_and_previous(self.settings)

    def generate_context(self) -> None:
        portal_settings = PortalSettings.from_mapping(self.settings)
        self.prepared = prepare(portal_settings, self.cache)
        self.source_changed = source_change_dates(self.prepared.site)
        self.today = build_date()
        self.originals = self._originals()
        self.context["PORTAL_LANGUAGES_DECLARED"] = portal_settings.languages
        self.context["PORTAL_CSP"] = META_CONTENT_SECURITY_POLICY
        # Pages link relatively (they work from any folder, a zip, offline); hreflang
        # alternates, the sitemap and feeds need absolute URLs.
        self.context["ABSOLUTE_SITEURL"] = self.settings.get("SITEURL", "").rstrip("/")
        self.lunr_js = find_lunr(self._search_roots())  # search: fail before writing anything
        self.site_key = site_key(self.prepared)
        self.sources_key = sources_key(self.prepared, self.site_key, self.source_changed)

    def generate_output(self, writer) -> None:
        prepared = self.prepared
        languages = prepared.settings.languages
        copy_lunr(self.lunr_js, Path(self.output_path))  # search
        # the dashboard is one more job: it needs nothing the editions write
        jobs = [partial(self._write_dashboard, writer),
                *(partial(self._write_edition, writer, language) for language in languages)]
        _, *written = run_jobs(jobs, prepared.settings.workers)
        self._write_chooser(writer, {language.code: home for language, (_, home) in zip(languages, written,
                                                                                        strict=True)})
        logger.info("Wrote %d editions, %d pages", len(languages), sum(count for count, _ in written))

    def _originals(self) -> Originals:
        """The source edition's titles and blocks, which every edition's counter views pair with.

        Rendered once here; a page whose text and the site's routes are as in the
        last build keeps the originals rendered then. The pages rendered here are
        kept for the source edition, which would otherwise render them again.
        """
        prepared = self.prepared
        site, languages = prepared.site, prepared.settings.languages
        renderer = EditionRenderer(site, languages, languages.source, prepared.translations, self._site_url())
        known = self.cache.load("originals", {}) if self.cache else {}
        routes = digest(site.link_targets(), repr(self._site_url()))
        found = {}
        self.source_pages: dict[str, EditionPage] = {}
        for path, page in site.pages.items():
            key = digest(routes, repr(page))
            hit = known.get(path)
            if hit is None or hit[0] != key:
                rendered = self.source_pages[path] = renderer.render(page)
                hit = (key, rendered.title, Originals.blocks_of(rendered))
            found[path] = hit
        if self.cache:
            self.cache.stage("originals", found)
        return Originals({path: title for path, (_, title, _) in found.items()},
                         {path: blocks for path, (_, _, blocks) in found.items()})

    # -- one edition -------------------------------------------------------

    def _site_url(self) -> str | None:
        return None if self.settings.get("RELATIVE_URLS") else self.settings.get("SITEURL", "")

    def _write_edition(self, writer, language: Language) -> tuple[int, LocalizedText | None]:
        prepared = self.prepared
        site, languages = prepared.site, prepared.settings.languages
        memo_name = f"edition-{language.code}"
        memo = self.cache.load(memo_name, EditionMemo()) if self.cache else EditionMemo()
        inputs = edition_inputs(prepared, self.sources_key, language)
        if memo.inputs == inputs and self.previous.link_all(memo.files, Path(self.output_path)):
            return len(site.pages) + 1, memo.home  # every file linked; the cache's entries stay
        renderer = EditionRenderer(site, languages, language, prepared.translations, self._site_url())
        keys = EditionKeys(prepared, self.site_key, language, renderer, self.source_changed, memo.pages)
        if memo.unchanged(keys, site.pages) and self.previous.link_all(memo.files, Path(self.output_path)):
            if self.cache:
                self.cache.stage(memo_name, dataclasses.replace(memo, inputs=inputs))
            return len(site.pages) + 1, memo.home
        search_memo = f"search-{language.code}"
        known_terms = self.cache.load(search_memo, {}) if self.cache else {}
        pages, kept = self._render_or_reuse(renderer, keys, memo, known_terms)
        self.env.install_gettext_translations(
            theme_gettext(prepared.translations, languages, language), newstyle=True)
        nav = [pages[str(section.path)] for section in site.sections]
        home_page = pages.get("index.md")
        home = home_page.title if home_page else None  # for the chooser
        feed_pages = self._feed_pages(pages)
        view = DataView(prepared.data, languages, language, prepared.translations, self.today)
        common = dict(
            self.context,
            edition=language,
            languages=languages,
            home=home_page,
            nav=nav,
            provenance="source" if language is languages.source
            else prepared.translations.provenance.get(language.code, "draft"),
            feed_url=f"{language.code}/feed.xml" if feed_pages else None,
            helplines=view.helplines(),
            quick_exit_url=prepared.settings.quick_exit_url,
        )
        relative = bool(self.settings.get("RELATIVE_URLS"))
        data_pages = DataPageWriter(prepared, view, self.originals, pages,
                                    partial(self._write_generated, writer, common, relative),
                                    self.get_template("_labels").make_module(common).labels,
                                    reused=frozenset(kept))
        for path, page in pages.items():
            source = page.source
            if path in kept:
                continue
            if source.route == "":
                template, members = "home", nav
            elif source.is_index:
                template = "section"
                members = [pages[str(m.path)] for m in site.members(source.section)]
            else:
                template, members = "page", []
            alternates = self._alternates(source.route)
            writer.write_file(
                page.save_as, self.get_template(template), common, relative_urls=relative,
                page=page, members=members, section=self._section_of(pages, source),
                alternates=alternates, switcher=alternates,
                source_url=edition_url(languages.source.code, source.route),
                source_changed=self.source_changed.get(path),
                **(data_pages.section_context(source.section) if source.is_index else {}),
            )
        data_pages.write_all()
        writer.write_file(f"{language.code}/404.html", self.get_template("404"), common,
                          relative_urls=relative, page=None, alternates=[],
                          switcher=self._alternates(""))
        if feed_pages:
            self._write_feed(writer, common, feed_pages, language)
        postings_memo = f"postings-{language.code}"
        postings = self.cache.load(postings_memo) if self.cache else None
        search = self._write_search(writer, common, language, pages, kept, known_terms,
                                    postings if isinstance(postings, EditionPostings) else None)
        az_key = self._write_az(writer, common, language, search, keys.edition, memo.az)
        if self.cache:
            page_memos = {}
            for number, (path, page) in enumerate(pages.items()):
                page_inputs = keys.inputs(path, page.source)
                page_memos[path] = dataclasses.replace(kept[path], inputs=page_inputs) if path in kept else (
                    PageMemo.of(keys.page(path, page.source), page,
                                (page.save_as, *(() if page.source.is_index else (page.url + COUNTER,))),
                                "date" in page.source.meta, search.postings.pages[number], page_inputs))
            self.cache.stage(memo_name, EditionMemo(page_memos, keys.edition, self._files_below(language.code),
                                                    inputs, home, az_key))
            self.cache.stage(search_memo, search.page_terms)
            self.cache.stage(postings_memo, search.postings)
        return len(pages) + 1, home

    def _files_below(self, folder: str) -> tuple[str, ...]:
        """Every file written below ``folder`` of the output, relative to the output."""
        return tuple(sorted(f"{folder}/{name}" for name in relative_files(Path(self.output_path, folder))))

    def _render_or_reuse(self, renderer: EditionRenderer, keys: EditionKeys,
                         memo: EditionMemo, known_terms: dict
                         ) -> tuple[dict[str, EditionPage], dict[str, PageMemo]]:
        """Every page of the edition: linked from the previous output when its key is
        unchanged and its files are intact, rendered otherwise."""
        pages: dict[str, EditionPage] = {}
        kept: dict[str, PageMemo] = {}
        output = Path(self.output_path)
        for path, source in self.prepared.site.pages.items():
            known = memo.pages.get(path)
            if (known is not None and known.key == keys.page(path, source)
                    and known.search_key in known_terms and self.previous.link_all(known.files, output)):
                pages[path] = known.page(source, renderer.language,
                                         edition_url(renderer.language.code, source.route))
                kept[path] = known
            elif renderer.language is self.prepared.settings.languages.source and path in self.source_pages:
                pages[path] = self.source_pages[path]  # rendered for the originals already
            else:
                pages[path] = renderer.render(source)
        return pages, kept

    def _write_generated(self, writer, common: dict, relative: bool, template: str,
                         page: GeneratedPage, **context) -> None:
        """Write a page generated from data (or a counter view) like any other page."""
        alternates = [(lang, url + page.filename) for lang, url in self._alternates(page.route)]
        writer.write_file(page.save_as, self.get_template(template), common, relative_urls=relative,
                          page=page, alternates=alternates, switcher=alternates, section=None,
                          source_url=edition_url(self.prepared.settings.languages.source.code, page.route),
                          **context)

    # -- search --------------------------------------------------------------

    def _search_roots(self) -> list[Path]:
        """Where node_modules/ may be: beside the settings file, or the theme."""
        roots = [Path(self.settings["PORTAL_SETTINGS_FILE"]).parent] if self.settings.get(
            "PORTAL_SETTINGS_FILE") else []
        return [*roots, Path(self.theme)]

    def _write_search(self, writer, common: dict, language: Language, pages: dict[str, EditionPage],
                      kept: dict[str, PageMemo], known: dict, previous: EditionPostings | None) -> EditionSearch:
        """The edition's search index files.

        Returns what the next build reuses: the pages' search terms and the postings
        (``known`` and ``previous`` are the last build's; ``kept`` pages are not rendered this time).
        """
        search_pages = [dataclasses.replace(search_page, key=kept[path].search_key) if path in kept
                        else search_page
                        for path, search_page in zip(pages, pages_from_edition(pages.values()), strict=True)]
        search = build_edition_search(search_pages, language.locale.language, str(language.locale), known,
                                      previous)
        if not search.has_profile:
            logger.warning("search: no search profile for '%s'; using generic word matching "
                           "(no stemming): add one in portal/search/profiles.py", language.code)
        output = Path(self.output_path)
        write_search_files(search, output / language.code / "search",
                           lambda name: self.previous.link_all([f"{language.code}/search/{name}"], output))
        return search

    def _write_az(self, writer, common: dict, language: Language, search: EditionSearch,
                  edition_key: str, recorded: str) -> str:
        """The edition's A-Z page (the search form's no-JS target); returns its key.

        The page shows the edition's titles and headings around what every page
        shows (``edition_key``): when these are as last time (``recorded``), the
        last build's page is linked instead of sorted and rendered again.
        """
        entries = az_entries(search)
        key = digest(edition_key, repr(entries))
        name = f"{language.code}/az/index.html"
        if key != recorded or not self.previous.link_all([name], Path(self.output_path)):
            writer.write_file(name, self.get_template("az"), common,
                              relative_urls=bool(self.settings.get("RELATIVE_URLS")), page=None,
                              alternates=[], switcher=[(lang, f"{lang.code}/az/") for lang in
                                                       self.prepared.settings.languages],
                              az_groups=az_groups(entries, str(language.locale)))
        return key

    def _section_of(self, pages: dict[str, EditionPage], source) -> EditionPage | None:
        if source.section is None or source.is_index:
            return None
        return pages.get(f"{source.section}/index.md")

    def _alternates(self, route: str) -> list[tuple[Language, str]]:
        return [(lang, edition_url(lang.code, route)) for lang in self.prepared.settings.languages]

    def _feed_pages(self, pages: dict[str, EditionPage]) -> list[EditionPage]:
        site = self.prepared.site
        dated = [pages[str(p.path)] for section in self.prepared.settings.feed_sections
                 for p in site.members(section) if "date" in p.meta]
        return sorted(dated, key=lambda p: p.date, reverse=True) if self.settings.get("SITEURL") else []

    def _write_feed(self, writer, common: dict, feed_pages: list[EditionPage], language: Language) -> None:
        entries = [FeedEntry(page) for page in feed_pages]
        context = dict(common, SITENAME=common["home"].title.text if common["home"] else "",
                       SITEURL=self.settings["SITEURL"], FEED_DOMAIN=self.settings["SITEURL"])
        writer.write_feed(entries, context, path=f"{language.code}/feed.xml",
                          url=f"{language.code}/feed.xml", feed_type="atom")

    # -- for translation coordinators ----------------------------------------

    def _write_dashboard(self, writer) -> int:
        """The translation dashboard (in the source language) and status.json beside it."""
        prepared = self.prepared
        languages = prepared.settings.languages
        report = self._translation_status()
        source = languages.source
        self.env.install_gettext_translations(
            theme_gettext(prepared.translations, languages, source), newstyle=True)
        renderer = EditionRenderer(prepared.site, languages, source, prepared.translations, None)
        status_urls = {status.code: {path: edition_url(status.code, page.route)
                                     for path, page in prepared.site.pages.items()}
                       for status in report}
        writer.write_file(
            "status/index.html", self.get_template("status"), self.context,
            relative_urls=bool(self.settings.get("RELATIVE_URLS")),
            edition=source, languages=languages, home=renderer.render(prepared.site.home),
            nav=[], page=None, alternates=[], switcher=self._alternates(""), provenance="source",
            report=report, status_urls=status_urls)
        Path(self.output_path, "status.json").write_text(as_json(report), "utf-8")
        return 1

    def _translation_status(self) -> list[LanguageStatus]:
        """Every target language's status. A page's part of it is counted again only where
        the page's messages or its catalog in that language changed since the last build."""
        prepared = self.prepared
        known = self.cache.load("status", {}) if self.cache else {}
        sources = {path: digest(repr(found.messages)) for path, found in prepared.messages.items()}
        report, recorded = [], {}
        for language in prepared.settings.languages.targets:
            catalogs = prepared.translations.catalog_keys.get(language.code, {})
            last = known.get(language.code, {})
            pages = {}
            for path, found in prepared.messages.items():
                key = digest(sources[path], repr(catalogs.get(path)))
                hit = last.get(path)
                pages[path] = (key, hit[1] if hit is not None and hit[0] == key else page_status(
                    path, found, prepared.translations.pages.get(path, {}).get(language.code, {})))
            report.append(language_status(language, prepared.messages, prepared.translations,
                                          {path: status for path, (_, status) in pages.items()}))
            recorded[language.code] = pages
        if self.cache:
            self.cache.stage("status", recorded)
        return report

    # -- the root ------------------------------------------------------------

    def _write_chooser(self, writer, homes: dict[str, LocalizedText | None]) -> None:
        """The root page: every edition by its home page's title (``homes``, from the editions)."""
        languages = self.prepared.settings.languages
        context = dict(self.context, edition=languages.source, languages=languages, homes=homes)
        relative = bool(self.settings.get("RELATIVE_URLS"))
        for name in ("index.html", "404.html"):
            writer.write_file(name, self.get_template("chooser"), context, relative_urls=relative,
                              page=None, alternates=self._alternates(""), not_found=name == "404.html")

