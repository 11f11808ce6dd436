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
import re
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup
from pelican.generators import Generator

from portal.assets import ThemeAssets
from portal.buildcache import digest, relative_files
from portal.catalogs import build_date
from portal.data.jsonld import FILTERS as DATA_FILTERS
from portal.data.views import DataView
from portal.editions import EditionPage, EditionRenderer, LocalizedText
from portal.history import source_change_dates
from portal.languages import Language
from portal.limits import bounded_rendering
from portal.marks import FILTERS as MARK_FILTERS
from portal.marks import GLOBALS as MARK_GLOBALS
from portal.marks import ThemeText
from portal.outputs import ROOT, EditionPaths
from portal.parallel import run_jobs, workers_for
from portal.project import PortalSettings, PreparedSite, prepare
from portal.publishing import META_CONTENT_SECURITY_POLICY
from portal.search import (
    EditionSearch,
    az_entries,
    az_groups,
    build_edition_search,
    find_lunr,
    pages_from_edition,
)
from portal.search import write_edition_search as write_search_files
from portal.search.edition import INDEX_FILE
from portal.shards import BuildPart
from portal.site import edition_url
from portal.status import LanguageStatus, as_json, language_status, page_status
from portal.theming import FILTERS, theme_gettext

from .datapages import DataPageWriter, GeneratedPage, Originals
from .memo import MISSING, BuildMemo
from .reuse import EditionReuse, PageMemo, SiteKeys, keep_inputs, known_inputs

logger = logging.getLogger(__name__)


HREF = re.compile(r'href="([^"]*)"')


