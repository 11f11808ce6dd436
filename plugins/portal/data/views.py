"""The data as one edition shows it: texts translated, labels, language names.

Built per edition from the validated data and the data catalogs, so the
templates only lay things out. Which service points a community page
lists is decided here (``points_for``), where it can be tested.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from babel import Locale

from ..editions import LocalizedText, TranslationSet
from ..languages import Language, Languages
from ..translation import MessageLookup
from .hours import OpeningHours, parse_hours
from .phones import tel_uri
from .records import DataSet


@dataclass(frozen=True)
class LanguageName:
    code: str
    name: str  # in the edition's language
    tag: str


@dataclass
class PhoneView:
    number: str
    tel: str
    description: LocalizedText | None
    languages: list[LanguageName]
    hours: OpeningHours | None


@dataclass
class ServicePointView:
    id: str
    record: dict[str, Any]
    name: LocalizedText
    kind: LocalizedText
    city: LocalizedText
    address: str | None
    description: LocalizedText | None
    phones: list[PhoneView]
    languages: list[LanguageName]
    interpretation_languages: list[LanguageName]
    services: list[tuple[str, LocalizedText]]
    hours: OpeningHours | None
    eligibility: LocalizedText | None
    serves_undocumented: bool | None
    application_process: LocalizedText | None
    url: str | None
    email: str | None
    assured_date: dt.date
    sample: bool

    @property
    def spoken(self) -> set[str]:
        """Languages spoken in person or on one of its phones."""
        codes = {lang.code for lang in self.languages}
        for phone in self.phones:
            codes |= {lang.code for lang in phone.languages}
        return codes

    @property
    def interpreted(self) -> set[str]:
        return {lang.code for lang in self.interpretation_languages}


@dataclass
class VisaView:
    code: str
    name: LocalizedText
    for_whom: LocalizedText | None
    rules: list[LocalizedText]
    effective_from: dt.date | None
    expires: dt.date | None
    expired: bool
    upcoming: bool
    sample: bool

    @property
    def shown_code(self) -> str | None:
        """The code as readers know it (E-9, F-6); None for a record keyed by an internal id
        (``temporary-stay-request``), which is no code to show or to ask for at an office."""
        return self.code if self.code == self.code.upper() else None


@dataclass
class LanguageHours:
    """Languages a line answers, and when (None: the facts do not say)."""

    languages: list[LanguageName]
    hours: OpeningHours | None
    sample: bool = False

    @property
    def codes(self) -> set[str]:
        return {name.code for name in self.languages}


@dataclass
class HelplineView:
    number: str
    tel: str
    name: LocalizedText
    description: LocalizedText | None
    languages: list[LanguageName]
    hours: OpeningHours | None
    emergency: bool
    groups: list[LanguageHours] = field(default_factory=list)  # the line's own hours first
    reported: str | None = None  # YYYY-MM or YYYY-MM-DD, as the data has it
    sample: bool = False

    def hours_for(self, code: str) -> LanguageHours | None:
        """When the line answers in language ``code``: its group, or None if it does not."""
        return next((group for group in self.groups if code in group.codes), None)


@dataclass
class CommunityView:
    id: str
    name: LocalizedText
    summary: LocalizedText | None
    languages: list[LanguageName]
    about: list[LocalizedText]
    visas: list[VisaView]
    organisations: list[dict[str, Any]]
    explicit_points: list[str]
    sample: bool
    preferred: str = ""  # the code of the edition the community reads best
    points_spoken: list[ServicePointView] = field(default_factory=list)
    points_interpreted: list[ServicePointView] = field(default_factory=list)


def validity(record: dict[str, Any], today: dt.date) -> tuple[bool, bool]:
    """Whether a dated record (a visa rule) has expired on ``today``, and whether it is yet to
    take effect."""
    expires, starts = record.get("expires"), record.get("effective_from")
    return bool(expires and expires < today), bool(starts and starts > today)


def validities(data: DataSet, today: dt.date) -> list[tuple[str, bool, bool]]:
    """Every dated record's ``validity`` on ``today``: all that the site's pages depend on of
    the date they are built on, so a build on another day redoes only what this changes."""
    return [(record["code"], *validity(record, today)) for record in data["visas"]]


class DataView:
    """Every record of the data set, localized for one edition."""

    def __init__(self, data: DataSet, languages: Languages, language: Language,
                 translations: TranslationSet, today: dt.date):
        self.data = data
        self.languages = languages
        self.language = language
        self.today = today
        self._lookups = {
            path: MessageLookup(languages, language, translations.pages.get(path, {}))
            for path in data.messages
        }

    def text(self, file: str, value: str | None) -> LocalizedText | None:
        if not value:
            return None
        lookup = self._lookups.get(f"data/{file}.yml")
        if lookup is None:
            return LocalizedText(value)
        return LocalizedText.from_resolution(lookup(value))

    def label(self, group: str, key: str) -> LocalizedText:
        return self.text("vocabulary", self.data.vocabulary.get(group, {}).get(key, key))

    def language_names(self, codes: list[str]) -> list[LanguageName]:
        names = []
        for code in codes:
            locale = Locale.parse(code.replace("-", "_"))
            tag = "-".join(filter(None, [locale.language, locale.script, locale.territory]))
            names.append(LanguageName(code, locale.get_display_name(self.language.locale) or code, tag))
        return names

    def _hours(self, text: str | None) -> OpeningHours | None:
        return parse_hours(text) if text else None

    def service_point(self, record: dict[str, Any]) -> ServicePointView:
        t = lambda key: self.text("service-points", record.get(key))  # noqa: E731
        return ServicePointView(
            id=record["id"], record=record, name=t("name"),
            kind=self.label("kinds", record["kind"]), city=self.label("cities", record["city"]),
            address=record.get("address"), description=t("description"),
            phones=[PhoneView(p["number"], tel_uri(p["number"]),
                              self.text("service-points", p.get("description")),
                              self.language_names(p.get("languages", [])), self._hours(p.get("hours")))
                    for p in record.get("phones", [])],
            languages=self.language_names(record.get("languages", [])),
            interpretation_languages=self.language_names(record.get("interpretation_languages", [])),
            services=[(key, self.label("services", key)) for key in record.get("services", [])],
            hours=self._hours(record.get("hours")), eligibility=t("eligibility_description"),
            serves_undocumented=record.get("serves_undocumented"),
            application_process=t("application_process"), url=record.get("url"),
            email=record.get("email"), assured_date=record["assured_date"],
            sample=bool(record.get("sample")),
        )

    def service_points(self) -> list[ServicePointView]:
        return [self.service_point(r) for r in self.data["service-points"]]

    def visa(self, record: dict[str, Any]) -> VisaView:
        expires, starts = record.get("expires"), record.get("effective_from")
        expired, upcoming = validity(record, self.today)
        return VisaView(
            code=record["code"], name=self.text("visas", record["name"]),
            for_whom=self.text("visas", record.get("for_whom")),
            rules=[self.text("visas", rule) for rule in record.get("rules", [])],
            effective_from=starts, expires=expires,
            expired=expired, upcoming=upcoming, sample=bool(record.get("sample")))

    def visas(self) -> list[VisaView]:
        return [self.visa(r) for r in self.data["visas"]]

    def helpline(self, record: dict[str, Any]) -> HelplineView:
        languages = self.language_names(record.get("languages", []))
        hours = self._hours(record.get("hours"))
        groups = [LanguageHours(languages, hours, bool(record.get("sample")))] if languages else []
        groups += [LanguageHours(self.language_names(group["languages"]), self._hours(group.get("hours")),
                                 bool(group.get("sample")))
                   for group in record.get("language_hours", [])]
        return HelplineView(record["number"], tel_uri(record["number"]), self.text("helplines", record["name"]),
                            self.text("helplines", record.get("description")), languages, hours,
                            bool(record.get("emergency")), groups, record.get("reported"),
                            bool(record.get("sample")))

    def helplines(self) -> list[HelplineView]:
        """Emergency lines first, then the lines that answer in the edition's language, then the others
        (each group in the data's order)."""
        lines = [self.helpline(r) for r in self.data["helplines"]]
        code = self.language.locale.language
        return sorted(lines, key=lambda line: 0 if line.emergency else 1 if line.hours_for(code) else 2)

    def community(self, record: dict[str, Any], points: list[ServicePointView]) -> CommunityView:
        visas = self.data.by_id("visas")
        view = CommunityView(
            id=record["id"], name=self.text("communities", record["name"]),
            summary=self.text("communities", record.get("summary")),
            languages=self.language_names(record["languages"]),
            about=[self.text("communities", p) for p in record.get("about", [])],
            visas=[self.visa(visas[code]) for code in record.get("visas", []) if code in visas],
            organisations=[{**o, "name": self.text("communities", o["name"]),
                            "description": self.text("communities", o.get("description"))}
                           for o in record.get("organisations", [])],
            explicit_points=list(record.get("service_points", [])),
            sample=bool(record.get("sample")),
            preferred=next((c for c in record["languages"] if c in self.languages), self.languages.source.code),
        )
        view.points_spoken, view.points_interpreted = points_for(
            record, points, self.languages.source.code)
        return view

    def communities(self) -> list[CommunityView]:
        points = self.service_points()
        return [self.community(r, points) for r in self.data["communities"]]


def points_for(community: dict[str, Any], points: list[ServicePointView],
               source_code: str) -> tuple[list[ServicePointView], list[ServicePointView]]:
    """The service points a community page lists: (speak its language, through an interpreter).

    A point speaks a community's language when one of the community's
    languages other than the source language is spoken there in person or
    on one of its phones; every point speaks the source language, so it
    alone says nothing. Points named in the record's ``service_points``
    are always listed as speaking.
    """
    wanted = {code for code in community["languages"] if code != source_code}
    named = set(community.get("service_points", []))
    spoken = [p for p in points if p.id in named or wanted & p.spoken]
    interpreted = [p for p in points if p not in spoken and wanted & p.interpreted]
    return spoken, interpreted
