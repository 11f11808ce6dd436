"""Production settings for the published site.

Set PORTAL_SITEURL in the environment (for example in CI) to the address
the site is served from. Pages keep relative links, so the same output
works from any folder, offline and from the downloadable zips; the
address is used where absolute URLs are required (hreflang alternates,
sitemap.xml, robots.txt, Atom feeds).
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("PORTAL_SITEURL", "https://example.org")
RELATIVE_URLS = True
DELETE_OUTPUT_DIRECTORY = False  # `portal build` swaps in a fresh directory instead
