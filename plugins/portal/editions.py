"""A language edition: every source page rendered in one language.

Translations for every page and language are read and checked once, in
``load_translations``; an ``EditionRenderer`` then renders pages for one
language. An edition is a pure function of (site, translations, settings),
so editions can be rendered in parallel.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import markdown

from .buildcache import FileDigests, digest
from .catalogs import THEME_DOMAIN, CatalogLayout, PortalCatalog, page_domain, read_catalog
from .checks import TranslationChecks, bidi_problem, theme_problems
from .languages import Language, Languages
from .parallel import run_jobs
from .problems import Problem, ProblemLog
from .sanitize import sanitize_blocks
from .segments import Resolution, extract_messages, new_markdown, serialize_blocks
from .site import Site, edition_url, save_as
from .source import TRANSLATABLE_KEYS, SourcePage
from .translation import Coverage, Entries, MessageLookup, PageTranslations, catalog_entries


@dataclass(frozen=True)
class LocalizedText:
    """A piece of text with the language it is really in, when that differs."""

    text: str
    lang: str | None = None
    dir: str | None = None
    stale: bool = False

    def __str__(self) -> str:
        return self.text

    @classmethod
    def from_resolution(cls, resolution: Resolution) -> LocalizedText:
        return cls(resolution.text, resolution.language, resolution.direction, resolution.stale)


@dataclass(frozen=True)
class PageMessages:
    """A source file's messages, with their source lines.

    For a page (front matter first, then the body) ``page`` is set; for a
    data file it is None.
    """

    page: SourcePage | None
    messages: tuple[tuple[str, int], ...]


def page_messages(page: SourcePage, md: markdown.Markdown, extension) -> PageMessages:
    """Front matter title and summary, then the body's messages, in order."""
    found = [(page.meta[key].strip(), page.meta_lines.get(key, 1))
             for key in TRANSLATABLE_KEYS if key in page.meta]
    found += [(m.message, m.line) for m in extract_messages(md, extension, page.body, page.body_line)]
    return PageMessages(page, tuple(found))


@dataclass
class TranslationSet:
    """Every page's usable translations in every language, read once per build."""

    pages: PageTranslations = field(default_factory=PageTranslations)
    theme: dict[str, PortalCatalog] = field(default_factory=dict)
    provenance: dict[str, str] = field(default_factory=dict)  # per language, from theme.po
    page_provenance: dict[str, dict[str, str]] = field(default_factory=dict)  # page -> language
    revised: dict[str, str] = field(default_factory=dict)  # latest PO-Revision-Date per language
    # language -> catalog (a page's path, or THEME_DOMAIN) -> a digest of its bytes and of what
    # it was checked against: an edition whose chain's digests are all as last time reads the same
    catalog_keys: dict[str, dict[str, str]] = field(default_factory=dict)
    # language -> the problems of translations left out by `portal build --keep-going`
    # (each message falls back along the chain, as an untranslated one does)
    broken: dict[str, list[Problem]] = field(default_factory=dict)

    def note_revision(self, code: str, revision_date) -> None:
        if isinstance(revision_date, dt.datetime):
            stamp = revision_date.date().isoformat()
            if stamp > self.revised.get(code, ""):
                self.revised[code] = stamp


@dataclass(frozen=True)
class CheckedCatalog:
    """What reading and checking one page's catalog found, kept between builds.

    ``key`` digests everything the result depends on besides the
    generator's code (see ``BuildCache``): the catalog's bytes, the page's
    messages and the site's routes (links are checked). A catalog whose key
    is unchanged is not read again.
    """

    key: str
    revision_date: object
    provenance: str
    entries: Entries
    problems: tuple[tuple[str, int | None, str, str], ...]  # (file, line, message, hint)


