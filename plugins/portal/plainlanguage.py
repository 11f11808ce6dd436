"""Plain language in the source text: sentences and paragraphs short enough to read and to translate.

Migrant portals need simple source text before anything is translated
(Integreat, for one, holds machine translation back until a text reads
easily). ``portal check`` warns, with the file and line, about a sentence
or a paragraph longer than the limits below; a warning does not fail the
check (``portal check --strict`` makes it fail, for CI) and the build does
not look at it.

The defaults are plain-language guidance for public information:

- at most 25 words in a sentence: GOV.UK's limit ("Sentence length: why 25
  words is our limit", Inside GOV.UK, 2014: at 25 words sentences become
  difficult, at 43 readers understand less than a tenth); Social Security
  Scotland's writing guide says the same ("25 words max"). A Korean word
  (어절) carries its particles and endings, so the limit is generous for
  Korean text: a region may lower it;
- at most 3 sentences in a paragraph: the UK Office for National
  Statistics' style guide ("aim for a maximum of three sentences per
  paragraph") and Social Security Scotland ("try to limit paragraphs to 3
  sentences").

Settings, all optional: ``PORTAL_PLAIN_LANGUAGE = {"sentence_words": 25,
"paragraph_sentences": 3}``.

Each message (a paragraph, list item, heading, table cell, title, summary,
or a text field of a data file) is read as a reader sees it: its inline
Markdown rendered by Python-Markdown, so link targets, emphasis marks and
code backticks are not counted. Sentences and words are cut by ICU's
sentence and word break iterators for the source language (PyICU), not
by a regular expression: "E-7(특정활동) 비자." or "1345에" stay whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import markdown

from .problems import ProblemLog
from .search.segmenters import load_icu

if TYPE_CHECKING:
    from .editions import PageMessages
    from .project import PreparedSite

SETTING = "PORTAL_PLAIN_LANGUAGE"
QUOTE_LENGTH = 40  # how much of a long sentence a warning quotes


@dataclass(frozen=True)
class PlainLanguageLimits:
    """How long a sentence and a paragraph may be before ``portal check`` warns."""

    sentence_words: int = 25
    paragraph_sentences: int = 3

    @classmethod
    def from_settings(cls, values: Mapping[str, object], settings_file: str, log: ProblemLog
                      ) -> PlainLanguageLimits:
        """The limits from ``PORTAL_PLAIN_LANGUAGE``; a wrong key or value is a problem in ``log``."""
        limits = {}
        known = cls.__dataclass_fields__
        if not isinstance(values, Mapping):
            log.add(settings_file, None, f"{SETTING} must be a dict, not {values!r}",
                    f"for example {SETTING} = {{'sentence_words': 25, 'paragraph_sentences': 3}}")
            return cls()
        for key, value in values.items():
            if key not in known:
                log.add(settings_file, None, f"{SETTING} has an unknown key '{key}'",
                        f"known keys: {', '.join(known)}")
            elif isinstance(value, bool) or not isinstance(value, int) or value < 1:
                log.add(settings_file, None, f"{SETTING}['{key}'] must be a whole number above 0, not {value!r}",
                        f"for example {SETTING} = {{'{key}': {getattr(cls, key)}}}")
            else:
                limits[key] = value
        return cls(**limits)


@dataclass(frozen=True)
class Advice:
    """One warning about the source text: where, what, and how to make it simpler."""

    path: str
    line: int | None
    message: str
    hint: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: warning: {self.message}\n    hint: {self.hint}"


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def reader_text(md: markdown.Markdown, message: str) -> str:
    """A message as the reader sees it: inline Markdown rendered, markup and link targets gone."""
    parser = _TextOf()
    parser.feed(md.reset().convert(message))
    parser.close()
    return "".join(parser.parts)


def _icu_pieces(text: str, locale: str, unit: str) -> list[str]:
    """``text`` cut where ICU's ``unit`` ('sentence' or 'word') break iterator cuts it.

    ICU's boundaries are UTF-16 offsets: the text is cut as UTF-16, where a
    boundary never falls inside a character.
    """
    icu = load_icu()
    create = icu.BreakIterator.createSentenceInstance if unit == "sentence" else icu.BreakIterator.createWordInstance
    breaker = create(icu.Locale(locale))
    breaker.setText(text)
    units = text.encode("utf-16-le")
    pieces, start = [], 0
    for end in breaker:
        pieces.append(units[2 * start:2 * end].decode("utf-16-le"))
        start = end
    return pieces


def sentences(text: str, locale: str) -> list[str]:
    """ICU's sentences of ``text``, without the spaces between them."""
    return [sentence.strip() for sentence in _icu_pieces(text, locale, "sentence") if sentence.strip()]


def word_count(sentence: str, locale: str) -> int:
    """The words in a sentence, as ICU's word break iterator cuts them (numbers count, punctuation not)."""
    return sum(1 for word in _icu_pieces(sentence, locale, "word") if any(char.isalnum() for char in word))


def _quote(sentence: str) -> str:
    return sentence if len(sentence) <= QUOTE_LENGTH else sentence[:QUOTE_LENGTH] + "…"


def advice_for(message: str, locale: str, limits: PlainLanguageLimits, md: markdown.Markdown
               ) -> list[tuple[str, str]]:
    """What is too long in one message: (warning, hint) pairs."""
    found = []
    cut = sentences(reader_text(md, message), locale)
    if len(cut) > limits.paragraph_sentences:
        found.append((f"a paragraph of {len(cut)} sentences (at most {limits.paragraph_sentences} "
                      f"read easily): '{_quote(cut[0])}'",
                      "keep one idea per paragraph: split it with a blank line, or make a list"))
    for sentence in cut:
        words = word_count(sentence, locale)
        if words > limits.sentence_words:
            found.append((f"a sentence of {words} words (at most {limits.sentence_words} read easily): "
                          f"'{_quote(sentence)}'",
                          "split it into two sentences, or move a list of items into a list"))
    return found


def plain_language_advice(messages: Mapping[str, PageMessages], content_name: str, locale: str,
                          limits: PlainLanguageLimits) -> list[Advice]:
    """Every warning for the source messages (``PageMessages`` by source path), in file order."""
    md = markdown.Markdown()
    advice = []
    for path, found in sorted(messages.items()):
        for message, line in found.messages:
            for warning, hint in advice_for(message, locale, limits, md):
                advice.append(Advice(f"{content_name}/{path}", line, warning, hint))
    return advice


def review_plain_language(prepared: PreparedSite, log: ProblemLog) -> list[Advice]:
    """``portal check``'s plain-language warnings for a prepared site (settings problems go to ``log``)."""
    settings = prepared.settings
    limits = PlainLanguageLimits.from_settings(settings.plain_language, str(settings.settings_file or SETTING), log)
    return plain_language_advice(prepared.messages, settings.content.name, str(settings.languages.source.locale),
                                 limits)
