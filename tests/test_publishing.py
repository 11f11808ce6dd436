"""What the host and search engines get: sitemap, robots.txt, headers, zips, offline lists."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
import zipfile

from bs4 import BeautifulSoup

from portal.offline import link_index_files

CODES = ["ko", "en", "vi", "th", "km", "lo", "my", "zh", "ru", "uz", "mn", "fil"]
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_sitemap_lists_every_page_with_all_its_editions(portal_output):
    root = ET.parse(portal_output / "sitemap.xml").getroot()
    urls = root.findall("s:url", NS)
    pages = sorted(p for p in (portal_output / "ko").rglob("index.html"))
    assert len(urls) == len(pages) * len(CODES)
    for url in urls[:50]:
        links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        assert len(links) == len(CODES) + 1
        assert links["x-default"] == "http://localhost:8000/"
        assert url.find("s:loc", NS).text in links.values()
    assert (portal_output / "robots.txt").read_text() == \
        "User-agent: *\nAllow: /\nSitemap: http://localhost:8000/sitemap.xml\n"


def test_security_headers_and_policy_without_unsafe_inline(portal_output):
    headers = (portal_output / "_headers").read_text()
    assert headers.startswith("/*\n")
    assert "Referrer-Policy: no-referrer" in headers and "X-Content-Type-Options: nosniff" in headers
    assert "Permissions-Policy:" in headers and "frame-ancestors 'none'" in headers
    for page in [portal_output / "index.html", *sorted((portal_output / "vi").rglob("*.html"))[:40]]:
        doc = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        policy = doc.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        assert "default-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert doc.find("meta", attrs={"name": "referrer"})["content"] == "no-referrer"
        assert not doc.find_all(style=True), f"{page}: inline style attribute"
        assert not doc.find_all("style"), f"{page}: inline style element"


def asset(output, name: str) -> str:
    """The published (content-hashed) path of a theme file: theme/css/portal.<hash>.css."""
    stem, suffix = name.rsplit(".", 1)
    found = [p.relative_to(output).as_posix() for p in (output / "theme").glob(f"{stem}.*.{suffix}")]
    assert len(found) == 1, found
    return found[0]


def test_theme_files_have_content_hashed_names_and_a_long_cache(portal_output):
    import hashlib
    for path in (portal_output / "theme").rglob("*.*"):
        digest = path.name.split(".")[-2]
        assert hashlib.sha256(path.read_bytes()).hexdigest()[:10] == digest, path
    headers = (portal_output / "_headers").read_text()
    rules = dict(block.split("\n", 1) for block in ("\n" + headers).split("\n/")[1:])
    assert "Cache-Control: public, max-age=31536000, immutable" in rules["theme/*"]
    assert "Cache-Control: no-cache" in rules["*"]
    assert (portal_output / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # an icon, at the root


def test_offline_list_holds_every_file_of_the_edition(portal_output):
    manifest = json.loads((portal_output / "th" / "offline.json").read_text())
    urls = set(manifest["urls"])
    for page in (portal_output / "th").rglob("index.html"):
        route = page.relative_to(portal_output).as_posix().removesuffix("index.html")
        assert route in urls
    assert asset(portal_output, "css/portal.css") in urls and not any(u.startswith("en/") for u in urls)
    assert "th/search/" in urls and asset(portal_output, "js/search.js") in urls  # search works offline
    assert manifest["bytes"] > 100_000


def test_edition_zip_reads_without_a_server(portal_output):
    archive = zipfile.ZipFile(portal_output / "downloads" / "portal-km.zip")
    names = archive.namelist()
    assert names == sorted(names) and "km/index.html" in names and asset(portal_output, "css/portal.css") in names
    # the search index cannot be fetched from a file: the zip has the A-Z index (and the search
    # page, whose form opens it) instead
    assert "km/az/index.html" in names
    assert [name for name in names if name.startswith("km/search/")] == ["km/search/index.html"]
    assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
    page = BeautifulSoup(archive.read("km/visas/regional-e7/index.html").decode(), "html.parser")
    for link in page.select("nav.sections a"):
        assert link["href"].endswith("/index.html"), link["href"]
    assert page.select_one("link[rel=stylesheet]")["href"] == "../../../" + asset(portal_output, "css/portal.css")


def test_links_to_folders_get_their_index_file():
    html = ('<a href="../visas/">v</a><a href="./">h</a><a href="../x/#top">a</a>'
            '<a href="https://example.org/">e</a><a href="tel:112">t</a><a href="#x">f</a>'
            '<form action="../az/" method="get"></form>')
    assert link_index_files(html) == (
        '<a href="../visas/index.html">v</a><a href="./index.html">h</a>'
        '<a href="../x/index.html#top">a</a><a href="https://example.org/">e</a>'
        '<a href="tel:112">t</a><a href="#x">f</a><form action="../az/index.html" method="get"></form>')


def test_service_worker_sits_at_the_root(portal_output):
    assert (portal_output / "sw.js").read_text().startswith("// Service worker")
    doc = BeautifulSoup((portal_output / "ru/index.html").read_text("utf-8"), "html.parser")
    box = doc.select_one("[data-offline]")
    assert box["data-worker"] == "../sw.js" and box["data-manifest"] == "../ru/offline.json"
    assert doc.select_one('a[href$="downloads/portal-ru.zip"]') is not None


def test_a_first_visit_to_a_guide_is_under_15_kb_with_no_search_code(portal_output):
    from bench.budget import BUDGET, measure

    rows = measure(portal_output, "settlement/emergency-help")
    assert len(rows) == 12
    for row in rows:
        assert row["first_visit_gz"] <= BUDGET == 15 * 1024, row
        assert row["search_code_on_guide"] == 0 and row["search_gz"] > 10_000, row  # on demand only
        assert row["fonts"] == 0


def test_404_pages_link_from_the_site_path_of_a_project_site(site_copy):
    """On https://user.github.io/repo/ GitHub Pages serves /repo/404.html for /repo/vi/any/depth/:
    its links start with /repo/, and so do those of each edition's 404.html (Netlify's nearest)."""
    from conftest import parse, run_portal

    settings = site_copy / "pelicanconf.py"
    settings.write_text(settings.read_text("utf-8").replace('SITEURL = "http://localhost:8000"',
                                                            'SITEURL = "https://user.github.io/repo"'), "utf-8")
    run_portal(settings, "build")
    output = site_copy / "output"
    for page in (output / "404.html", output / "ru" / "404.html"):
        doc = parse(page)
        links = [e.get("href") or e.get("src") for e in doc.select("a[href], link[href], script[src]")]
        local = [link for link in links if not link.startswith(("http", "tel:", "#"))]
        assert local and all(link.startswith("/repo/") for link in local), (page, local)
        for link in local:
            target = output / link.removeprefix("/repo/").split("#")[0]
            assert (target / "index.html" if link.endswith("/") else target).is_file(), link
    # every other page keeps relative links
    assert parse(output / "ru" / "index.html").select_one("link[rel=stylesheet]")["href"].startswith("../theme/")
