"""What can be wrong with a translation, decided message by message.

Two kinds, as the style guide asks: *breaking* problems would damage the
page or its readers (a paragraph turned into a heading, a link to nowhere
or to a site the source does not link to, raw HTML, text-direction
controls), so the build refuses them; *consistency* problems (a dropped
link or code span, emphasis lost, a Burmese text typed in Zawgyi) are
reported by ``portal check``.

Markup is compared on the parsed inline trees of source and translation
(``inline.inline_markup``), not on character patterns: ``_em_`` and
``*em*`` are the same emphasis, ``[text][ref]`` and ``<https://...>`` are
links like ``[text](url)``. Theme strings are plain text with Python
placeholders (``%(name)s``), checked as such (``theme_problems``).
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from html.parser import HTMLParser
from pathlib import PurePosixPath

from babel.messages.catalog import PYTHON_FORMAT

from .inline import (
    MAY_HAVE_LINKS,
    PLAIN,
    InlineMarkup,
    RawHtml,
    References,
    inline_markup,
    links_only,
    page_references,
)
from .segments import block_signature, heading_ids, new_markdown
from .site import FILENAME_PREFIX, Site, host_allowed, is_external, is_offsite, link_host
from .source import SourcePage

# Embedding, override and isolate controls: they reorder the text around them
# ("Trojan Source"), so a title can read differently from what it says. The marks
# U+200E/U+200F/U+061C only set the direction of neutral characters next to them
# (right-to-left languages need them), and ZWSP, ZWNJ and ZWJ are letters' glue
# in Khmer, Burmese, Thai and Indic scripts: all of those are left alone.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Google's detector gives short, valid Unicode words up to ~0.96 ("ဘာသာစကား");
# real Zawgyi text scores above 0.9999.
ZAWGYI_THRESHOLD = 0.999

Finding = tuple[str, str]  # (message, hint)

BIDI_HINT = ("delete the invisible direction controls (in Poedit or your editor, search for them or "
             "retype the text); the page sets the text direction itself")


def bidi_problem(text: str, what: str = "translation") -> Finding | None:
    """A finding naming the direction controls in ``text``, if it has any."""
    found = sorted(set(BIDI_CONTROLS.findall(text)))
    if not found:
        return None
    names = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch)}" for ch in found)
    return f"{what} contains invisible text-direction controls ({names})", BIDI_HINT


def _differs(want: Iterable[str], got: Iterable[str]) -> tuple[list[str], list[str]]:
    want, got = Counter(want), Counter(got)
    return sorted((want - got).elements()), sorted((got - want).elements())


def _detail(missing: Sequence[str], extra: Sequence[str]) -> str:
    return "; ".join(part for part in (
        f"missing {', '.join(missing)}" if missing else "",
        f"added {', '.join(extra)}" if extra else "") if part)


class TranslationChecks:
    """Checks translations against their source, remembering what it parsed of the source.

    One per build, made before the workers fork: the same msgid is parsed
    once per worker for every language. Translations are parsed only when
    they have a character markup needs, and for the build's checks without
    emphasis (``inline.links_only``). ``allowed_hosts``
    (``PORTAL_ALLOWED_LINK_HOSTS``) are sites a translation may link to
    although its source does not (a ministry's page in the reader's
    language, say).
    """

    def __init__(self, site: Site | None, allowed_hosts: Iterable[str] = ()):
        self.md, self.extension = new_markdown()
        self.links_md = links_only(new_markdown()[0])
        self.site = site
        self.allowed_hosts = tuple(host.lower() for host in allowed_hosts)
        self._signatures: dict[str, tuple[str, ...]] = {}
        self._sources: dict[tuple[str, str], InlineMarkup] = {}
        self._references: dict[str, References] = {}
        self._anchors: dict[str, frozenset[str]] = {}
        self._anchor_md = None  # a converter of its own, made when a link first has a #fragment
        self.anchors_read: set[str] = set()  # the pages whose heading ids a check has read

    def references(self, page: SourcePage | None) -> References:
        """The page's link definitions, which its translated messages resolve against too."""
        if page is None:
            return {}
        key = str(page.path)
        if key not in self._references:
            self._references[key] = page_references(self.md, page.body)
        return self._references[key]

    def markup(self, page: SourcePage | None, text: str) -> InlineMarkup:
        return inline_markup(self.md, text, self.references(page))

    def source_markup(self, page: SourcePage | None, source: str) -> InlineMarkup:
        key = (str(page.path) if page else "", source)
        if key not in self._sources:
            self._sources[key] = self.markup(page, source)
        return self._sources[key]

    def _signature(self, source: str) -> tuple[str, ...]:
        if source not in self._signatures:
            self._signatures[source] = block_signature(self.md, source)
        return self._signatures[source]

    def breaking(self, page: SourcePage | None, source: str, translation: str) -> list[Finding]:
        """Problems that would damage the page (``page`` None: a data file's text)."""
        found: list[Finding] = []
        bidi = bidi_problem(translation)
        if bidi:
            found.append(bidi)
        expected, got = self._signature(source), block_signature(self.md, translation)
        if expected != got:
            found.append(structure_problem(expected, got, translation))
        have = inline_markup(self.links_md, translation, self.references(page), MAY_HAVE_LINKS)
        if have is not PLAIN:
            source_markup = self.source_markup(page, source)
            found += self._link_problems(page, source_markup, have)
            introduced = have.tags - source_markup.tags
            if introduced:
                found.append((f"translation adds raw HTML ({', '.join(sorted(introduced))})",
                              "write Markdown only: **bold**, *emphasis*, [text](link)"))
        return found

    def _link_problems(self, page: SourcePage | None, source: InlineMarkup,
                       translation: InlineMarkup) -> list[Finding]:
        if page is None:  # a data text is shown as plain text: its links are letters
            return []
        found: list[Finding] = []
        found += [(message, f"copy the link target from the msgid unchanged ({hint})")
                  for message, hint in self.target_problems(page, translation.links, "translation links")]
        for href in self.site.dangling_links(page, translation.resources) if self.site else []:
            found.append((f"translation shows an image '{href}', which does not exist",
                          "copy the image's target from the msgid unchanged"))
        for href in translation.links:
            if is_offsite(href) and href not in source.links and not host_allowed(href, self.allowed_hosts):
                found.append((f"translation adds a link to '{href}', which its source does not have",
                              "keep the link targets of the msgid unchanged; a new link must be added to "
                              "the Korean source first (links to sites listed in PORTAL_ALLOWED_LINK_HOSTS "
                              "excepted)"))
        for src in translation.resources:
            if src not in source.resources:
                found.append((f"translation adds an image '{src}', which its source does not have",
                              "keep the image of the msgid, ![alt text](same file): translate only "
                              "the text in the brackets"))
        return found

    def target_problems(self, page: SourcePage, links: Iterable[str], subject: str = "link") -> list[Finding]:
        """Links to this site that would lead a reader nowhere: to a file that does not exist
        (with the nearest one that does), from the site's root (``/visas/...``: a 404 once the
        site is published under a path, and it leaves the reader's edition), or to a heading
        id the page does not have."""
        if self.site is None:
            return []
        found: list[Finding] = []
        for href in links:
            if href.startswith("/") and not href.startswith("//"):
                nearest = self.site.nearest_target(page, href)
                found.append((f"{subject} to '{href}' from the site's root: it leads to a missing page "
                              "when the site is published under a folder, and out of the reader's language",
                              f"write the link relative to this file, as '{nearest}'" if nearest else
                              "write the link to the page's Markdown file relative to this file, "
                              "such as '../visas/regional-e7.md'"))
            elif href.startswith("#") or not is_external(href) or href.startswith(FILENAME_PREFIX):
                found += self._internal_link_problems(page, href, subject)
        return found

    def _internal_link_problems(self, page: SourcePage, href: str, subject: str) -> list[Finding]:
        path, _, fragment = href.partition("#")
        target = page if not path else None
        if path:
            resolved = self.site.resolve_target(page, href)
            if resolved is None:
                nearest = self.site.nearest_target(page, href)
                return [(f"{subject} to '{href}', which does not exist",
                         f"did you mean '{nearest}'? Links name another page's Markdown file by its "
                         "relative path" if nearest else
                         "link to another page's Markdown file by its relative path, such as "
                         "'../visas/regional-e7.md'")]
            kind, _ = resolved
            joined = posixpath.normpath(str(PurePosixPath(page.path.parent) / path.removeprefix(FILENAME_PREFIX)))
            target = self.site.pages.get(joined) if kind == "page" else None
        if not fragment or target is None:
            return []
        anchors = self.anchors(target)
        if fragment in anchors:
            return []
        close = difflib.get_close_matches(fragment, sorted(anchors), n=1, cutoff=0.6)
        where = "this page" if target is page else str(target.path)
        suggestion = (f"did you mean '#{close[0]}'? " if close else
                      f"its headings' ids: {', '.join(sorted(anchors)) or 'none'}; ")
        return [(f"{subject} to '{href}', but {where} has no heading with the id '{fragment}'",
                 suggestion + "an id comes from the Korean heading's text, or is set with {#id} after it")]

    def anchors(self, page: SourcePage) -> frozenset[str]:
        """The heading ids of a page, as its rendering gives them (read once per check)."""
        key = str(page.path)
        self.anchors_read.add(key)
        if key not in self._anchors:
            if self._anchor_md is None:
                self._anchor_md = new_markdown()[0]
            self._anchors[key] = heading_ids(self._anchor_md, page.body)
        return self._anchors[key]

    def _targets_differ(self, want: InlineMarkup, have: InlineMarkup) -> tuple[list[str], list[str]]:
        """Link targets missing and added; links to an allowed site compare by site (the
        English page of a ministry is the counterpart of its Korean page), and may be added."""
        def key(href: str) -> str:
            return link_host(href) if host_allowed(href, self.allowed_hosts) else href

        missing, extra = _differs(map(key, want.targets), map(key, have.targets))
        allowed = {key(href) for href in have.targets if host_allowed(href, self.allowed_hosts)}
        return missing, [target for target in extra if target not in allowed]

    def consistency(self, page: SourcePage | None, source: str, translation: str,
                    language_code: str) -> list[Finding]:
        """Differences a translator should look at; ``portal check`` fails on them."""
        found: list[Finding] = []
        want, have = self.source_markup(page, source), self.markup(page, translation)
        if want is not have:
            comparisons = [
                (self._targets_differ(want, have), "link targets",
                 "keep every link target of the msgid, translate only the link text"),
                (_differs(want.code, have.code), "inline code", "copy `code` spans unchanged"),
                (_differs(want.placeholders, have.placeholders), "placeholders",
                 "keep every %(name)s placeholder exactly"),
            ]
            for (lost, added), what, hint in comparisons:
                if lost or added:
                    found.append((f"translation's {what} differ from the source: {_detail(lost, added)}", hint))
            for what, spelled, wanted, got in (("bold", "**bold** or __bold__", want.strong, have.strong),
                                               ("emphasis", "*emphasis* or _emphasis_", want.emphasis,
                                                have.emphasis)):
                if wanted != got:
                    found.append((f"translation's {what} differs from the source: {wanted} in the msgid, "
                                  f"{got} here", f"keep the same {spelled} spans as the msgid"))
        if language_code == "my" and zawgyi_probability(translation) > ZAWGYI_THRESHOLD:
            found.append(zawgyi_problem())
        return found


    # -- the source ----------------------------------------------------------

    def source_problems(self, page: SourcePage, messages: Iterable[tuple[str, int]]
                        ) -> list[tuple[int | None, str, str]]:
        """What is wrong in a source page's own text: (line, message, hint).

        Links must point at pages and files that exist; images (and any media
        in raw HTML) must be the site's own files, since the portal requests
        nothing from other sites; a link to another site must be Markdown (so
        that it is rendered with ``rel="noopener noreferrer"``); and no text
        may hold direction controls.
        """
        found: list[tuple[int | None, str, str]] = []
        for key, value in page.meta.items():
            for text in value if isinstance(value, list) else [value]:
                bidi = bidi_problem(text, f"front matter '{key}'") if isinstance(text, str) else None
                if bidi:
                    found.append((page.meta_lines.get(key), *bidi))
        for number, line in enumerate(page.body.split("\n") if BIDI_CONTROLS.search(page.body) else []):
            bidi = bidi_problem(line, "the text")
            if bidi:
                found.append((page.body_line + number, *bidi))
        for message, line in messages:
            if "[" not in message:  # links of the site's own pages are written [text](file.md)
                continue
            found += [(line, problem, hint)
                      for problem, hint in self.target_problems(page, self.source_markup(page, message).links)]
        found += self._page_resources(page)
        return found

    def _page_resources(self, page: SourcePage) -> list[tuple[int | None, str, str]]:
        """Images and raw HTML of a whole page, as its rendering makes them (an image alone in
        its paragraph is not part of any message, a raw HTML block neither)."""
        body = page.body
        if "![" not in body and "<" not in body:
            return []
        self.md.reset()
        self.md.convert(body)
        images = [element.get("src") for block in self.extension.blocks for element in block.iter()
                  if element.tag == "img" and element.get("src") is not None]
        raw = RawHtml()
        for fragment in self.md.htmlStash.rawHtmlBlocks:
            raw.feed(str(fragment))
        raw.close()
        self.md.reset()
        found = []
        for src in dict.fromkeys(images + raw.resources):
            if is_offsite(src):
                found.append((self._line_of(page, src),
                              f"image '{src}' is not a file of this site (the portal requests nothing "
                              "from other sites)",
                              "save the image in content/images/ and link it by its path, such as "
                              "![description](../images/map.png)"))
            elif self.site.dangling_links(page, [src]):
                found.append((self._line_of(page, src), f"image '{src}', which does not exist",
                              "put the file under content/ (such as content/images/) and link it by its "
                              "relative path"))
        for href in dict.fromkeys(raw.links):
            if is_offsite(href):
                found.append((self._line_of(page, href),
                              f"link to another site written as HTML (<a href=\"{href}\">)",
                              f"write it in Markdown, [text]({href}): the portal then marks it so that "
                              "the other site does not learn which page the reader came from"))
        return found

    @staticmethod
    def _line_of(page: SourcePage, target: str) -> int:
        """The line a link target is written on (its first occurrence), else the body's first."""
        for spelled in (target, html.escape(target)):
            index = page.body.find(spelled)
            if index >= 0:
                return page.body_line + page.body.count("\n", 0, index)
        return page.body_line


