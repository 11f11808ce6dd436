"""Pages generated from the data files and the counter views, for one edition.

The directory of service points (one page per point and static filter
pages by city, language and service), one page per community, the visa
rules page, and a "show this at the counter" view of every guide. Their
routes are the same in every edition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from portal.data.directory import directory_filters, filter_points
from portal.data.views import CommunityView, DataView
from portal.editions import EditionPage, LocalizedText
from portal.outputs import COUNTER, DataRoutes
from portal.project import PreparedSite
from portal.sanitize import sanitize
from portal.site import edition_url
from portal.translation import Coverage


@dataclass
class GeneratedPage:
    """What the base template needs from a page that has no Markdown source."""

    route: str
    code: str
    title: LocalizedText
    summary: LocalizedText | None = None
    coverage: Coverage = field(default_factory=Coverage)
    provenance: str | None = None
    toc: list = field(default_factory=list)
    date: None = None
    modified: None = None
    filename: str = ""  # a file beside the route's index.html, such as counter.html

    @property
    def url(self) -> str:
        return edition_url(self.code, self.route) + self.filename

    @property
    def save_as(self) -> str:
        return self.url if self.filename else self.url + "index.html"


@dataclass(frozen=True)
class Originals:
    """The source edition's titles and blocks, prepared once for every counter view.

    Shown beside a translation on the same page, the blocks lose their ids
    (the translated column keeps them).
    """

    titles: dict[str, LocalizedText]
    blocks: dict[str, list[str]]

    @classmethod
    def of(cls, source_pages: dict[str, EditionPage]) -> Originals:
        return cls({path: page.title for path, page in source_pages.items()},
                   {path: cls.blocks_of(page) for path, page in source_pages.items()})

    @staticmethod
    def blocks_of(source_page: EditionPage) -> list[str]:
        return [sanitize(block, ids=False) for block in source_page.blocks]


class DataPageWriter:
    """Writes one edition's generated pages through the theme's templates."""

    def __init__(self, prepared: PreparedSite, view: DataView, originals: Originals,
                 pages: dict[str, EditionPage], write: Callable[..., None], labels: dict[str, str],
                 reused: frozenset[str] = frozenset()):
        self.prepared = prepared
        self.reused = reused  # pages whose counter views the previous build wrote, unchanged
        self.settings = prepared.settings
        self.view = view
        self.originals = originals
        self.pages = pages
        self.write = write  # write(template, page, **context)
        self.labels = labels  # translated titles for generated pages, from the theme catalog
        self.code = view.language.code
        self.routes = DataRoutes.of(self.settings)
        self.points = view.service_points()
        self.communities = view.communities()

    def _page(self, route: str, title: str | LocalizedText, summary=None) -> GeneratedPage:
        text = title if isinstance(title, LocalizedText) else LocalizedText(title)
        return GeneratedPage(route, self.code, text, summary)

    def section_context(self, section: str | None) -> dict:
        """Extra context for the directory and communities section pages."""
        if section == self.settings.directory_section:
            return {"points": self.points, "filters": directory_filters(self.points, self.view),
                    "routes": self.routes}
        if section == self.settings.communities_section:
            return {"communities": self.communities,
                    "community_url": lambda c: edition_url(self.code, self.community_route(c.id))}
        return {}

    def community_route(self, community_id: str) -> str:
        return self.routes.community(community_id)

    def write_all(self) -> list[str]:
        """Write every generated page; return their routes (for tests and the sitemap)."""
        written = []
        for point in self.points:
            route = self.routes.point(point.id)
            self.write("service_point", self._page(route, point.name), point=point, routes=self.routes)
            written.append(route)
        for dimension, options in directory_filters(self.points, self.view).items():
            for key, label in options:
                route = getattr(self.routes, dimension)(key)
                name = label.name if dimension == "language" else label.text
                title = self.labels[f"filter-{dimension}"] % {"name": name}
                self.write("directory", self._page(route, title),
                           points=filter_points(self.points, dimension, key),
                           filters=directory_filters(self.points, self.view), routes=self.routes,
                           current=(dimension, key))
                written.append(route)
        for community in self.communities:
            route = self.community_route(community.id)
            self.write("community", self._page(route, community.name, community.summary),
                       community=community, guides=self._guides_for(community), routes=self.routes,
                       community_alternate=edition_url(community.preferred, route))
            written.append(route)
        if self.prepared.data["visas"]:
            route = self.routes.visa_rules
            visas = [v for v in self.view.visas()
                     if not (v.expired and self.settings.expired_rules == "hide")]
            self.write("visa_rules", self._page(route, self.labels["visa-rules"]), visas=visas)
            written.append(route)
        written += self._write_counter_views()
        return written

    def _guides_for(self, community: CommunityView) -> list[EditionPage]:
        tagged = [page for page in self.pages.values()
                  if community.id in page.source.meta.get("communities", [])]
        return sorted(tagged, key=lambda p: (p.source.section or "", p.title.text))

    def _write_counter_views(self) -> list[str]:
        """Each guide beside its source text, block by block, as ``counter.html``."""
        routes = []
        for path, page in self.pages.items():
            if page.source.is_index:
                continue
            routes.append(f"{page.route}/{COUNTER}")
            if path in self.reused:
                continue
            generated = GeneratedPage(page.route, self.code, page.title, page.summary, filename=COUNTER)
            pairs = list(zip(page.blocks, self.originals.blocks[path], strict=True))
            self.write("counter", generated, guide=page, pairs=pairs, source_title=self.originals.titles[path])
        return routes
