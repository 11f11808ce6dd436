"""The synthetic portal as a model: pages, sections and blocks of Korean text, seeded.

One ``Corpus`` is rendered to every layout the benchmark builds (the
portal's Korean Markdown plus catalogs, Pelican's and Hugo's per-language
files), so all engines get the same pages with the same structure and the
same amount of text. Links inside messages use an engine-neutral target,
``@route`` or ``@route#fragment``, that each layout rewrites.

Page count ``N`` counts every Markdown source: the home page, one index per
section, and the pages of the sections (notices are dated and feed-listed).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

SYLLABLES = tuple(
    "가나다라마바사아자차카타파하고노도로모보소오조민지원정서류신청센터상담교육생활체류비자주거의료"
    "건강보험일자리노동계약학교입학가족결혼이웃안전문화행사통역번역한국어수업은행세금법률지원택시버스"
    "병원약국기관시청구청"
)
PARTICLES = ("", "", "", "은", "는", "이", "가", "을", "를", "에", "에서", "의", "도", "와", "과", "로")
ENDINGS = ("합니다.", "입니다.", "하세요.", "있습니다.", "받을 수 있습니다.", "확인하세요.", "알려 드립니다.")
CODES = ("`1345`", "`E-7`", "`F-4`", "`D-2`", "`119`", "`1577-1366`", "`H-2`")
SECTION_SLUGS = (
    "settlement", "visas", "education", "consultation", "employment", "communities", "health", "housing",
    "family", "language", "transport", "safety", "culture", "finance", "law", "children", "elders",
    "welfare", "tax", "volunteering",
)
FEED_SECTION = "notices"
DETAILS_ID = "details"  # every regular page has a heading with this explicit id


@dataclass(frozen=True)
class Block:
    """One Markdown block: its kind and its messages (cells row by row for a table)."""

    kind: str  # "p", "h2", "h3", "ul", "ol", "table"
    texts: tuple[str, ...]
    columns: int = 0  # tables only
    anchor: str | None = None  # headings only: an explicit {#id}


@dataclass(frozen=True)
class Page:
    """One source page: its route ('' home, 'visas', 'visas/page-0003'), front matter, body."""

    route: str
    title: str
    summary: str
    blocks: tuple[Block, ...]
    date: dt.date | None = None
    modified: dt.date | None = None
    order: int | None = None
    sample: bool = False

    @property
    def is_index(self) -> bool:
        return "/" not in self.route

    @property
    def section(self) -> str | None:
        return self.route.split("/")[0] if self.route else None

    @property
    def messages(self) -> list[str]:
        return [self.title, self.summary, *(text for block in self.blocks for text in block.texts)]


@dataclass
class Corpus:
    """Every page of the synthetic portal, home first, then sections and their pages."""

    seed: int
    pages: list[Page] = field(default_factory=list)

    @property
    def sections(self) -> list[str]:
        return [page.route for page in self.pages if page.route and page.is_index]

    def words(self) -> int:
        """Korean words (space-separated) in every message: the corpus size."""
        return sum(len(text.split()) for page in self.pages for text in page.messages)


LINK = re.compile(r"\]\(@([^)#]*)(#[^)]*)?\)")


def rewrite_links(text: str, target: Callable[[str, str], str]) -> str:
    """Replace every ``](@route#fragment)`` by ``](target(route, fragment))``."""
    return LINK.sub(lambda m: f"]({target(m.group(1), m.group(2) or '')})", text)


class KoreanWriter:
    """Seeded Korean pseudo-prose: words, sentences, paragraphs with inline markup."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def word(self) -> str:
        stem = "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(1, 3)))
        return stem + self.rng.choice(PARTICLES)

    def phrase(self, low: int, high: int) -> str:
        return " ".join(self.word() for _ in range(self.rng.randint(low, high)))

    def sentence(self) -> str:
        return f"{self.phrase(5, 12)} {self.rng.choice(ENDINGS)}"

    def paragraph(self, links: list[str]) -> str:
        """Two to four sentences; some with a link, a code span, bold or emphasis."""
        sentences = []
        for _ in range(self.rng.randint(2, 4)):
            sentence = self.sentence()
            roll = self.rng.random()
            if roll < 0.25 and links:
                sentence = f"[{self.phrase(1, 3)}](@{links.pop()}) {sentence}"
            elif roll < 0.4:
                sentence = f"{self.word()} {self.rng.choice(CODES)} {sentence}"
            elif roll < 0.5:
                sentence = f"**{self.phrase(1, 3)}** {sentence}"
            elif roll < 0.6:
                sentence = f"*{self.phrase(1, 3)}* {sentence}"
            sentences.append(sentence)
        return " ".join(sentences)


def _body(writer: KoreanWriter, rng: random.Random, words: int, links: list[str]) -> tuple[Block, ...]:
    """Blocks until about ``words`` words: intro, then H2 sections with paragraphs,
    lists, tables and H3 subsections; the second H2 carries the explicit id."""
    blocks = [Block("p", (writer.paragraph(links),))]
    count = len(blocks[0].texts[0].split())
    heading = 0
    while count < words:
        heading += 1
        anchor = DETAILS_ID if heading == 2 else None
        blocks.append(Block("h2", (writer.phrase(2, 5),), anchor=anchor))
        for _ in range(rng.randint(1, 2)):
            blocks.append(Block("p", (writer.paragraph(links),)))
        roll = rng.random()
        if roll < 0.35:
            blocks.append(Block(rng.choice(("ul", "ol")),
                                tuple(writer.phrase(2, 7) for _ in range(rng.randint(3, 6)))))
        elif roll < 0.6:
            columns = rng.randint(2, 4)
            cells = [writer.phrase(1, 2) for _ in range(columns)]
            for _ in range(rng.randint(2, 5)):
                cells += [writer.phrase(1, 4) for _ in range(columns)]
            blocks.append(Block("table", tuple(cells), columns=columns))
        elif roll < 0.75:
            blocks.append(Block("h3", (writer.phrase(2, 4),)))
            blocks.append(Block("p", (writer.paragraph(links),)))
        count = sum(len(text.split()) for block in blocks for text in block.texts)
    if heading < 2:
        blocks.append(Block("h2", (writer.phrase(2, 5),), anchor=DETAILS_ID))
    if links:  # links the prose did not use: a "related pages" list
        blocks.append(Block("ul", tuple(f"[{writer.phrase(1, 3)}](@{link})" for link in links)))
    return tuple(blocks)


def _layout(pages: int) -> dict[str, int]:
    """How many member pages each section gets: notices about a fifth, the rest spread evenly."""
    members_total = max(pages - 1, 2)
    topical = max(0, min(len(SECTION_SLUGS), round(members_total / 25)))
    while topical and members_total - (topical + 1) < 2 * (topical + 1):
        topical -= 1
    sections = [FEED_SECTION, *SECTION_SLUGS[:topical]]
    members = members_total - len(sections)
    notices = max(1, members // 5) if topical else members
    counts = {FEED_SECTION: notices}
    rest = members - notices
    for index, slug in enumerate(SECTION_SLUGS[:topical]):
        counts[slug] = rest // topical + (1 if index < rest % topical else 0)
    return counts


def generate(pages: int, seed: int) -> Corpus:
    """The seeded corpus of ``pages`` Markdown pages (at least 3: home, a section, a page)."""
    if pages < 3:
        raise ValueError("a synthetic portal needs at least 3 pages: home, one section, one page")
    rng = random.Random(seed)
    writer = KoreanWriter(rng)
    counts = _layout(pages)
    routes = {slug: [f"{slug}/{_member_slug(slug, i)}" for i in range(n)] for slug, n in counts.items()}
    regular = [route for members in routes.values() for route in members]
    corpus = Corpus(seed)

    def links(count: int, exclude: str) -> list[str]:
        targets = [r for r in rng.sample(regular, min(len(regular), count + 1)) if r != exclude][:count]
        return [f"{t}#{DETAILS_ID}" if rng.random() < 0.3 else t for t in targets]

    home_links = list(counts)
    corpus.pages.append(Page("", writer.phrase(2, 4), writer.sentence(), (
        Block("p", (writer.paragraph([]),)),
        Block("h2", (writer.phrase(2, 4),)),
        Block("ul", tuple(f"[{writer.phrase(1, 2)}](@{slug}): {writer.phrase(2, 5)}" for slug in home_links)),
    )))
    for order, (slug, members) in enumerate(routes.items()):
        intro = writer.paragraph(links(1, slug)) if members else writer.paragraph([])
        corpus.pages.append(Page(slug, writer.phrase(1, 3), writer.sentence(),
                                 (Block("p", (intro,)),), order=None if slug == FEED_SECTION else order))
        for index, route in enumerate(members):
            dated = slug == FEED_SECTION
            date = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(1000)) if dated else None
            modified = (date or dt.date(2024, 1, 1)) + dt.timedelta(days=rng.randrange(1, 200)) \
                if rng.random() < 0.2 else None
            body = _body(writer, rng, rng.randint(400, 900), links(rng.randint(2, 5), route))
            corpus.pages.append(Page(route, writer.phrase(2, 5), writer.sentence(), body, date=date,
                                     modified=modified, order=None if dated else index + 1,
                                     sample=rng.random() < 0.3))
    return corpus


def _member_slug(section: str, index: int) -> str:
    return f"notice-{index + 1:04d}" if section == FEED_SECTION else f"page-{index + 1:04d}"