# What each kind of Markdown block is to a translator: its name, the mark that starts it,
# and what to remove to make it a line of text again.
BLOCK_NAMES = {
    "p": ("a paragraph", "", ""), "ul": ("a bulleted list", "- or *", "the - or * at the start"),
    "ol": ("a numbered list", "1.", "the number and dot (1.) at the start"),
    "blockquote": ("a quote", ">", "the > at the start"),
    "pre": ("a code block", "```", "the ``` or the four spaces at the start"),
    "table": ("a table", "|", "the | characters"), "hr": ("a dividing line", "---", "the --- or ***"),
    "dl": ("a definition list", ":", "the : at the start of the second line"),
    **{f"h{level}": ("a heading", "#", "the # at the start") for level in range(1, 7)},
}


def structure_problem(expected: tuple[str, ...], got: tuple[str, ...], translation: str) -> Finding:
    """A translation whose Markdown makes other blocks than its source's, said as a translator
    sees it: "this translation starts a new heading (#) where the original is a paragraph"."""
    def name(tag: str) -> str:
        return BLOCK_NAMES.get(tag, (f"a block of another kind ({tag})", "", ""))[0]

    original = " and ".join(name(tag) for tag in expected) or "empty"
    quoted = f"{translation[:60]!r}"
    if len(got) > len(expected) and set(got) <= set(expected) | {"p"}:
        return (f"this translation is {len(got)} blocks where the original is {original}: {quoted}",
                "remove the blank lines: each message is one paragraph, heading, list item or table cell")
    if not got:
        return (f"this translation has no text where the original is {original}", "write the translation")
    if len(got) == 1 and len(expected) == 1:
        _, mark, remove = BLOCK_NAMES.get(got[0], ("", "", ""))
        new = name(got[0]).replace("a ", "a new ", 1) + (f" ({mark})" if mark else "")
        return (f"this translation starts {new} where the original is {name(expected[0])}: {quoted}",
                f"remove {remove}" if remove else "write it as one line of text, like the original")
    return (f"this translation makes {' and '.join(name(tag) for tag in got)} where the original is "
            f"{original}: {quoted}",
            "keep it one block like the original: no blank lines, and no '#', '-', '1.' or '>' at the "
            "start of a line")


