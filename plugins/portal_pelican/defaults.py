"""Pelican settings every portal shares, imported by a portal's pelicanconf.py.

They wire Pelican to the portal's generator and keep Pelican's blog
generators idle, so that a region's own settings file holds only what is
its own: name, address, languages, paths and a few choices.

    from portal_pelican.defaults import *  # noqa: F403
"""

PLUGINS = ["portal_pelican"]
# The generator forces autoescaping on as well: content and translations are untrusted.
JINJA_ENVIRONMENT = {"extensions": ["jinja2.ext.i18n"], "trim_blocks": True, "lstrip_blocks": True,
                     "autoescape": True}
RELATIVE_URLS = True  # pages work from any folder, offline and from the zips

# The portal writes every page itself; Pelican's blog generators get nothing to do.
ARTICLE_PATHS: list[str] = []
PAGE_PATHS: list[str] = []
DIRECT_TEMPLATES: list[str] = []
STATIC_PATHS = ["images"]
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
THEME_STATIC_PATHS: list[str] = []  # the portal writes the theme's files itself, with content-hashed names
