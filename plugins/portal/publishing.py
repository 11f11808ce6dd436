"""Files for the host and for search engines: sitemap, robots.txt, security headers.

The Content-Security-Policy allows nothing from another origin and no
inline script or style; it is shipped both as a ``<meta>`` tag (read by
every browser) and in a ``_headers`` file (read by Netlify, Cloudflare
Pages and similar hosts), with the other headers a meta tag cannot carry.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from .languages import Languages
from .site import edition_url

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# <meta> cannot carry frame-ancestors (browsers ignore it there, with a warning).
META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", "")
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=(), browsing-topics=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def sitemap_xml(site_url: str, languages: Languages, routes: Iterable[str]) -> bytes:
    """Every page in every edition, each listing all its editions and the chooser as x-default."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    base = site_url.rstrip("/")
    for route in sorted(set(routes)):
        alternates = [(lang.tag, f"{base}/{edition_url(lang.code, route)}") for lang in languages]
        for _, location in alternates:
            url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
            ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = location
            for tag, href in [*alternates, ("x-default", f"{base}/")]:
                ET.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=tag, href=href)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots_txt(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {site_url.rstrip('/')}/sitemap.xml\n"


# Pages are asked for again every time (a corrected phone number or opening time reaches the
# reader at once; an unchanged page costs a 304). The theme's files have content-hashed names
# (portal.assets): a changed file is a new name, so they may be kept for a year.
PAGE_CACHE = "no-cache"
ASSET_CACHE = "public, max-age=31536000, immutable"


def headers_file() -> str:
    """Netlify / Cloudflare Pages ``_headers``: the security headers and a short cache on every
    path, a long one below ``/theme/``. Netlify lets the later rule's value win for the same
    header; a host that joins the values instead still revalidates (``no-cache`` first)."""
    lines = ["/*", *(f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()),
             f"  Cache-Control: {PAGE_CACHE}", "/theme/*", f"  Cache-Control: {ASSET_CACHE}"]
    return "\n".join(lines) + "\n"