def _check_catalog(checks: TranslationChecks, found: PageMessages, catalog: PortalCatalog, key: str,
                   display: str, keep_going: bool = False) -> CheckedCatalog:
    """A page catalog's usable entries and the problems of the translations the page uses
    (``keep_going``: a translation with a problem is left out of the entries, so the page
    shows the message along its fallback chain; the problem is still reported)."""
    entries = catalog_entries(catalog)
    problems = []
    wanted = {message for message, _ in found.messages}
    for msgid, entry in list(entries.items()):
        if msgid not in wanted:
            continue
        found_problems = checks.breaking(found.page, msgid, entry.text)
        if entry.fuzzy:
            # A stale translation may still link where its old source did: it is
            # never shown then (the fallback is), and it is no error to stop on.
            if found_problems:
                entries[msgid] = dataclasses.replace(entry, broken=True)
            continue
        problems += [(display, entry.line, message, hint) for message, hint in found_problems]
        if found_problems and keep_going:
            del entries[msgid]
    return CheckedCatalog(key, catalog.revision_date, catalog.provenance, entries, tuple(problems))


PLURAL_COUNT = re.compile(r"nplurals\s*=\s*(\d+)")


def theme_catalog_problems(catalog: PortalCatalog, language: Language, display: str,
                           data: bytes) -> list[Problem]:
    """Every problem of a theme catalog's translations (fuzzy ones are never shown).

    Theme strings reach every page of an edition and of every edition whose
    fallback chain passes through it: the build refuses all of these.
    """
    problems = []
    expected = PLURAL_COUNT.search(language.plural_forms)
    if expected and catalog.num_plurals != int(expected.group(1)):
        line = next((number for number, text in enumerate(data.splitlines(), 1)
                     if text.startswith(b'"Plural-Forms:')), None)
        problems.append(Problem(display, line, f"the Plural-Forms header gives {catalog.num_plurals} "
                                f"plural forms; {language.name} has {expected.group(1)} (CLDR)",
                                "run `portal update`: it sets the header from CLDR; then fill every form"))
    for message in catalog:
        if message.id and not message.fuzzy:
            problems += [Problem(display, message.lineno, text, hint)
                         for text, hint in theme_problems(message.id, message.string)]
    return problems


def _display(layout: CatalogLayout, path: Path) -> str:
    try:
        return str(path.relative_to(layout.root.parent))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class KnownCatalogs:
    """What an earlier build found of the catalogs, as the caller kept it (the library keeps nothing).

    ``checked``: language -> page -> its ``CheckedCatalog`` without its entries;
    ``entries(code)``: page -> (its key, its entries pickled), asked only when
    an unchanged catalog's entries are needed; ``files`` knows files' digests
    without reading them.
    """

    checked: Mapping[str, Mapping[str, CheckedCatalog]] = field(default_factory=dict)
    entries: Callable[[str], Mapping[str, tuple[str, bytes]]] = lambda code: {}
    files: FileDigests | None = None


@dataclass
class FoundCatalogs:
    """One language's catalogs as this build found them: what a caller keeps for the next.

    ``changed`` is False when they are exactly the known ones (there is then
    nothing new to keep); ``entries()`` gives page -> (key, entries pickled).
    """

    checked: dict[str, CheckedCatalog]  # entries left out
    changed: bool
    entries: Callable[[], dict[str, tuple[str, bytes]]]


