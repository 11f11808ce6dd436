"""The one-time preparation of a build: everything read and checked before anything is written.

``collect`` reads the source, the data and every catalog, and checks them
and the plan of every file the site will write (``outputs``); every
problem is reported together. The settings are ``settings.PortalSettings``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .buildcache import digest
from .data.records import DataSet, load_data
from .editions import (
    EditionRenderer,
    FoundCatalogs,
    KnownCatalogs,
    PageMessages,
    TranslationSet,
    check_source,
    load_translations,
    page_messages,
)
from .limits import MAX_MESSAGE_CHARS, bounded_rendering
from .outputs import OutputPlan, check_output_paths
from .parallel import run_jobs, workers_for
from .phonelinks import check_phone_numbers
from .problems import PortalError, Problem, ProblemLog
from .segments import new_markdown
from .settings import PortalSettings
from .site import Site
from .source import SourcePage, read_source_page

__all__ = ["Known", "PortalSettings", "PreparedSite", "collect", "page_fingerprint", "prepare", "read_site",
           "reread_page"]

Messages = tuple[tuple[str, int], ...]  # a file's messages, each with its source line
CheckedAgainst = tuple[tuple[str, str], ...]  # other pages a file's check read, with their fingerprints
FILES_PER_WORKER = 60  # below this many files a worker, segmenting or checking them is not worth a fork


@dataclass(frozen=True)
class Known:
    """What an earlier build found, handed back by the caller (the library keeps nothing).

    ``messages``: a page's messages by its ``page_fingerprint``;
    ``catalogs``: see ``editions.load_translations``;
    ``clean``: the ``source_check_key`` of each file whose source checks found nothing,
    with the other pages the checks read (by path) and their ``page_fingerprint``.
    """

    messages: Mapping[str, Messages] = field(default_factory=dict)
    catalogs: KnownCatalogs = field(default_factory=KnownCatalogs)
    clean: Mapping[str, CheckedAgainst] = field(default_factory=dict)


def page_fingerprint(page: SourcePage) -> str:
    """Everything a page's messages are a function of (its front matter and body, with their lines)."""
    return digest(repr(page))


@dataclass(frozen=True)
class PreparedSite:
    """Everything read and checked: the input of every language edition."""

    settings: PortalSettings
    site: Site
    data: DataSet
    messages: dict[str, PageMessages]
    translations: TranslationSet
    outputs: OutputPlan
    found_catalogs: dict[str, FoundCatalogs] = field(default_factory=dict, compare=False)
    clean: dict[str, CheckedAgainst] = field(default_factory=dict, compare=False)  # for ``Known.clean``


def source_check_key(found: PageMessages, link_targets: str) -> str:
    """What a file's source checks look at besides other pages' headings: the file (front
    matter, body, messages) and the site's routes and files."""
    return digest(repr(found.page), repr(found.messages), link_targets)


def read_site(settings: PortalSettings, log: ProblemLog, known: Mapping[str, Messages] | None = None
              ) -> tuple[Site, DataSet, dict[str, PageMessages]]:
    """The source pages, the data files and their messages, read once.

    ``known``: messages found earlier, by ``page_fingerprint``; a page that
    has them is not segmented again.
    """
    site = Site.read(settings.content, log)
    data = load_data(settings.content, log)
    known = known or {}
    texts = {path: known.get(page_fingerprint(page)) for path, page in site.pages.items()}
    segmented = _segmented(settings, site, [path for path, found in texts.items() if found is None])
    messages: dict[str, PageMessages] = {}
    for path, page in site.pages.items():
        if texts[path] is None:
            texts[path], problems = segmented[path]
            log.extend(problems)  # in page order, as one process would find them
        messages[path] = PageMessages(page, texts[path])
    for path, found in data.messages.items():
        messages[path] = PageMessages(None, tuple(found))
    return site, data, messages


