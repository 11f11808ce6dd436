"""Every file a site writes, known before anything is written.

The paths of what the generator makes itself are named here (``ROOT``,
``EditionPaths``, ``DataRoutes``) and the generator takes them from here;
``plan_outputs`` lists every file and folder a build will write, each
with the editor's file it comes from, and ``OutputPlan.check`` reports,
with file and line, every two that cannot both be written:

- the same path, or paths that differ only in letter case (Windows and
  macOS file systems, and many hosts, do not tell them apart);
- a file where another needs a folder (``feed.xml.md`` wants
  ``feed.xml/``, the edition's feed is the file ``feed.xml``);
- a file inside a folder the generator fills (``search/``);
- ``x/`` beside ``x.html``: hosts serve either at the address ``x``.

Every edition has the same paths below its folder, so an edition's plan
is checked once, for all.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .data.records import DataSet
from .problems import ProblemLog
from .settings import PortalSettings
from .site import Site, edition_url, save_as

COUNTER = "counter.html"  # a guide's "show this at the counter" view, beside its index.html
UNSAFE_NAME = re.compile(r"[\s#?%\\\x00-\x1f\x7f]")
EDITION = "<lang>"  # how an edition's folder is shown in messages
RESERVED = "the generator writes 404.html, feed.xml, az/, search/ and offline.json in every edition"
PAGE_FIX = "rename the file"


@dataclass(frozen=True)
class RootPaths:
    """What the generator writes at the root of the output, beside the editions."""

    chooser: str = "index.html"
    not_found: str = "404.html"
    status: str = "status"  # the translation dashboard, in every edition's language
    status_json: str = "status.json"
    sitemap: str = "sitemap.xml"
    robots: str = "robots.txt"
    headers: str = "_headers"
    service_worker: str = "sw.js"
    favicon: str = "favicon.ico"  # at the root, where browsers ask for it on a first visit
    theme: str = "theme"  # the theme's static files (Pelican's THEME_STATIC_DIR) and lunr.js
    downloads: str = "downloads"

    def status_page(self, code: str | None) -> str:
        """The dashboard in ``code`` (None: the source language's, at the folder itself)."""
        return f"{self.status}/{code}/index.html" if code else f"{self.status}/index.html"

    def download(self, code: str) -> str:
        return f"{self.downloads}/portal-{code}.zip"


ROOT = RootPaths()


@dataclass(frozen=True)
class EditionFile:
    """A file (or folder) the generator writes in every edition's folder, besides the pages."""

    path: str  # from the edition's folder
    what: str
    folder: bool = False


EDITION_FILES = {
    "not_found": EditionFile("404.html", "the edition's 404 page"),
    "feed": EditionFile("feed.xml", "the edition's feed"),
    "az": EditionFile("az/index.html", "the edition's A-Z index"),
    "offline": EditionFile("offline.json", "the edition's offline list"),
    "search": EditionFile("search", "the edition's search index", folder=True),
}


@dataclass(frozen=True)
class EditionPaths:
    """What the generator writes in one edition's folder, from the output root."""

    code: str

    def page(self, route: str) -> str:
        return save_as(edition_url(self.code, route))

    def counter(self, route: str) -> str:
        return edition_url(self.code, route) + COUNTER

    def _at(self, name: str) -> str:
        return f"{self.code}/{EDITION_FILES[name].path}"

    @property
    def not_found(self) -> str:
        return self._at("not_found")

    @property
    def feed(self) -> str:
        return self._at("feed")

    @property
    def az(self) -> str:
        return self._at("az")

    @property
    def offline(self) -> str:
        return self._at("offline")

    @property
    def search(self) -> str:
        """A folder: the edition's search page and index files."""
        return self._at("search")

    @property
    def search_page(self) -> str:
        return f"{self.search}/index.html"


@dataclass(frozen=True)
class DataRoutes:
    """The routes of the pages made from the data files, the same in every edition."""

    directory: str = "directory"
    communities: str = "communities"
    visa_rules: str = "visas/rules"

    @classmethod
    def of(cls, settings: PortalSettings) -> DataRoutes:
        return cls(settings.directory_section, settings.communities_section, settings.visa_rules_route)

    def point(self, point_id: str) -> str:
        return f"{self.directory}/{point_id}"

    def city(self, city: str) -> str:
        return f"{self.directory}/city/{city}"

    def language(self, code: str) -> str:
        return f"{self.directory}/language/{code}"

    def service(self, key: str) -> str:
        return f"{self.directory}/service/{key}"

    def community(self, community_id: str) -> str:
        return f"{self.communities}/{community_id}"


def directory_filter_keys(points: Iterable[dict]) -> dict[str, list[str]]:
    """Every city, language (spoken in person, on a phone or through an interpreter) and service
    some service point has: one static filter page each."""
    points = list(points)
    languages = {code for p in points for code in (
        *p.get("languages", ()), *p.get("interpretation_languages", ()),
        *(code for phone in p.get("phones", ()) for code in phone.get("languages", ())))}
    return {"city": sorted({p["city"] for p in points if "city" in p}),
            "language": sorted(languages),
            "service": sorted({key for p in points for key in p.get("services", ())})}


@dataclass(frozen=True)
class Claim:
    """One file (or a whole folder) a build writes, and the editor's file it comes from."""

    path: str  # from the output root, or from an edition's folder
    what: str  # "the page", "the edition's A-Z index"...
    origin: str  # where it is changed: a page, a data file, the settings file
    line: int | None = None
    folder: bool = False  # the generator fills the whole folder
    fix: str = "change the setting"  # how to move this one
    hint: str = ""  # what to know about this one, when another is moved
    by_editor: bool = False  # a page, a static file or a record (reported there), not the generator's own

    def shown(self, edition: bool) -> str:
        path = f"{EDITION}/{self.path}" if edition else self.path
        return path + "/" if self.folder else path

    def named(self) -> str:
        if not self.by_editor:
            return self.what
        return f"{self.what} ({self.origin}:{self.line})" if self.line else f"{self.what} ({self.origin})"


@dataclass
class OutputPlan:
    """The root's files and one edition's (the same in every edition)."""

    root: list[Claim] = field(default_factory=list)
    edition: list[Claim] = field(default_factory=list)
    codes: tuple[str, ...] = ()

    def check(self, log: ProblemLog) -> None:
        """Report every claim that collides with another, once per two files, at the editor's side."""
        reported_pairs = set()
        for claims, edition in ((self.root, False), (self.edition, True)):
            for claim, other, how in _collisions(claims):
                reported, named = (claim, other) if claim.by_editor or not other.by_editor else (other, claim)
                pair = (reported.origin, named.origin if named.by_editor else named.what)
                if pair in reported_pairs:
                    continue
                reported_pairs.add(pair)
                log.add(reported.origin, reported.line,
                        f"{reported.what} would be written to {reported.shown(edition)}, {how(named, edition)}",
                        reported.fix + (f"; {named.hint}" if named.hint else ""))

    def owner(self, path: str) -> Claim | None:
        """The claim a written file (from the output root) belongs to, if any (for tests)."""
        code, _, rest = path.partition("/")
        claims, relative = (self.edition, rest) if code in self.codes and rest else (self.root, path)
        for claim in claims:
            if relative == claim.path or claim.folder and relative.startswith(claim.path + "/"):
                return claim
        return None


def _same(other: Claim, edition: bool) -> str:
    return f"where {other.named()} is written"


def _case(other: Claim, edition: bool) -> str:
    return (f"and {other.named()} to {other.shown(edition)}: they differ only in letter case, "
            "and Windows, macOS and many hosts take them for one file")


def _inside(other: Claim, edition: bool) -> str:
    return f"inside {other.shown(edition)}, which {other.named()} fills"


def _file_there(other: Claim, edition: bool) -> str:
    return f"but {other.named()} is the file {other.shown(edition)}"


def _folder_there(other: Claim, edition: bool) -> str:
    return f"but {other.named()} needs a folder of that name"


def _address(other: Claim, edition: bool) -> str:
    return f"and {other.named()} to {other.shown(edition)}: hosts serve both at one address"


class _Written:
    """What the claims checked so far write, by case-folded path."""

    def __init__(self):
        self.files: dict[str, Claim] = {}
        self.folders: dict[str, Claim] = {}  # folders the generator fills
        self.parents: dict[str, Claim] = {}  # folders some file is in -> the first such file

    def collision(self, claim: Claim):
        """(the claim ``claim`` collides with, how), or None."""
        key = claim.path.casefold()
        if key in self.files:
            other = self.files[key]
            return other, _same if other.path == claim.path else _case
        if key in self.folders or (not claim.folder and key in self.parents):
            return self.folders.get(key) or self.parents[key], _folder_there
        for folder in _ancestors(key):
            if folder in self.files:
                return self.files[folder], _file_there
            if folder in self.folders and self.folders[folder].origin != claim.origin:
                return self.folders[folder], _inside
        stem = key.removesuffix("/index.html") if key.endswith("/index.html") else None
        if stem and stem + ".html" in self.files:
            return self.files[stem + ".html"], _address
        if key.endswith(".html") and key.removesuffix(".html") + "/index.html" in self.files:
            return self.files[key.removesuffix(".html") + "/index.html"], _address
        return None

    def add(self, claim: Claim) -> None:
        key = claim.path.casefold()
        (self.folders if claim.folder else self.files)[key] = claim
        for folder in _ancestors(key):
            self.parents.setdefault(folder, claim)


def _ancestors(path: str) -> list[str]:
    return [path[:index] for index, char in enumerate(path) if char == "/"]


def _collisions(claims: list[Claim]):
    """(claim, the claim it collides with, how) for every collision; the generator's claims
    are taken first, so that of two, the page or the record is the one reported."""
    written = _Written()
    for claim in sorted(claims, key=lambda c: c.by_editor):
        found = written.collision(claim)
        if found is None:
            written.add(claim)
        else:
            yield claim, *found


def _page_claims(site: Site, settings: PortalSettings) -> list[Claim]:
    content = site.content_root.name
    claims = []
    for path, route in sorted(site.routes.items()):
        origin = f"{content}/{path}"
        claims.append(Claim(f"{route}/index.html" if route else "index.html", "the page", origin, 1,
                            fix=PAGE_FIX, by_editor=True))
        if posixpath.basename(path) != "index.md":
            claims.append(Claim(f"{route}/{COUNTER}", "the page's counter view", origin, 1, fix=PAGE_FIX,
                                by_editor=True))
    return claims


def _data_claims(data: DataSet, routes: DataRoutes, settings_file: str) -> list[Claim]:
    claims = []

    def add(route: str, what: str, collection: str, key: str, hint: str) -> None:
        origin, line = data.origins.get(collection, {}).get(key, (settings_file, None))
        claims.append(Claim(f"{route}/index.html", what, origin, line, fix="change the record's id", hint=hint,
                            by_editor=True))

    for point in data["service-points"]:
        add(routes.point(point["id"]), f"the page of service point '{point['id']}'", "service-points",
            point["id"], f"service point pages are in {routes.directory}/ (PORTAL_DIRECTORY_SECTION)")
    for dimension, keys in directory_filter_keys(data["service-points"]).items():
        collection = {"city": "cities", "service": "services"}.get(dimension, "service-points")
        for key in keys:
            add(getattr(routes, dimension)(key), f"the directory's {dimension} filter page '{key}'",
                collection, key, f"filter pages are in {routes.directory}/{dimension}/")
    for community in data["communities"]:
        add(routes.community(community["id"]), f"the page of community '{community['id']}'", "communities",
            community["id"], f"community pages are in {routes.communities}/ (PORTAL_COMMUNITIES_SECTION)")
    if data["visas"]:
        origin = next(iter(data.origins.get("visas", {}).values()), (settings_file, None))[0]
        claims.append(Claim(f"{routes.visa_rules}/index.html", f"the visa rules page (from {origin})", origin, 1,
                            hint=f"the visa rules page is at {routes.visa_rules}/ (PORTAL_VISA_RULES_ROUTE)"))
    return claims


def _edition_claims(settings_file: str) -> list[Claim]:
    return [Claim(file.path, file.what, settings_file, folder=file.folder, hint=RESERVED)
            for file in EDITION_FILES.values()]


def _root_claims(site: Site, settings: PortalSettings, settings_file: str) -> list[Claim]:
    claims = [Claim(path, what, settings_file, folder=folder) for path, what, folder in (
        (ROOT.chooser, "the language chooser", False), (ROOT.not_found, "the root 404 page", False),
        (ROOT.status, "the translation dashboards", True), (ROOT.status_json, "status.json", False),
        (ROOT.sitemap, "the sitemap", False), (ROOT.robots, "robots.txt", False),
        (ROOT.headers, "the security headers file", False), (ROOT.service_worker, "the service worker", False),
        (ROOT.favicon, "the favicon", False),
        (ROOT.theme, "the theme's files", True), (ROOT.downloads, "the editions' zips", True))]
    claims += [Claim(language.code, f"the '{language.code}' edition", settings_file, folder=True,
                     hint="every language's edition has the folder of its code")
               for language in settings.languages]
    content = site.content_root.name
    claims += [Claim(path, "the static file", f"{content}/{path}", None, fix=PAGE_FIX, by_editor=True)
               for path in sorted(site.static_files)
               if any(path.startswith(folder.rstrip("/") + "/") for folder in settings.static_paths)]
    return claims


def _unsafe_names(site: Site, log: ProblemLog) -> None:
    for path in sorted(set(site.routes) | set(site.static_files)):
        name = UNSAFE_NAME.search(path)
        if name:
            log.add(f"{site.content_root.name}/{path}", None,
                    f"the file name has {name.group()!r}, which a web address cannot hold as it is",
                    "rename the file with letters, digits and '-' only (spaces become '-')")


def plan_outputs(settings: PortalSettings, site: Site, data: DataSet) -> OutputPlan:
    """Every file and folder the site's build will write, with where each comes from."""
    settings_file = str(settings.settings_file or "settings")
    routes = DataRoutes.of(settings)
    return OutputPlan(
        root=_root_claims(site, settings, settings_file),
        edition=[*_edition_claims(settings_file), *_data_claims(data, routes, settings_file),
                 *_page_claims(site, settings)],
        codes=tuple(language.code for language in settings.languages))


def check_output_paths(settings: PortalSettings, site: Site, data: DataSet, log: ProblemLog) -> OutputPlan:
    """The plan, with every collision and unusable file name in ``log``."""
    _unsafe_names(site, log)
    plan = plan_outputs(settings, site, data)
    plan.check(log)
    return plan
