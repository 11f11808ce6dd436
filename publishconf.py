"""Production settings: absolute URLs for the published site.

Set PORTAL_SITEURL in the environment (for example in CI) to the address
the site is served from.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("PORTAL_SITEURL", "https://example.org")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False  # `portal build` swaps in a fresh directory instead
