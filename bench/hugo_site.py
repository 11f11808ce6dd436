"""The synthetic corpus as a Hugo multilingual site: translation by file name.

Each page is ``<path>.<lang>.md`` (``_index.<lang>.md`` for the home page
and sections), links go through ``relref`` (checked and made
language-aware by Hugo, as the portal checks and localises its links), and
the small theme below renders what the portal's theme does: language
switcher and hreflang alternates, section navigation, breadcrumb, table
of contents, section listings and a feed.

The theme is also what a searchable multilingual Hugo site gives
Pagefind (the ``pagefind`` engine, run on Hugo's output): ``<html lang>``
names each page's language, so Pagefind writes one index per language;
``data-pagefind-body`` marks the text to index (a page's article, a
section's title and introduction; not its listing), and
``data-pagefind-ignore`` the breadcrumb and table of contents inside it.
Every page's header carries Pagefind's own search box (its Default UI,
ten results a page as ours shows), loaded from the ``/pagefind/`` bundle
that Pagefind writes beside the pages.
"""

from __future__ import annotations

import json
from pathlib import Path

from .corpus import Corpus, Page
from .render import body_markdown, translator

LANGUAGE_TAGS = {"zh": "zh-Hans", "uz": "uz-Latn"}
SEARCH_RESULTS_SHOWN = 10  # search.js's SHOWN: Pagefind's box shows as many results as ours

BASEOF = """<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}" dir="{{ .Language.LanguageDirection | default "ltr" }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Home.Title }}</title>
<link rel="stylesheet" href="/pagefind/pagefind-ui.css">
<script src="/pagefind/pagefind-ui.js"></script>
{{- range .AllTranslations }}
<link rel="alternate" hreflang="{{ .Site.LanguageCode }}" href="{{ .Permalink }}">
{{- end }}
</head>
<body>
<header>
  <a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Home.Title }}</a>
  <nav><ul>
  {{- $current := .Language.Lang }}
  {{- range .AllTranslations }}
    <li><a href="{{ .RelPermalink }}" lang="{{ .Site.LanguageCode }}"
      {{- if eq .Language.Lang $current }} aria-current="page"{{ end }}>{{ .Language.LanguageName }}</a></li>
  {{- end }}
  </ul></nav>
  <nav><ul>
  {{- range .Site.Sections }}
    <li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
  {{- end }}
  </ul></nav>
  <div id="search"></div>
  <script>
  window.addEventListener("DOMContentLoaded", function () {
    new PagefindUI({ element: "#search", showSubResults: true, pageSize: PAGE_SIZE });
  });
  </script>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><a href="/">Languages</a></footer>
</body>
</html>
"""

SINGLE = """{{ define "main" }}
<article data-pagefind-body>
  {{- with .Parent }}<nav data-pagefind-ignore><a href="{{ .RelPermalink }}">{{ .Title }}</a></nav>{{ end }}
  <h1>{{ .Title }}</h1>
  {{- with .Description }}<p class="summary">{{ . }}</p>{{ end }}
  {{- if not .Date.IsZero }}<p><time>{{ .Date.Format "2006-01-02" }}</time></p>{{ end }}
  <div data-pagefind-ignore>{{ .TableOfContents }}</div>
  <div class="content">{{ .Content }}</div>
</article>
{{ end }}
"""

LIST = """{{ define "main" }}
<section>
  <div data-pagefind-body>
  <h1>{{ .Title }}</h1>
  {{- with .Description }}<p class="summary">{{ . }}</p>{{ end }}
  <div class="content">{{ .Content }}</div>
  </div>
  <h2>{{ len .Pages }}</h2>
  <ul>
  {{- range .Pages }}
    <li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
      {{- if not .Date.IsZero }} <time>{{ .Date.Format "2006-01-02" }}</time>{{ end }}
      {{- with .Description }}<p>{{ . }}</p>{{ end }}</li>
  {{- end }}
  </ul>
</section>
{{ end }}
"""


def hugo_file(page: Page, code: str) -> str:
    if page.is_index:
        return f"{page.route}/_index.{code}.md" if page.route else f"_index.{code}.md"
    return f"{page.route}.{code}.md"


def config(source: str, targets: list[str]) -> str:
    lines = ['baseURL = "http://localhost/"', 'title = "Synthetic Portal"',
             f'defaultContentLanguage = "{source}"', "defaultContentLanguageInSubdir = true",
             'disableKinds = ["taxonomy", "term", "sitemap", "robotsTXT"]', "rssLimit = 20",
             "[outputs]", 'home = ["HTML", "RSS"]', 'section = ["HTML"]', 'page = ["HTML"]',
             "[markup.tableOfContents]", "startLevel = 2", "endLevel = 3", "[languages]"]
    for weight, code in enumerate([source, *targets], 1):
        lines += [f"[languages.{code}]", f'languageCode = "{LANGUAGE_TAGS.get(code, code)}"',
                  f'languageName = "{code}"', f"weight = {weight}"]
    return "\n".join(lines) + "\n"


def write_hugo(corpus: Corpus, root: Path, source: str, targets: list[str]) -> None:
    """Write content/, layouts/ and hugo.toml."""
    for code in [source, *targets]:
        translate = translator(None if code == source else code, corpus.seed)

        def link(route: str, fragment: str) -> str:
            return f'{{{{< relref "/{route}" >}}}}{fragment}'

        for page in corpus.pages:
            meta = [f"title: {json.dumps(translate(page.title), ensure_ascii=False)}",
                    f"description: {json.dumps(translate(page.summary), ensure_ascii=False)}"]
            if page.date:
                meta.append(f"date: {page.date.isoformat()}")
            if page.modified:
                meta.append(f"lastmod: {page.modified.isoformat()}")
            if page.order is not None:
                meta.append(f"weight: {page.order}")
            target = root / "content" / hugo_file(page, code)
            target.parent.mkdir(parents=True, exist_ok=True)
            text = "---\n" + "\n".join(meta) + "\n---\n" + body_markdown(page, translate, link)
            target.write_text(text, "utf-8")
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "baseof.html").write_text(BASEOF.replace("PAGE_SIZE", str(SEARCH_RESULTS_SHOWN)), "utf-8")
    (layouts / "single.html").write_text(SINGLE, "utf-8")
    (layouts / "list.html").write_text(LIST, "utf-8")
    (root / "hugo.toml").write_text(config(source, targets), "utf-8")
