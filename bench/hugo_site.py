"""The synthetic corpus as a Hugo multilingual site: translation by file name.

Each page is ``<path>.<lang>.md`` (``_index.<lang>.md`` for the home page
and sections), links go through ``relref`` (checked and made
language-aware by Hugo, as the portal checks and localises its links), and
the small theme below renders what the portal's theme does: language
switcher and hreflang alternates, section navigation, breadcrumb, table
of contents, section listings and a feed.
"""

from __future__ import annotations

import json
from pathlib import Path

from .corpus import Corpus, Page
from .render import body_markdown, translator

LANGUAGE_TAGS = {"zh": "zh-Hans", "uz": "uz-Latn"}

BASEOF = """<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}" dir="{{ .Language.LanguageDirection | default "ltr" }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Home.Title }}</title>
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
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><a href="/">Languages</a></footer>
</body>
</html>
"""

SINGLE = """{{ define "main" }}
<article>
  {{- with .Parent }}<nav><a href="{{ .RelPermalink }}">{{ .Title }}</a></nav>{{ end }}
  <h1>{{ .Title }}</h1>
  {{- with .Description }}<p class="summary">{{ . }}</p>{{ end }}
  {{- if not .Date.IsZero }}<p><time>{{ .Date.Format "2006-01-02" }}</time></p>{{ end }}
  {{ .TableOfContents }}
  <div class="content">{{ .Content }}</div>
</article>
{{ end }}
"""

LIST = """{{ define "main" }}
<section>
  <h1>{{ .Title }}</h1>
  {{- with .Description }}<p class="summary">{{ . }}</p>{{ end }}
  <div class="content">{{ .Content }}</div>
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
    (layouts / "baseof.html").write_text(BASEOF, "utf-8")
    (layouts / "single.html").write_text(SINGLE, "utf-8")
    (layouts / "list.html").write_text(LIST, "utf-8")
    (root / "hugo.toml").write_text(config(source, targets), "utf-8")
