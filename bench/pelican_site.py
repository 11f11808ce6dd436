"""The synthetic corpus as a classic multilingual Pelican site: one Markdown file per language.

This is how Pelican sites are usually made multilingual: every page is
written once per language (``page.<lang>.md`` with ``Lang:`` and a shared
``Slug:``), and either Pelican links the translations in one run
(``pelicanconf_plain.py``) or the i18n_subsites plugin builds one sub-site
per language (``pelicanconf.py``), as the issue's anchors did. The theme
is Pelican's default one, without every page in every page's menu.
"""

from __future__ import annotations

from pathlib import Path

from .corpus import FEED_SECTION, Corpus, Page
from .render import body_markdown, translator

BASE_SETTINGS = '''"""Synthetic Pelican site, written by bench/synth.py: regenerate, do not edit."""

AUTHOR = "Benchmark"
SITENAME = "Synthetic Portal"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "Asia/Seoul"
DEFAULT_LANG = "ko"
PATH = "content"
OUTPUT_PATH = "output"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = ["articles"]
STATIC_PATHS = []
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
ARTICLE_URL = "notices/{slug}/"
ARTICLE_SAVE_AS = "notices/{slug}/index.html"
ARTICLE_LANG_URL = "{lang}/notices/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/notices/{slug}/index.html"
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"toc_depth": "2-3"},
    },
    "output_format": "html5",
}
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
# The default theme would list every page in every page's menu (quadratic output);
# the portal's and the Hugo theme's navigation list the sections only.
DISPLAY_PAGES_ON_MENU = False
'''


def pelican_file(page: Page, code: str) -> str:
    """Where a page's file for one language lives under content/ (dated notices are articles)."""
    if not page.route:
        return f"pages/home.{code}.md"
    if page.is_index:
        return f"pages/{page.route}/index.{code}.md"
    folder = "articles" if page.section == FEED_SECTION else "pages"
    return f"{folder}/{page.route}.{code}.md"


def slug(route: str) -> str:
    return route.replace("/", "-") if route else "home"


def write_pelican(corpus: Corpus, root: Path, source: str, targets: list[str]) -> None:
    """Write content/ for every language, plus both settings files."""
    pages = {page.route: page for page in corpus.pages}
    for code in [source, *targets]:
        translate = translator(None if code == source else code, corpus.seed)

        def link(route: str, fragment: str, code: str = code) -> str:
            return f"{{filename}}/{pelican_file(pages[route], code)}{fragment}"

        for page in corpus.pages:
            meta = [f"Title: {translate(page.title)}", f"Slug: {slug(page.route)}", f"Lang: {code}",
                    f"Summary: {translate(page.summary)}"]
            if page.date:
                meta.append(f"Date: {page.date.isoformat()}")
            if page.modified:
                meta.append(f"Modified: {page.modified.isoformat()}")
            target = root / "content" / pelican_file(page, code)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("\n".join(meta) + "\n\n" + body_markdown(page, translate, link), "utf-8")
    subsites = "{" + ", ".join(f'"{code}": {{}}' for code in targets) + "}"
    (root / "pelicanconf.py").write_text(
        BASE_SETTINGS + f'PLUGINS = ["i18n_subsites"]\nI18N_SUBSITES = {subsites}\n', "utf-8")
    (root / "pelicanconf_plain.py").write_text(BASE_SETTINGS + "PLUGINS = []\n", "utf-8")