def load_translations(site: Site, languages: Languages, layout: CatalogLayout,
                      messages: dict[str, PageMessages], log: ProblemLog,
                      known: KnownCatalogs | None = None, workers: int | None = None,
                      allowed_hosts: tuple[str, ...] = (), keep_going: bool = False
                      ) -> tuple[TranslationSet, dict[str, FoundCatalogs]]:
    """Read every catalog once, checking each translation the site will use.

    A page catalog whose ``CheckedCatalog.key`` is the one ``known`` has is
    not read again: its check, problems included, is taken from there (the
    caller answers for ``known`` coming from the same code). The others are
    read and checked one language per job, the jobs spread over ``workers``
    processes. Returns the translations and, per target language, what was
    found (for the caller to keep). With ``keep_going`` the problems of
    translations go to ``TranslationSet.broken`` instead of ``log``, and those
    translations are left out (see ``_check_catalog``).
    """
    known = known or KnownCatalogs()
    translations = TranslationSet()
    routes = digest(site.link_targets(), repr(allowed_hosts), *(["keep going"] if keep_going else []))
    sources = {path: digest(routes, repr(found)) for path, found in messages.items()}
    for code in layout.language_codes():
        if code not in languages:
            log.add(_display(layout, layout.root / code), None,
                    f"translations folder for language '{code}', which is not declared",
                    f"declare it in PORTAL_LANGUAGES, or remove the folder; declared: "
                    f"{', '.join(languages.codes)}")
    targets = [language.code for language in languages if language is not languages.source]
    last = {code: known.checked.get(code, {}) for code in targets}
    present = {code: _page_catalogs(layout, messages, sources, code, known.files) for code in targets}
    stale = {code: {path: found for path, found in present[code].items()
                    if path not in last[code] or last[code][path].key != found.key}
             for code in targets}
    redone = [code for code in targets if stale[code]]
    checks = TranslationChecks(site, allowed_hosts)  # shared by the jobs of each worker
    checked = dict(zip(redone, run_jobs([partial(_check_catalogs, checks, messages, stale[code], keep_going)
                                         for code in redone], workers), strict=True))
    found: dict[str, FoundCatalogs] = {}
    for language in languages:
        _load_theme_catalog(translations, layout, language, log)
        if language is languages.source:
            continue
        code = language.code
        translations.catalog_keys.setdefault(code, {}).update(
            (path, listed.key) for path, listed in present[code].items())
        results: dict[str, CheckedCatalog] = {}
        for path in present[code]:  # in page order, so problems are too
            result = checked[code][path] if path in stale[code] else last[code][path]
            if isinstance(result, list):  # unreadable: its problems
                log.extend(result)
                continue
            results[path] = result
            for problem in result.problems:
                if keep_going:
                    translations.broken.setdefault(code, []).append(Problem(*problem))
                else:
                    log.add(*problem)
            translations.note_revision(code, result.revision_date)
            translations.page_provenance.setdefault(path, {})[code] = result.provenance
        reused = {path: result.key for path, result in results.items() if path not in stale[code]}
        blobs = partial(_entry_blobs, known.entries, code, reused, checks, messages, present[code], keep_going)
        if reused:
            translations.pages.add_later(code, reused, blobs)
        for path, result in results.items():
            if path in stale[code]:
                translations.pages.add(code, path, result.entries)
        found[code] = FoundCatalogs(
            {path: dataclasses.replace(result, entries={}) for path, result in results.items()},
            bool(stale[code]) or results.keys() != last[code].keys(),
            partial(_kept_entries, results, stale[code], blobs if reused else dict))
    return translations, found


def _load_theme_catalog(translations: TranslationSet, layout: CatalogLayout, language: Language,
                        log: ProblemLog) -> None:
    """A language's theme catalog, read and checked (it is small: read every time)."""
    theme_path = layout.catalog(language.code, THEME_DOMAIN)
    if not theme_path.exists():
        return
    theme_bytes = theme_path.read_bytes()
    translations.catalog_keys.setdefault(language.code, {})[THEME_DOMAIN] = digest(theme_bytes)
    display = _display(layout, theme_path)
    catalog = read_catalog(theme_path, log, display, theme_bytes)
    if catalog is not None:
        log.extend(theme_catalog_problems(catalog, language, display, theme_bytes))
        translations.theme[language.code] = catalog
        translations.provenance[language.code] = catalog.provenance


def _kept_entries(results: dict[str, CheckedCatalog], stale: dict, reused: Callable[[], dict[str, bytes]]
                  ) -> dict[str, tuple[str, bytes]]:
    """Every catalog's (key, pickled entries): the unchanged ones' bytes as they were kept."""
    kept = reused()
    return {path: (result.key, kept[path] if path in kept else pickle.dumps(
                result.entries, protocol=pickle.HIGHEST_PROTOCOL))
            for path, result in results.items() if path in kept or path in stale}


