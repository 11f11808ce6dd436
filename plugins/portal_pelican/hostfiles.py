"""Files written once the whole site is in place (Pelican's ``finalized`` signal).

They are read off the output, after the theme's static files are copied:
the sitemap lists every page the source edition has, the offline lists and
zips hold every file an edition needs, and the service worker sits at the
root so that it can serve every edition.
"""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

from portal.buildcache import digest
from portal.offline import edition_files, write_edition_zip, write_offline_manifest, zip_files
from portal.outputs import ROOT
from portal.parallel import run_jobs
from portal.project import PortalSettings
from portal.publishing import headers_file, robots_txt, sitemap_xml
from portal.shards import BuildPart

from .memo import MISSING, BuildMemo

SERVICE_WORKER = Path("static") / "js" / "sw.js"
FAVICON = Path("favicon.ico")  # at the root, where browsers ask for it on a first visit


def source_routes(output: Path, code: str) -> list[str]:
    """Every page route of an edition, from its index.html files."""
    edition = output / code
    return sorted(p.parent.relative_to(edition).as_posix().removeprefix(".")
                  for p in edition.rglob("index.html"))


def write_host_files(pelican) -> None:
    settings = pelican.settings
    if "portal_pelican" not in " ".join(map(str, settings.get("PLUGINS", []))):
        return
    portal = PortalSettings.from_mapping(settings)
    output = Path(pelican.output_path)
    memo = BuildMemo(portal, output)
    part = BuildPart.of(settings)  # a shard writes its editions' files, the merge the root's
    if part.root:
        _write_root_files(portal, output, memo)
    editions = [language.code for language in portal.languages if part.selects(language.code)]
    if editions:
        run_jobs([partial(_write_offline_files, memo, code) for code in editions], portal.workers)


def _write_root_files(portal: PortalSettings, output: Path, memo: BuildMemo) -> None:
    site_url = portal.site_url
    (output / ROOT.sitemap).write_bytes(_sitemap(memo, site_url, portal.languages,
                                                 source_routes(output, portal.languages.source.code)))
    (output / ROOT.robots).write_text(robots_txt(site_url), "utf-8")
    (output / ROOT.headers).write_text(headers_file(), "utf-8")
    for source, target in ((SERVICE_WORKER, ROOT.service_worker), (FAVICON, ROOT.favicon)):
        if (portal.theme / source).is_file():
            shutil.copyfile(portal.theme / source, output / target)


def _sitemap(memo: BuildMemo, site_url: str, languages, routes: list[str]) -> bytes:
    """The sitemap, or the last build's when the routes are the same (it lists 12 x 13 links
    per page: rebuilding its tree is a noticeable part of a small rebuild)."""
    table = memo.table("sitemap")
    key = digest(site_url, repr(routes))
    sitemap = table.get("sitemap", key)
    if sitemap is MISSING:
        sitemap = sitemap_xml(site_url, languages, routes)
    table.put("sitemap", key, sitemap)
    table.save()
    return sitemap


def _write_offline_files(memo: BuildMemo, code: str) -> None:
    """An edition's offline list and zip (each edition's are independent: one job per edition).

    The zip's unchanged members are copied from the last build's zip, compressed.
    """
    output = memo.output
    files = edition_files(output, code)
    write_offline_manifest(output, code, files)
    name = ROOT.download(code)
    known = memo.entry(f"zip-{code}", {})
    members = write_edition_zip(output, code, output / name, memo.previous_file(name), known,
                                memo.unchanged(zip_files(files, code)), files)
    memo.keep(f"zip-{code}", members)
