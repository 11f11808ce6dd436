"""The languages a portal is published in, declared once in the settings.

Each language is one entry: its URL code, its CLDR locale, its name in its
own script, its writing direction and its fallback chain. Everything else
(plural rules, date formats, the ``lang`` tag) is derived from CLDR through
Babel, so adding a language needs no code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.plural import to_gettext

from .problems import ProblemLog

DIRECTIONS = ("ltr", "rtl")
ALLOWED_KEYS = {"code", "locale", "name", "direction", "fallback", "stale"}
STALE_POLICIES = ("fallback", "mark")
CODE_PATTERN = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Language:
    """One language edition's identity and how it falls back."""

    code: str
    locale: Locale
    name: str
    direction: str
    fallback: tuple[str, ...]
    stale: str = "fallback"

    @property
    def tag(self) -> str:
        """BCP 47 tag for ``lang`` and ``hreflang`` attributes (zh-Hans, uz-Latn)."""
        parts = [self.locale.language]
        if self.locale.script:
            parts.append(self.locale.script)
        if self.locale.territory:
            parts.append(self.locale.territory)
        return "-".join(parts)

    @property
    def plural_forms(self) -> str:
        """The gettext Plural-Forms header, from CLDR rather than Babel's table."""
        return to_gettext(self.locale.plural_form)

    def __repr__(self) -> str:
        return f"Language({self.code!r})"


@dataclass(frozen=True)
class Languages:
    """All configured languages, in display order, with the source first."""

    source: Language
    all: tuple[Language, ...]

    def __iter__(self):
        return iter(self.all)

    def __len__(self) -> int:
        return len(self.all)

    def __contains__(self, code: object) -> bool:
        return any(lang.code == code for lang in self.all)

    def __getitem__(self, code: str) -> Language:
        for lang in self.all:
            if lang.code == code:
                return lang
        raise KeyError(code)

    @property
    def codes(self) -> list[str]:
        return [lang.code for lang in self.all]

    @property
    def targets(self) -> tuple[Language, ...]:
        """The languages translated into (every one but the source)."""
        return tuple(lang for lang in self.all if lang is not self.source)

    def chain(self, language: Language) -> tuple[Language, ...]:
        """The language itself, then its fallbacks, ending with the source."""
        return (language, *(self[code] for code in language.fallback))


def _cldr_direction(locale: Locale) -> str:
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


def _line_of(settings_file: Path | None, needle: str) -> int | None:
    """Best-effort line of a value in the settings file, for error messages."""
    if settings_file is None or not settings_file.is_file():
        return None
    for number, text in enumerate(settings_file.read_text("utf-8").splitlines(), 1):
        if needle in text:
            return number
    return None


def load_languages(
    entries: Iterable[dict[str, Any]],
    source_code: str,
    settings_file: Path | None = None,
) -> Languages:
    """Validate the PORTAL_LANGUAGES setting and build the languages.

    Every problem is collected first, then raised together with the line of
    the settings file it is on, so one run shows all mistakes.
    """
    log = ProblemLog()
    where = str(settings_file or "settings")
    entries = list(entries)
    declared = [e.get("code") for e in entries if isinstance(e, dict)]
    parsed: list[tuple[dict[str, Any], Locale, str]] = []

    for entry in entries:
        if not isinstance(entry, dict) or "code" not in entry:
            log.add(where, None, f"PORTAL_LANGUAGES entry {entry!r} has no 'code'",
                    "write each language as a dict such as {'code': 'en', 'locale': 'en'}")
            continue
        code = entry["code"]
        line = _line_of(settings_file, f'"{code}"') or _line_of(settings_file, f"'{code}'")
        unknown = set(entry) - ALLOWED_KEYS
        if unknown:
            log.add(where, line, f"language '{code}' has unknown keys {sorted(unknown)}",
                    f"allowed keys: {', '.join(sorted(ALLOWED_KEYS))}")
        if not isinstance(code, str) or not CODE_PATTERN.match(code):
            log.add(where, line, f"language code {code!r} is not a lower-case language tag",
                    "use a short code such as 'en', 'zh' or 'fil'; it becomes the URL prefix")
            continue
        locale_id = entry.get("locale", code)
        try:
            locale = Locale.parse(locale_id)
        except (UnknownLocaleError, ValueError, TypeError):
            log.add(where, line, f"language '{code}': unknown CLDR locale {locale_id!r}",
                    "use a locale Babel knows, such as 'en', 'zh_Hans', 'uz_Latn' or 'mn'")
            continue
        direction = entry.get("direction", _cldr_direction(locale))
        if direction not in DIRECTIONS:
            log.add(where, line, f"language '{code}': direction {direction!r} is not one of {DIRECTIONS}")
        stale = entry.get("stale", "fallback")
        if stale not in STALE_POLICIES:
            log.add(where, line, f"language '{code}': stale {stale!r} is not one of {STALE_POLICIES}",
                    "'fallback' replaces stale text along the fallback chain; 'mark' shows it with a notice")
        for target in entry.get("fallback", []):
            if target not in declared:
                log.add(where, line, f"language '{code}' falls back to '{target}', which is not declared",
                        f"declared languages: {', '.join(map(str, declared))}")
        parsed.append((entry, locale, direction))

    if source_code not in declared:
        log.add(where, None, f"the source language '{source_code}' is not in PORTAL_LANGUAGES",
                "declare it as the first entry")
    if len(set(declared)) != len(declared):
        log.add(where, None, "a language code is declared twice in PORTAL_LANGUAGES")
    log.raise_if_any()

    languages = []
    for entry, locale, direction in parsed:
        code = entry["code"]
        chain = [c for c in entry.get("fallback", []) if c != code]
        if code != source_code and source_code not in chain:
            chain.append(source_code)
        languages.append(Language(
            code=code,
            locale=locale,
            name=entry.get("name") or locale.get_display_name(locale),
            direction=direction,
            fallback=tuple(chain),
            stale=entry.get("stale", "fallback"),
        ))
    source = next(lang for lang in languages if lang.code == source_code)
    ordered = (source, *(lang for lang in languages if lang is not source))
    return Languages(source=source, all=ordered)