def _entry_blobs(stored_entries: Callable[[str], Mapping[str, tuple[str, bytes]]], code: str,
                 keys: dict[str, str], checks: TranslationChecks, messages: dict[str, PageMessages],
                 present: dict[str, _PageCatalog], keep_going: bool = False) -> dict[str, bytes]:
    """The pickled entries of unchanged catalogs (``keys``: path -> key), as kept by the caller.

    Each page's entries are kept pickled on their own, so that a rebuild
    that keeps a language again after one catalog changed copies the
    others' bytes instead of unpickling and pickling them. A catalog missing
    there (the cache was damaged) is read and checked again.
    """
    stored = stored_entries(code) or {}
    found = {path: stored[path][1] for path, key in keys.items() if path in stored and stored[path][0] == key}
    missing = {path: present[path] for path in keys if path not in found}
    if missing:
        found.update((path, pickle.dumps(result.entries, protocol=pickle.HIGHEST_PROTOCOL))
                     for path, result in _check_catalogs(checks, messages, missing, keep_going).items()
                     if not isinstance(result, list))
    return found


@dataclass(frozen=True)
class _PageCatalog:
    """A page catalog on disk and its ``CheckedCatalog.key`` (its bytes are not kept: a
    build holding every catalog's bytes at once would need their size again in memory)."""

    path: Path
    display: str
    source: str  # the digest of what the page's catalog is checked against
    key: str

    @classmethod
    def read(cls, path: Path, display: str, source: str) -> tuple[_PageCatalog, bytes]:
        data = path.read_bytes()
        return cls(path, display, source, digest(source, display, digest(data))), data

    @classmethod
    def listed(cls, path: Path, display: str, source: str, files: FileDigests | None) -> _PageCatalog:
        """Its key without reading it, when ``files`` knows its digest."""
        if files is None:
            return cls.read(path, display, source)[0]
        return cls(path, display, source, digest(source, display, files.digest(str(path))))


def _page_catalogs(layout: CatalogLayout, messages: dict[str, PageMessages], sources: dict[str, str],
                   code: str, files: FileDigests | None) -> dict[str, _PageCatalog]:
    found = {}
    for path in messages:
        catalog_path = layout.catalog(code, page_domain(path))
        if catalog_path.exists():
            found[path] = _PageCatalog.listed(catalog_path, _display(layout, catalog_path), sources[path], files)
    return found


def _check_catalogs(checks: TranslationChecks, messages: dict[str, PageMessages],
                    catalogs: dict[str, _PageCatalog], keep_going: bool = False
                    ) -> dict[str, CheckedCatalog | list[Problem]]:
    """Page catalogs parsed and checked; an unreadable one gives its problems instead."""
    results: dict[str, CheckedCatalog | list[Problem]] = {}
    for path, listed in catalogs.items():
        found, data = _PageCatalog.read(listed.path, listed.display, listed.source)  # as it is now
        log = ProblemLog()
        catalog = read_catalog(found.path, log, found.display, data)
        results[path] = log.problems if catalog is None else _check_catalog(
            checks, messages[path], catalog, found.key, found.display, keep_going)
    return results


def check_page_catalog(site: Site, found: PageMessages, catalog_path: Path, display: str,
                       allowed_hosts: tuple[str, ...] = (), keep_going: bool = False
                       ) -> CheckedCatalog | list[Problem]:
    """One page's catalog read and checked as ``load_translations`` checks every one (the
    preview's edited catalog); an unreadable one gives its problems instead."""
    listed = _PageCatalog(catalog_path, display, "", "")
    checks = TranslationChecks(site, allowed_hosts)
    return _check_catalogs(checks, {"page": found}, {"page": listed}, keep_going)["page"]