def _not_linked(html: str, pages: list[EditionPage]) -> list[EditionPage]:
    """Those of ``pages`` that ``html`` does not link to (the home page lists the sections its
    own text does not, so that none is listed twice)."""
    targets = {href.rstrip("/").rsplit("/", 1)[-1] for href in HREF.findall(str(html))}
    return [page for page in pages if page.url.rstrip("/").rsplit("/", 1)[-1] not in targets]


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
        self.env.filters.update(MARK_FILTERS)
        self.env.globals.update(MARK_GLOBALS)
        self.env.install_null_translations(newstyle=True)
        self.prepared: PreparedSite | None = None

    def generate_context(self) -> None:
        portal_settings = PortalSettings.from_mapping(self.settings)
        # what the last build left to reuse (a plain `pelican` run has no cache: it renders everything)
        self.memo = BuildMemo(portal_settings, Path(self.output_path))
        # every problem, the output plan's included
        self.prepared = prepare(portal_settings, known_inputs(self.memo, portal_settings))
        self.source_changed = source_change_dates(self.prepared.site, portal_settings.layout)
        self.today = build_date()
        self.part = BuildPart.of(self.settings)  # a shard writes some editions, the merge the root
        self.source_pages: dict[str, EditionPage] = {}
        self.originals = self._originals() if self.part.editions != () else Originals({}, {})
        self.context["PORTAL_LANGUAGES_DECLARED"] = portal_settings.languages
        self.context["PORTAL_CSP"] = META_CONTENT_SECURITY_POLICY
        # Pages link relatively (they work from any folder, a zip, offline); hreflang
        # alternates, the sitemap and feeds need absolute URLs.
        self.context["ABSOLUTE_SITEURL"] = portal_settings.site_url.rstrip("/")
        self.lunr_js = find_lunr(self._search_roots())  # search: fail before writing anything
        self.assets = ThemeAssets.collect(Path(self.theme) / "static", {"js/lunr.js": self.lunr_js})
        self.env.globals["asset"] = self.assets.url
        # Pages served for a missing address at any depth (404.html) link root-absolute, from
        # the configured address's path ('' at a domain's root, '/repo' for a GitHub project site).
        self.site_path = urlsplit(portal_settings.site_url).path.rstrip("/")
        self.keys = SiteKeys.of(self.prepared, self.source_changed)

    def generate_output(self, writer) -> None:
        prepared = self.prepared
        languages = prepared.settings.languages
        editions = [language for language in languages if self.part.selects(language.code)]
        self._write_assets()
        # Two more jobs beside the editions, which need nothing the editions write: the
        # dashboard (a shard writes its editions' pages of it, and a merge none: it takes
        # them from the shards), and keeping what ``prepare`` found for the next build (after
        # a page edit, every language's catalog entries: 60 MB at 300 pages x 12).
        beside = [partial(keep_inputs, self.memo, prepared), *([partial(self._write_dashboard, writer)]
                                                                if editions else [])]
        written = run_jobs([*beside, *(partial(self._write_edition, writer, language) for language in editions)],
                           prepared.settings.workers)[len(beside):]
        if self.part.root:
            homes = {language.code: home for language, (_, home) in zip(editions, written, strict=True)}
            self._write_chooser(writer, {language.code: homes[language.code] if language.code in homes
                                         else self._home_title(language) for language in languages})
        logger.info("Wrote %d editions, %d pages", len(editions), sum(count for count, _ in written))

    def _home_title(self, language: Language) -> LocalizedText | None:
        """The title of an edition's home page, for the chooser of a build that does not write
        the edition (a merge of shards): rendered as the edition's own build renders it."""
        home = self.prepared.site.pages.get("index.md")
        if home is None:
            return None
        prepared = self.prepared
        renderer = EditionRenderer(prepared.site, prepared.settings.languages, language,
                                   prepared.translations, self._site_url())
        return self._render(renderer, home).title

    def _write_assets(self) -> None:
        """The theme's files under content-hashed names (linked from the last build when unchanged)."""
        output = Path(self.output_path)
        for name, published in self.assets.published.items():
            if not self.memo.link([published]):
                (output / published).parent.mkdir(parents=True, exist_ok=True)
                self.assets.write_one(name, output)

    def _originals(self) -> Originals:
        """The source edition's titles and blocks, which every edition's counter views pair with.

        Rendered once here; a page whose text and the site's routes are as in the
        last build keeps the originals rendered then. The pages rendered here are
        kept for the source edition, which would otherwise render them again.
        They are rendered on every core (a share of the pages each): the editions
        wait for them, so a second core would be idle meanwhile.
        """
        prepared = self.prepared
        site, languages = prepared.site, prepared.settings.languages
        renderer = EditionRenderer(site, languages, languages.source, prepared.translations, self._site_url())
        memo = self.memo.table("originals")
        routes = digest(site.link_targets(), repr(self._site_url()))
        keys = {path: digest(routes, repr(page)) for path, page in site.pages.items()}
        missing = [path for path, key in keys.items() if memo.get(path, key) is MISSING]
        workers = workers_for(len(missing), 1, prepared.settings.workers)
        shares = run_jobs([partial(self._render_share, renderer, missing[start::workers])
                           for start in range(workers)], workers) if missing else []
        for page in (page for share in shares for page in share):
            path = str(page.source.path)
            # the parent's own objects, not the worker's copies (``is`` tells languages apart)
            self.source_pages[path] = dataclasses.replace(page, source=site.pages[path], language=languages.source)
        for path, key in keys.items():
            rendered = self.source_pages.get(path)
            memo.put(path, key, memo.get(path, key) if rendered is None else (
                rendered.title, Originals.blocks_of(rendered)))
        memo.save()
        return Originals({path: title for path, (_, (title, _)) in memo.found.items()},
                         {path: blocks for path, (_, (_, blocks)) in memo.found.items()})

    # -- one edition -------------------------------------------------------

    def _site_url(self) -> str | None:
        settings = self.prepared.settings
        return None if settings.relative_urls else settings.site_url

    def _render_share(self, renderer: EditionRenderer, paths: list[str]) -> list[EditionPage]:
        """Some of the source edition's pages (a worker's share of ``_originals``)."""
        return [self._render(renderer, self.prepared.site.pages[path]) for path in paths]

    def _render(self, renderer: EditionRenderer, source) -> EditionPage:
        """One page, within the limits of ``portal.limits`` (past them, the page's problem)."""
        with bounded_rendering(f"{self.prepared.site.content_root.name}/{source.path}", source.body_line,
                               self.prepared.settings.page_time_limit):
            return renderer.render(source)

    def _write_edition(self, writer, language: Language) -> tuple[int, LocalizedText | None]:
        """Every file of one edition; returns its number of pages and its home page's title."""
        renderer = self._renderer(language)
        reuse = EditionReuse(self.memo, self.prepared, renderer, self.keys)
        if reuse.link_whole_edition():
            return len(self.prepared.site.pages) + 1, reuse.last.home
        pages, kept = self._render_or_reuse(renderer, reuse)
        common = self._edition_context(language, pages)
        data_pages = self._data_pages(writer, common, language, pages, kept)
        self._write_pages(writer, common, pages, kept, data_pages)
        data_pages.write_all()
        self._write_search_and_not_found_pages(writer, common, language)
        self._write_feed(writer, common, language, pages)
        search = self._write_search(language, pages, kept, reuse)
        az = self._write_az(writer, common, language, search, reuse)
        home = pages["index.md"].title if "index.md" in pages else None  # for the chooser
        reuse.keep(pages, kept, search, az, self._files_below(language.code), home)
        return len(pages) + 1, home

    def _renderer(self, language: Language) -> EditionRenderer:
        prepared = self.prepared
        return EditionRenderer(prepared.site, prepared.settings.languages, language, prepared.translations,
                               self._site_url())

    def _edition_context(self, language: Language, pages: dict[str, EditionPage]) -> dict:
        """What every template of the edition is given (the theme's strings installed for it)."""
        prepared = self.prepared
        site, languages = prepared.site, prepared.settings.languages
        self.env.install_gettext_translations(
            theme_gettext(prepared.translations, languages, language), newstyle=True)
        nav = [pages[str(section.path)] for section in site.sections]
        home_page = pages.get("index.md")
        view = DataView(prepared.data, languages, language, prepared.translations, self.today)
        common = dict(
            self.context,
            edition=language,
            languages=languages,
            home=home_page,
            nav=nav,
            provenance="source" if language is languages.source
            else prepared.translations.provenance.get(language.code, "draft"),
            feed_url=EditionPaths(language.code).feed if self._has_feed() else None,
            helplines=view.helplines(),
            quick_exit_url=prepared.settings.quick_exit_url,
            unlisted_sections=_not_linked(home_page.content, nav) if home_page is not None else nav,
            ui=ThemeText(prepared.translations.theme, languages.chain(language), language),
        )
        # the same on every page of the edition (WCAG 3.2.6): rendered once
        common["helpbar"] = Markup(self.get_template("_helpbar").render(common))
        return common

    def _write_pages(self, writer, common: dict, pages: dict[str, EditionPage], kept: dict[str, PageMemo],
                     data_pages: DataPageWriter) -> None:
        """The edition's Markdown pages (but those linked from the last build)."""
        for path, page in pages.items():
            if path not in kept:
                self._write_page(writer, common, pages, page, data_pages)

    def _write_page(self, writer, common: dict, pages: dict[str, EditionPage], page: EditionPage,
                    data_pages: DataPageWriter) -> None:
        """One Markdown page (``pages``: at least those it lists or links in its navigation)."""
        site, languages = self.prepared.site, self.prepared.settings.languages
        source = page.source
        if source.route == "":
            template, members = "home", common["nav"]
        elif source.is_index:
            template = "section"
            members = [pages[str(m.path)] for m in site.members(source.section)]
        else:
            template, members = "page", []
        alternates = self._alternates(source.route)
        writer.write_file(
            page.save_as, self.get_template(template), common, relative_urls=self.prepared.settings.relative_urls,
            page=page, members=members, section=self._section_of(pages, source),
            alternates=alternates, switcher=alternates,
            source_url=edition_url(languages.source.code, source.route),
            source_changed=self.source_changed.get(str(source.path)),
            **(data_pages.section_context(source.section) if source.is_index else {}),
        )

    def write_page_alone(self, writer, language: Language, path: str) -> str:
        """One page of one edition and nothing else; returns the name of the file written.

        The preview shows an edited page this way before the whole rebuild is
        done (``portal_pelican.firstpage``). It is rendered as the whole
        build renders it, with the pages its navigation and lists show
        rendered beside it, not the edition's other hundreds.
        """
        site = self.prepared.site
        source = site.pages[path]
        shown = {path, "index.md", *(str(section.path) for section in site.sections)}
        if source.section is not None:
            shown.add(f"{source.section}/index.md")
        if source.is_index and source.route:
            shown.update(str(member.path) for member in site.members(source.section))
        renderer = self._renderer(language)
        pages = {name: self._render(renderer, page) for name, page in site.pages.items() if name in shown}
        common = self._edition_context(language, pages)
        data_pages = self._data_pages(writer, common, language, pages, {})
        self._write_page(writer, common, pages, pages[path], data_pages)
        return pages[path].save_as

    def _data_pages(self, writer, common: dict, language: Language, pages: dict[str, EditionPage],
                    kept: dict[str, PageMemo]) -> DataPageWriter:
        """The writer of the edition's pages made from data, and of its counter views."""
        prepared = self.prepared
        view = DataView(prepared.data, prepared.settings.languages, language, prepared.translations, self.today)
        return DataPageWriter(prepared, view, self.originals, pages,
                              partial(self._write_generated, writer, common, prepared.settings.relative_urls),
                              self.get_template("_labels").make_module(common).labels,
                              reused=frozenset(kept))

    def _write_search_and_not_found_pages(self, writer, common: dict, language: Language) -> None:
        relative = self.prepared.settings.relative_urls
        paths = EditionPaths(language.code)
        writer.write_file(paths.search_page, self.get_template("search"), common,
                          relative_urls=relative, page=None, alternates=[],
                          switcher=[(lang, f"{lang.code}/search/") for lang in self.prepared.settings.languages])
        # served for any missing address below the edition (Netlify's nearest 404.html): root-absolute
        writer.write_file(paths.not_found, self.get_template("404"),
                          dict(common, SITEURL=self.site_path), relative_urls=False, page=None,
                          alternates=[], switcher=self._alternates(""))

    def _files_below(self, folder: str) -> tuple[str, ...]:
        """Every file written below ``folder`` of the output, relative to the output."""
        return tuple(sorted(f"{folder}/{name}" for name in relative_files(Path(self.output_path, folder))))

    def _render_or_reuse(self, renderer: EditionRenderer, reuse: EditionReuse
                         ) -> tuple[dict[str, EditionPage], dict[str, PageMemo]]:
        """Every page of the edition: linked from the previous output when its key is
        unchanged and its files are intact, rendered otherwise."""
        pages: dict[str, EditionPage] = {}
        kept: dict[str, PageMemo] = {}
        for path, source in self.prepared.site.pages.items():
            known = reuse.page(path, source)
            if known is not None:
                pages[path] = known.page(source, renderer.language,
                                         edition_url(renderer.language.code, source.route))
                kept[path] = known
            elif renderer.language is self.prepared.settings.languages.source and path in self.source_pages:
                pages[path] = self.source_pages[path]  # rendered for the originals already
            else:
                pages[path] = self._render(renderer, source)
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
        settings_file = self.prepared.settings.settings_file
        roots = [settings_file.parent] if settings_file else []
        return [*roots, Path(self.theme)]

    def _write_search(self, language: Language, pages: dict[str, EditionPage], kept: dict[str, PageMemo],
                      reuse: EditionReuse) -> EditionSearch:
        """The edition's search index files (its shards and chunks linked from the last build
        where their content-hashed names are the same).

        Returns what the next build reuses: the pages' search terms and the postings
        (``kept`` pages are not rendered this time: their terms are the last build's).
        """
        search_pages = [dataclasses.replace(search_page, key=kept[path].search_key) if path in kept
                        else search_page
                        for path, search_page in zip(pages, pages_from_edition(pages.values()), strict=True)]
        search = build_edition_search(search_pages, language.locale.language, str(language.locale),
                                      reuse.terms, reuse.postings, reuse.vocabulary)
        if not search.has_profile:
            logger.warning("search: no search profile for '%s'; using generic word matching "
                           "(no stemming): add one in portal/search/profiles.py", language.code)
        folder = EditionPaths(language.code).search
        linked = self.memo.link_each((name for name in search.files if name != INDEX_FILE), below=folder)
        write_search_files(search, Path(self.output_path, folder), skip=linked)
        return search

    def _write_az(self, writer, common: dict, language: Language, search: EditionSearch,
                  reuse: EditionReuse) -> str:
        """The edition's A-Z page (the search form's no-JS target); returns its key.

        The page shows the edition's titles and headings around what every page
        shows (the edition's key): when these are as last time, the last build's
        page is linked instead of sorted and rendered again.
        """
        entries = az_entries(search)
        key = digest(reuse.keys.edition, repr(entries))
        name = EditionPaths(language.code).az
        if not reuse.az_page(key, name):
            writer.write_file(name, self.get_template("az"), common,
                              relative_urls=self.prepared.settings.relative_urls, page=None,
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

    def _has_feed(self) -> bool:
        """Whether the editions have an Atom feed (of the feed sections' dated pages)."""
        site, settings = self.prepared.site, self.prepared.settings
        return bool(settings.site_url) and any("date" in page.meta for section in settings.feed_sections
                                               for page in site.members(section))

    def _feed_pages(self, pages: dict[str, EditionPage]) -> list[EditionPage]:
        site = self.prepared.site
        dated = [pages[str(p.path)] for section in self.prepared.settings.feed_sections
                 for p in site.members(section) if "date" in p.meta]
        return sorted(dated, key=lambda p: p.date, reverse=True) if self.prepared.settings.site_url else []

    def _write_feed(self, writer, common: dict, language: Language, pages: dict[str, EditionPage]) -> None:
        """The edition's Atom feed of dated pages, when the site has an address to put in it."""
        feed_pages = self._feed_pages(pages)
        if not feed_pages:
            return
        entries = [FeedEntry(page) for page in feed_pages]
        context = dict(common, SITENAME=common["home"].title.text if common["home"] else "",
                       SITEURL=self.prepared.settings.site_url, FEED_DOMAIN=self.prepared.settings.site_url)
        feed = EditionPaths(language.code).feed
        writer.write_feed(entries, context, path=feed, url=feed, feed_type="atom")

    # -- for translation coordinators ----------------------------------------

    def _write_dashboard(self, writer) -> int:
        """The translation dashboard, in every edition's language (``status/`` in the source
        language, ``status/<code>/`` in the others: outside the editions' own folders, which
        their own jobs write), and status.json beside it.

        Every copy has the summary of every language; the source language's copy (the
        editors') details every language's pages, each other copy its own language's, which
        is what its translators look for. The summary links to where a language is
        detailed: its own copy of the dashboard. Twelve copies of every language's detail
        were 12 x 690 KB at 300 pages, rendered again on every edit of a page.
        """
        prepared = self.prepared
        languages = prepared.settings.languages
        report = self._translation_status()
        status_urls = {status.code: {path: edition_url(status.code, page.route)
                                     for path, page in prepared.site.pages.items()}
                       for status in report}
        names = {language.code: ROOT.status_page(None if language is languages.source else language.code)
                 for language in languages}
        switcher = [(language, name.removesuffix("index.html")) for language, name in
                    zip(languages, names.values(), strict=True)]
        for language in (language for language in languages if self.part.selects(language.code)):
            self.env.install_gettext_translations(
                theme_gettext(prepared.translations, languages, language), newstyle=True)
            renderer = EditionRenderer(prepared.site, languages, language, prepared.translations, None)
            detailed = report if language is languages.source else [
                status for status in report if status.code == language.code]
            elsewhere = {status.code: names[status.code].removesuffix("index.html")
                         for status in report if status not in detailed}
            writer.write_file(
                names[language.code], self.get_template("status"), self.context,
                relative_urls=prepared.settings.relative_urls,
                edition=language, languages=languages, home=self._render(renderer, prepared.site.home),
                nav=[], page=None, alternates=[], switcher=switcher, provenance="source",
                ui=ThemeText(prepared.translations.theme, languages.chain(language), language),
                report=report, detailed=detailed, detailed_elsewhere=elsewhere, status_urls=status_urls)
        Path(self.output_path, ROOT.status_json).write_text(as_json(report), "utf-8")
        return len(languages)

    def _translation_status(self) -> list[LanguageStatus]:
        """Every target language's status. A page's part of it is counted again only where
        the page's messages or its catalog in that language changed since the last build."""
        prepared = self.prepared
        memo = self.memo.table("status")
        sources = {path: digest(repr(found.messages)) for path, found in prepared.messages.items()}
        report = []
        for language in prepared.settings.languages.targets:
            catalogs = prepared.translations.catalog_keys.get(language.code, {})
            pages = {}
            for path, found in prepared.messages.items():
                key = digest(sources[path], repr(catalogs.get(path)))
                status = memo.get((language.code, path), key)
                if status is MISSING:
                    status = page_status(path, found, prepared.translations.pages.get(path, {}).get(language.code, {}))
                memo.put((language.code, path), key, status)
                pages[path] = status
            report.append(language_status(language, prepared.messages, prepared.translations, pages))
        memo.save()
        return report

    # -- the root ------------------------------------------------------------

    def _write_chooser(self, writer, homes: dict[str, LocalizedText | None]) -> None:
        """The root page: every edition by its home page's title (``homes``, from the editions),
        and the root 404.html, which says "page not found" in every edition's language."""
        prepared = self.prepared
        languages = prepared.settings.languages
        # the root's texts in every edition's language, each marked with the language it is in
        # (the strings are listed in _labels.html, for extraction)
        texts = {language.code: ThemeText(prepared.translations.theme, languages.chain(language), language)
                 for language in languages}
        source = languages.source
        view = DataView(prepared.data, languages, source, prepared.translations, self.today)
        not_found = ("This page does not exist or has moved. Choose your language to start again "
                     "from its home page.")
        context = dict(
            self.context, edition=source, languages=languages, homes=homes,
            emergency=[line for line in view.helplines() if line.emergency],
            choose_label=texts[source.code]("Choose your language"),
            not_found_titles={code: text("Page not found") for code, text in texts.items()},
            not_found_texts={code: text(not_found) for code, text in texts.items()})
        relative = prepared.settings.relative_urls
        writer.write_file(ROOT.chooser, self.get_template("chooser"), context, relative_urls=relative,
                          page=None, alternates=self._alternates(""), not_found=False)
        # GitHub Pages serves it for every missing address, at any depth: root-absolute links
        writer.write_file(ROOT.not_found, self.get_template("chooser"), dict(context, SITEURL=self.site_path),
                          relative_urls=False, page=None, alternates=[], not_found=True)
