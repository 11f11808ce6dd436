"""A portal project's settings, and the one-time preparation of a build.

``PortalSettings`` is read from Pelican-style settings (a plain dict), so
the command line and the Pelican adapter share it. ``prepare`` reads and
checks everything a build needs before anything is written; every problem
is reported together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .buildcache import BuildCache, digest
from .catalogs import CatalogLayout
from .data.records import DataSet, load_data
from .editions import PageMessages, TranslationSet, check_source, load_translations, page_messages
from .languages import Languages, load_languages
from .problems import ProblemLog
from .segments import new_markdown
from .site import Site


@dataclass(frozen=True)
class PortalSettings:
    """The settings the portal library reads (paths made absolute)."""

    content: Path
    translations: Path
    theme_templates: Path
    languages: Languages
    feed_sections: tuple[str, ...]
    workers: int | None
    settings_file: Path | None
    directory_section: str = "directory"
    communities_section: str = "communities"
    visa_rules_route: str = "visas/rules"
    expired_rules: str = "flag"
    quick_exit_url: str = "https://www.wikipedia.org/"
    # sites a translation may link to although its source does not (a ministry's own
    # page in the reader's language); a host allows its subdomains too
    allowed_link_hosts: tuple[str, ...] = ()

    @property
    def layout(self) -> CatalogLayout:
        return CatalogLayout(self.translations)

    @classmethod
    def from_mapping(cls, settings: Mapping[str, Any], settings_file: Path | None = None) -> PortalSettings:
        settings_file = settings_file or (Path(settings["PORTAL_SETTINGS_FILE"])
                                          if settings.get("PORTAL_SETTINGS_FILE") else None)
        base = settings_file.parent if settings_file else Path.cwd()
        languages = load_languages(settings.get("PORTAL_LANGUAGES", []),
                                   settings.get("PORTAL_SOURCE_LANGUAGE", "ko"), settings_file)
        theme = Path(settings.get("THEME") or base / "theme")
        return cls(
            content=(base / settings.get("PATH", "content")).resolve(),
            translations=(base / settings.get("PORTAL_TRANSLATIONS", "translations")).resolve(),
            theme_templates=(base / theme / "templates").resolve(),
            languages=languages,
            feed_sections=tuple(settings.get("PORTAL_FEED_SECTIONS", ("notices",))),
            workers=settings.get("PORTAL_WORKERS"),
            settings_file=settings_file,
            directory_section=settings.get("PORTAL_DIRECTORY_SECTION", "directory"),
            communities_section=settings.get("PORTAL_COMMUNITIES_SECTION", "communities"),
            visa_rules_route=settings.get("PORTAL_VISA_RULES_ROUTE", "visas/rules"),
            expired_rules=settings.get("PORTAL_EXPIRED_RULES", "flag"),
            quick_exit_url=settings.get("PORTAL_QUICK_EXIT_URL", "https://www.wikipedia.org/"),
            allowed_link_hosts=_hosts(settings.get("PORTAL_ALLOWED_LINK_HOSTS", ())),
        )


def _hosts(value: Any) -> tuple[str, ...]:
    """``PORTAL_ALLOWED_LINK_HOSTS``: a list of host names (one name alone is a list of one)."""
    names = value.split() if isinstance(value, str) else value
    return tuple(sorted({str(name).strip().lower().rstrip(".") for name in names if str(name).strip()}))


@dataclass(frozen=True)
class PreparedSite:
    """Everything read and checked: the input of every language edition."""

    settings: PortalSettings
    site: Site
    data: DataSet
    messages: dict[str, PageMessages]
    translations: TranslationSet


def read_site(settings: PortalSettings, log: ProblemLog, cache: BuildCache | None = None
              ) -> tuple[Site, DataSet, dict[str, PageMessages]]:
    """The source pages, the data files and their messages, read once.

    With a ``cache``, a page whose text is unchanged since the last build
    keeps the messages found then.
    """
    site = Site.read(settings.content, log)
    data = load_data(settings.content, log)
    md, extension = new_markdown()
    known = cache.load("messages", {}) if cache else {}
    found: dict[str, tuple[str, tuple[tuple[str, int], ...]]] = {}
    for path, page in site.pages.items():
        key = digest(repr(page))
        hit = known.get(path)
        found[path] = hit if hit is not None and hit[0] == key else (key, page_messages(page, md, extension).messages)
    if cache:
        cache.stage("messages", found)
    messages = {path: PageMessages(site.pages[path], texts) for path, (_, texts) in found.items()}
    for path, texts in data.messages.items():
        messages[path] = PageMessages(None, tuple(texts))
    return site, data, messages


def check_page_communities(site: Site, data: DataSet, log: ProblemLog) -> None:
    """A page's ``communities:`` must name communities that exist."""
    known = data.ids("communities")
    for path, page in site.pages.items():
        for community in page.meta.get("communities", []):
            if community not in known:
                log.add(f"{site.content_root.name}/{path}", page.meta_lines.get("communities"),
                        f"unknown community '{community}'",
                        f"known communities: {', '.join(sorted(known)) or 'none (content/data/communities.yml)'}")


def collect(settings: PortalSettings, log: ProblemLog, cache: BuildCache | None = None) -> PreparedSite:
    """Read source and catalogs; every problem that would break the build goes to ``log``.

    ``cache``: see ``read_site`` and ``load_translations``.
    """
    site, data, messages = read_site(settings, log, cache)
    check_source(site, messages, log)
    check_page_communities(site, data, log)
    translations = load_translations(site, settings.languages, settings.layout, messages, log, cache,
                                     settings.workers, settings.allowed_link_hosts)
    return PreparedSite(settings, site, data, messages, translations)


def prepare(settings: PortalSettings, cache: BuildCache | None = None) -> PreparedSite:
    """Read source and catalogs, check them, and raise every problem at once."""
    log = ProblemLog()
    prepared = collect(settings, log, cache)
    log.raise_if_any()
    return prepared