def _segmented(settings: PortalSettings, site: Site, paths: list[str]
               ) -> dict[str, tuple[Messages, list[Problem]]]:
    """The messages of the pages at ``paths``, with the problems found, shared out over the
    workers: segmenting a page is a whole Python-Markdown conversion (1.2 s for 300 pages,
    which kept one core busy and the other idle at the start of a cold build)."""
    workers = workers_for(len(paths), FILES_PER_WORKER, settings.workers)
    shares = run_jobs([partial(_segment_share, settings, site, paths[start::workers]) for start in range(workers)],
                      workers)
    return {path: found for share in shares for path, found in share.items()}


def _segment_share(settings: PortalSettings, site: Site, paths: list[str]
                   ) -> dict[str, tuple[Messages, list[Problem]]]:
    md, extension = new_markdown()
    found = {}
    for path in paths:
        log = ProblemLog()
        texts, failed = _messages_of(settings, site, site.pages[path], md, extension, log)
        if failed:
            md, extension = new_markdown()  # the failed parse may have left it half-way
        found[path] = (texts, log.problems)
    return found


def _messages_of(settings: PortalSettings, site: Site, page: SourcePage, md, extension, log: ProblemLog
                 ) -> tuple[Messages, bool]:
    """A page's messages, their sizes checked; (messages, whether segmenting it failed)."""
    display = f"{site.content_root.name}/{page.path}"
    try:
        with bounded_rendering(display, page.body_line, settings.page_time_limit):
            texts = page_messages(page, md, extension).messages
    except PortalError as error:
        log.extend(error.problems)
        return (), True
    _check_message_sizes(display, texts, log)
    return texts, False


def reread_page(settings: PortalSettings, site: Site, data: DataSet, file: Path, log: ProblemLog
                ) -> PageMessages | None:
    """One Markdown file read again and checked as ``collect`` checks every page (the preview
    shows an edited page before the whole rebuild); None when it has problems (in ``log``)."""
    before = len(log.problems)
    page = read_source_page(site.content_root, file, log)
    if page is None:
        return None
    md, extension = new_markdown()
    texts, _ = _messages_of(settings, site, page, md, extension, log)
    found = PageMessages(page, texts)
    edited = dataclasses.replace(site, pages={**site.pages, str(page.path): page})
    check_source(edited, {str(page.path): found}, log)
    check_phone_numbers(site.content_root.name, {str(page.path): found}, log)
    check_page_communities(dataclasses.replace(site, pages={str(page.path): page}), data, log)
    return found if len(log.problems) == before else None


def _check_message_sizes(display: str, messages: tuple[tuple[str, int], ...], log: ProblemLog) -> None:
    for text, line in messages:
        if len(text) > MAX_MESSAGE_CHARS:
            log.add(display, line, f"this block is {len(text):,} characters long, more than the "
                    f"{MAX_MESSAGE_CHARS:,} one message for translators may have",
                    "split it into paragraphs (a blank line between them): one idea per paragraph")


def check_source_rendering(site: Site, prepared_languages, translations: TranslationSet,
                           settings: PortalSettings, log: ProblemLog) -> None:
    """Render every source page once, within the limits, so a page Markdown cannot render
    in bounded time is reported by ``portal check`` too (a build renders them anyway)."""
    renderer = EditionRenderer(site, prepared_languages, prepared_languages.source, translations, None)
    for path, page in site.pages.items():
        try:
            with bounded_rendering(f"{site.content_root.name}/{path}", page.body_line,
                                   settings.page_time_limit):
                renderer.render(page)
        except PortalError as error:
            log.extend(error.problems)


def check_page_communities(site: Site, data: DataSet, log: ProblemLog) -> None:
    """A page's ``communities:`` must name communities that exist."""
    known = data.ids("communities")
    for path, page in site.pages.items():
        for community in page.meta.get("communities", []):
            if community not in known:
                log.add(f"{site.content_root.name}/{path}", page.meta_lines.get("communities"),
                        f"unknown community '{community}'",
                        f"known communities: {', '.join(sorted(known)) or 'none (content/data/communities.yml)'}")


