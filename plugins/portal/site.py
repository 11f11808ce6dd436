"""The source site as a whole: its pages, sections, static files and URLs.

Built once per build from the content folder; every language edition is
rendered from this one model, so nothing here is repeated per language.
"""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from .problems import ProblemLog
from .source import SourcePage, read_source_tree, route_of

FILENAME_PREFIX = "{filename}"


def edition_url(code: str, route: str) -> str:
    """A page's URL from the site root: 'en/', 'en/visas/regional-e7/'."""
    return f"{code}/{route}/" if route else f"{code}/"


def save_as(url: str) -> str:
    return url + "index.html" if url.endswith("/") else url


def relative_url(target: str, from_url: str) -> str:
    """The link from the page at ``from_url`` to ``target`` (both from the site root)."""
    base = from_url if from_url.endswith("/") else posixpath.dirname(from_url)
    relative = posixpath.relpath("/" + target, "/" + base)
    if target.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return "./" if relative == "./" or relative == "." else relative


def _split(href: str):
    """The parts of a URL, as a browser reads it (backslashes as slashes); None when malformed."""
    try:
        return urlsplit(href.strip().replace("\\", "/"))
    except ValueError:  # "http://[": an unclosed IPv6 address
        return None


def is_external(href: str) -> bool:
    """Not a link to one of the site's own files: another site, a scheme, an absolute path, a fragment."""
    parts = _split(href)
    return parts is None or bool(parts.scheme) or href.startswith(("#", "/", "//"))


def is_offsite(href: str) -> bool:
    """A link or resource that leaves the site: any scheme (https:, mailto:, tel:) or ``//host``.

    Browsers read a backslash as a slash in a URL (``\\\\evil.example``
    is ``//evil.example``), so backslashes count as slashes here too.
    """
    if href.strip().startswith(FILENAME_PREFIX):
        return False
    parts = _split(href)
    return parts is None or bool(parts.scheme) or href.strip().replace("\\", "/").startswith("//")


def link_host(href: str) -> str | None:
    """The host of an http(s) or ``//`` link, lower case; None for other links."""
    parts = _split(href)
    if parts is None or parts.scheme.lower() not in ("http", "https", "") or not parts.netloc:
        return None
    try:
        return parts.hostname or None  # lower case already
    except ValueError:
        return None


def host_allowed(href: str, hosts: Iterable[str]) -> bool:
    """Whether ``href`` is an http(s) link to one of ``hosts`` or a subdomain of one."""
    host = link_host(href)
    return host is not None and any(host == allowed or host.endswith("." + allowed) for allowed in hosts)


@dataclass(frozen=True)
class Site:
    """Every source page and static file, indexed for lookups and listings."""

    content_root: Path
    pages: dict[str, SourcePage]
    static_files: frozenset[str]
    routes: dict[str, str]  # every Markdown file, valid or not, so links to it resolve

    @classmethod
    def read(cls, content_root: Path, log: ProblemLog) -> Site:
        pages = {str(page.path): page for page in read_source_tree(content_root, log)}
        files = [PurePosixPath(p.relative_to(content_root).as_posix())
                 for p in content_root.rglob("*") if p.is_file() and not p.name.startswith(".")]
        static = frozenset(str(p) for p in files if p.suffix != ".md")
        routes = {str(p): route_of(p) for p in files if p.suffix == ".md"}
        site = cls(content_root, pages, static, routes)
        if pages and "index.md" not in pages:
            log.add(f"{content_root.name}/index.md", None, "the site has no home page",
                    "create content/index.md with a title")
        return site

    def link_targets(self) -> str:
        """Every route and static file, as text: what every page's links resolve against
        (a build digests it, with what else a cached result depends on)."""
        return repr((sorted(self.routes.items()), sorted(self.static_files)))

    @property
    def home(self) -> SourcePage | None:
        return self.pages.get("index.md")

    @property
    def sections(self) -> list[SourcePage]:
        """Section index pages (content/<section>/index.md), in navigation order."""
        found = [p for p in self.pages.values() if p.is_index and len(p.path.parts) == 2]
        return sorted(found, key=lambda p: (p.meta.get("order", 1000), str(p.path)))

    def members(self, section: str) -> list[SourcePage]:
        """Pages of a section: dated ones newest first, then by order and title."""
        found = [p for p in self.pages.values() if p.section == section and not p.is_index]
        return sorted(found, key=lambda p: (
            -(p.meta["date"].toordinal()) if "date" in p.meta else 0,
            p.meta.get("order", 1000), p.title))

    def resolve_target(self, page: SourcePage, href: str) -> tuple[str, str] | None:
        """What a relative link in ``page`` points at: ('page', route) or ('static', path).

        None when it points at nothing that exists; external links and
        fragments are not looked at (the caller leaves them alone).
        """
        path, _, _ = href.partition("#")
        path = path.removeprefix(FILENAME_PREFIX)
        if not path:
            return None
        joined = posixpath.normpath(str(PurePosixPath(page.path.parent) / path))
        if joined in self.routes:
            return "page", self.routes[joined]
        if joined in self.static_files:
            return "static", joined
        return None

    def link_resolver(self, page: SourcePage, code: str, site_url: str | None) -> Callable[[str], str]:
        """A function turning the editor's link into this edition's URL.

        Relative links are relative to the page's folder, so they also work
        from its counter view (``counter.html`` in the same folder).
        """
        page_url = edition_url(code, page.route)

        def resolve(href: str) -> str:
            if is_external(href) and not href.startswith(FILENAME_PREFIX):
                return href
            target = self.resolve_target(page, href)
            if target is None:
                return href
            kind, where = target
            url = edition_url(code, where) if kind == "page" else where
            fragment = href.partition("#")[2]
            link = f"{site_url}/{url}" if site_url is not None else relative_url(url, page_url)
            return f"{link}#{fragment}" if fragment else link

        return resolve

    def nearest_target(self, page: SourcePage, href: str) -> str | None:
        """The site's file closest in spelling to what ``href`` names (``centers.md`` for
        ``center.md``), written as a link from ``page``; None when nothing is close.
        A site-absolute ``/visas/rules/`` names the page at that address."""
        path = href.partition("#")[0].removeprefix(FILENAME_PREFIX)
        if href.startswith("/"):
            path = path.strip("/")
            by_route = {route: file for file, route in self.routes.items()}
            if path in by_route or path in self.routes or path in self.static_files:
                return self.link_from(page, by_route.get(path, path))
            joined = path
        else:
            joined = posixpath.normpath(str(PurePosixPath(page.path.parent) / path))
        close = difflib.get_close_matches(joined, [*self.routes, *sorted(self.static_files)], n=1, cutoff=0.6)
        return self.link_from(page, close[0]) if close else None

    @staticmethod
    def link_from(page: SourcePage, file: str) -> str:
        """``file`` (relative to the content folder) as a link written in ``page``."""
        return posixpath.relpath(file, str(page.path.parent) if str(page.path.parent) != "." else ".")

    def dangling_links(self, page: SourcePage, targets: Iterable[str]) -> list[str]:
        """The link targets (parsed from a page's text) that should be one of the site's
        files and point at nothing."""
        missing = []
        for href in targets:
            if is_external(href) and not href.startswith(FILENAME_PREFIX):
                continue
            if self.resolve_target(page, href) is None:
                missing.append(href)
        return missing