def check_source(site: Site, messages: dict[str, PageMessages], log: ProblemLog) -> dict[str, frozenset[str]]:
    """The source's own text: links and images that resolve, no third-party resources, no
    direction controls (see ``TranslationChecks.source_problems``); data texts too.

    Returns, for each page whose check read other pages (the heading ids its ``#fragment``
    links name), those pages: its result depends on them too.
    """
    checks = TranslationChecks(site)
    read_others = {}
    for path, found in messages.items():
        display = f"{site.content_root.name}/{path}"
        if found.page is None:  # a data file: its texts
            for message, line in found.messages:
                bidi = bidi_problem(message, "the text")
                if bidi:
                    log.add(display, line, *bidi)
            continue
        checks.anchors_read.clear()
        for line, message, hint in checks.source_problems(found.page, found.messages):
            log.add(display, line, message, hint)
        if checks.anchors_read - {path}:
            read_others[path] = frozenset(checks.anchors_read - {path})
    return read_others


@dataclass
class EditionPage:
    """One page of one edition, ready for a template."""

    source: SourcePage
    language: Language
    url: str
    title: LocalizedText
    summary: LocalizedText | None
    content: str
    toc: list[dict]
    coverage: Coverage
    provenance: str | None = None  # from the page's catalog header; None for the source
    blocks: list[str] = field(default_factory=list)  # the body's top-level blocks, for the counter view

    @property
    def save_as(self) -> str:
        return save_as(self.url)

    @property
    def route(self) -> str:
        return self.source.route

    @property
    def date(self):
        return self.source.meta.get("date")

    @property
    def modified(self):
        return self.source.meta.get("modified")

    @property
    def sample(self) -> bool:
        return bool(self.source.meta.get("sample"))


class EditionRenderer:
    """Renders the pages of one language edition (one Markdown converter each)."""

    def __init__(self, site: Site, languages: Languages, language: Language,
                 translations: TranslationSet, site_url: str | None):
        self.site = site
        self.languages = languages
        self.language = language
        self.translations = translations
        self.site_url = site_url
        self.md, self.segments = new_markdown()

    def _lookup(self, page: SourcePage) -> MessageLookup:
        return MessageLookup(self.languages, self.language,
                             self.translations.pages.get(str(page.path), {}))

    def title(self, page: SourcePage) -> LocalizedText:
        """A page's title alone (for lists of editions, without rendering the body)."""
        return LocalizedText.from_resolution(self._lookup(page)(page.title.strip()))

    def text(self, page: SourcePage, text: str) -> LocalizedText:
        """One of a page's messages (its summary, say) in this edition."""
        return LocalizedText.from_resolution(self._lookup(page)(text.strip()))

    def render(self, page: SourcePage) -> EditionPage:
        """One page in this edition; its blocks line up one to one with every other edition's.

        (Translations cannot change the block structure, so the counter view can
        pair a page's blocks with the source's.)
        """
        lookup = self._lookup(page)
        title = LocalizedText.from_resolution(lookup(page.title.strip()))
        summary = page.meta.get("summary")
        summary_text = LocalizedText.from_resolution(lookup(summary.strip())) if summary else None
        self.segments.handler = lookup
        self.segments.resolve_link = self.site.link_resolver(page, self.language.code, self.site_url)
        self.md.reset()
        self.md.convert(page.body)
        content, blocks = sanitize_blocks(serialize_blocks(self.md, self.segments.blocks))
        return EditionPage(
            source=page, language=self.language, url=edition_url(self.language.code, page.route),
            title=title, summary=summary_text, content=content,
            toc=list(getattr(self.md, "toc_tokens", [])), coverage=lookup.coverage,
            provenance=self.translations.page_provenance.get(str(page.path), {}).get(self.language.code),
            blocks=blocks if not page.is_index else [])

    def render_all(self) -> dict[str, EditionPage]:
        return {path: self.render(page) for path, page in self.site.pages.items()}