def collect(settings: PortalSettings, log: ProblemLog, known: Known | None = None,
            render_source: bool = True) -> PreparedSite:
    """Read source and catalogs; every problem that would break the build goes to ``log``.

    ``known``: what an earlier build found (see ``Known``). ``render_source``
    renders the source edition once to find pages that cannot be rendered
    (a build, which renders them first anyway, does without).
    """
    known = known or Known()
    site, data, messages = read_site(settings, log, known.messages)
    outputs = check_output_paths(settings, site, data, log)
    clean = _check_source_files(site, messages, log, known.clean, settings.workers)
    check_page_communities(site, data, log)
    translations, found = load_translations(site, settings.languages, settings.layout, messages, log,
                                            known.catalogs, settings.workers, settings.allowed_link_hosts,
                                            settings.keep_going)
    if render_source and not log:
        check_source_rendering(site, settings.languages, translations, settings, log)
    return PreparedSite(settings, site, data, messages, translations, outputs, found, clean)


def _check_source_files(site: Site, messages: dict[str, PageMessages], log: ProblemLog,
                        clean: Mapping[str, CheckedAgainst], workers: int | None = None
                        ) -> dict[str, CheckedAgainst]:
    """The source's own checks (links, resources, direction controls, phone numbers) of every
    file but those an earlier build found clean as they, and the pages they read, are now.
    Returns what ``Known.clean`` holds, for the next build."""
    targets = site.link_targets()
    fingerprints = {path: page_fingerprint(page) for path, page in site.pages.items()}
    keys = {path: source_check_key(found, targets) for path, found in messages.items()}
    unchecked = {path: found for path, found in messages.items()
                 if keys[path] not in clean or any(fingerprints.get(other) != fingerprint
                                                   for other, fingerprint in clean[keys[path]])}
    before = len(log.problems)
    read_others = _source_checks(site, unchecked, log, workers)
    with_problems = {problem.path for problem in log.problems[before:]}
    found_clean = {}
    for path, key in keys.items():
        if path not in unchecked:
            found_clean[key] = clean[key]
        elif f"{site.content_root.name}/{path}" not in with_problems:
            found_clean[key] = tuple(sorted((other, fingerprints[other]) for other in read_others.get(path, ())))
    return found_clean


def _source_checks(site: Site, messages: dict[str, PageMessages], log: ProblemLog, workers: int | None
                   ) -> dict[str, frozenset[str]]:
    """``check_source`` and ``check_phone_numbers`` of ``messages``, in runs of files shared
    out over the workers (0.57 s of a cold build at 300 pages, on one core while the other
    waited). Their problems are logged as one process logs them: every file's source
    problems in file order, then every file's phone numbers."""
    paths = list(messages)
    workers = workers_for(len(paths), FILES_PER_WORKER, workers)
    run = -(-len(paths) // workers)  # files per run, rounded up
    shares = run_jobs([partial(_check_share, site, {path: messages[path] for path in paths[start:start + run]})
                       for start in range(0, len(paths), run)], workers) if paths else []
    for source_problems, _, _ in shares:
        log.extend(source_problems)
    for _, phone_problems, _ in shares:
        log.extend(phone_problems)
    return {path: others for _, _, read_others in shares for path, others in read_others.items()}


def _check_share(site: Site, messages: dict[str, PageMessages]
                 ) -> tuple[list[Problem], list[Problem], dict[str, frozenset[str]]]:
    source, phones = ProblemLog(), ProblemLog()
    read_others = check_source(site, messages, source)
    check_phone_numbers(site.content_root.name, messages, phones)
    return source.problems, phones.problems, read_others


def prepare(settings: PortalSettings, known: Known | None = None, render_source: bool = False
            ) -> PreparedSite:
    """Read source and catalogs, check them, and raise every problem at once."""
    log = ProblemLog()
    prepared = collect(settings, log, known, render_source)
    log.raise_if_any()
    return prepared