def zawgyi_problem() -> Finding:
    return ("Burmese translation looks typed in the Zawgyi encoding, not Unicode",
            "convert it to Unicode (for example with a Zawgyi-to-Unicode converter) and "
            "use a Unicode Burmese keyboard")


# -- theme strings -------------------------------------------------------------


class _Markup(HTMLParser):
    """Finds anything a browser would read as markup: tags, comments, declarations, entities."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found.append(f"<{tag}>")

    def handle_startendtag(self, tag, attrs):
        self.found.append(f"<{tag}>")

    def handle_endtag(self, tag):
        self.found.append(f"</{tag}>")

    def handle_comment(self, data):
        self.found.append("<!-- -->")

    def handle_decl(self, decl):
        self.found.append(f"<!{decl.split()[0] if decl.split() else ''}>")

    def unknown_decl(self, data):
        self.found.append("<![...]>")

    def handle_pi(self, data):
        self.found.append("<?...>")

    def handle_entityref(self, name):
        self.found.append(f"&{name};")

    def handle_charref(self, name):
        self.found.append(f"&#{name};")


def markup_in(text: str) -> list[str]:
    """The HTML in a text that should have none (cheap when it has no '<' or '&')."""
    if "<" not in text and "&" not in text:
        return []
    parser = _Markup()
    parser.feed(text)
    parser.close()
    return parser.found


def python_placeholders(text: str) -> tuple[set[str], list[str]]:
    """The named placeholders of a %-format text, and what would break formatting.

    Jinja formats every theme string with its named values, so ``%s``
    (no name) and a lone ``%`` would fail or print the wrong thing.
    """
    names, broken = set(), []
    covered = 0
    for match in PYTHON_FORMAT.finditer(text):
        covered += match.group(0).count("%")
        if match.group(3) == "%":
            continue
        if match.group(1):
            names.add(match.group(0))
        else:
            broken.append(match.group(0))
    if text.count("%") > covered:
        broken.append("%")
    return names, broken


def _forms(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, (list, tuple)) else (value or "",)


def theme_problems(msgid, msgstr) -> list[Finding]:
    """What is wrong with one theme translation (``msgid``/``msgstr`` as Babel gives them:
    tuples for plural entries). Theme strings are escaped plain text: markup would show
    as letters, and a placeholder the template does not give would stop the build."""
    ids, strings = _forms(msgid), _forms(msgstr)
    if not any(strings):
        return []
    found: list[Finding] = []
    wanted = [python_placeholders(text)[0] for text in ids]
    required, allowed = set.intersection(*wanted), set.union(*wanted)
    plural = len(ids) > 1
    for index, text in enumerate(strings):
        where = f"plural form {index} (msgstr[{index}])" if plural else "translation"
        if not text:
            found.append((f"{where} is empty while other forms are filled",
                          "fill every plural form (they may be the same text), or none"))
            continue
        names, broken = python_placeholders(text)
        if broken:
            found.append((f"{where} has a % that is no placeholder of the msgid "
                          f"({', '.join(repr(text) for text in broken)})",
                          "write %% for a percent sign, and placeholders by name exactly as in the "
                          f"msgid ({', '.join(sorted(allowed)) or 'it has none'})"))
        missing, extra = sorted(required - names), sorted(names - allowed)
        if missing or extra:
            found.append((f"{where}'s placeholders differ from the msgid's: {_detail(missing, extra)}",
                          "keep every %(name)s placeholder of the msgid, spelled exactly the same; "
                          "translate only the words around them"))
        tags = markup_in(text)
        if tags:
            found.append((f"{where} contains HTML ({', '.join(dict.fromkeys(tags))}); theme texts are "
                          "plain text", "write plain text only; type characters such as & or < "
                          "themselves, never as &amp; or tags"))
        bidi = bidi_problem(text, where)
        if bidi:
            found.append(bidi)
    return found


@cache
def _zawgyi_detector():
    from myanmartools import ZawgyiDetector  # loads a model file: only when Burmese is checked

    return ZawgyiDetector()


def zawgyi_probability(text: str) -> float:
    if not any("\u1000" <= ch <= "\u109f" for ch in text):
        return 0.0
    return _zawgyi_detector().get_zawgyi_probability(text)
