"""Opening hours as data, in a subset of OpenStreetMap's opening_hours syntax.

``Mo-Fr 09:00-18:00; Sa 10:00-13:00`` or ``24/7``. Kept as data so each
edition shows day names and times the CLDR way for its locale.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel import Locale
from babel.dates import format_time, get_day_names

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
RULE = re.compile(r"^(?P<days>[A-Z][a-z](?:-[A-Z][a-z])?(?:,[A-Z][a-z](?:-[A-Z][a-z])?)*) "
                  r"(?P<times>\d\d:\d\d-\d\d:\d\d(?:,\d\d:\d\d-\d\d:\d\d)*)$")
ALWAYS = "24/7"


@dataclass(frozen=True)
class OpeningRule:
    days: tuple[int, ...]  # 0 = Monday
    times: tuple[tuple[dt.time, dt.time], ...]


@dataclass(frozen=True)
class OpeningHours:
    always: bool
    rules: tuple[OpeningRule, ...]

    def describe(self, locale: Locale, always_label: str) -> list[str]:
        """One line per rule: 'Mon–Fri 9:00 AM – 6:00 PM' in the edition's locale."""
        if self.always:
            return [always_label]
        names = get_day_names("abbreviated", locale=locale)
        lines = []
        for rule in self.rules:
            days = _day_ranges(rule.days, names)
            times = ", ".join(f"{format_time(a, 'short', locale=locale)}–{format_time(b, 'short', locale=locale)}"
                              for a, b in rule.times)
            lines.append(f"{days} {times}")
        return lines


def _day_ranges(days: tuple[int, ...], names) -> str:
    """'Mon–Fri', or 'Sun–Thu' for a range across the week's end (days in written order)."""
    ranges, start = [], None
    for index, day in enumerate(days):
        if start is None:
            start = day
        if index + 1 == len(days) or days[index + 1] != (day + 1) % 7:
            ranges.append(names[start] if start == day else f"{names[start]}–{names[day]}")
            start = None
    return ", ".join(ranges)


def _expand(days: str) -> tuple[int, ...]:
    """The days in the order written; a range may run across the week's end (Su-Th, as in
    OpenStreetMap's syntax)."""
    result: list[int] = []
    for part in days.split(","):
        first, _, last = part.partition("-")
        a, b = DAYS.index(first), DAYS.index(last or first)
        span = range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)]
        result.extend(day for day in span if day not in result)
    return tuple(result)


def parse_hours(text: str) -> OpeningHours:
    """Parse opening hours; ValueError with a readable reason when invalid."""
    text = text.strip()
    if text == ALWAYS:
        return OpeningHours(True, ())
    rules = []
    for part in (p.strip() for p in text.split(";")):
        match = RULE.match(part)
        if not match:
            raise ValueError(f"'{part}' is not like 'Mo-Fr 09:00-18:00'")
        try:
            days = _expand(match["days"])
        except ValueError as error:
            raise ValueError(str(error).replace("tuple.index(x): x not in tuple", "unknown day")) from None
        times = []
        for span in match["times"].split(","):
            start, end = (dt.time.fromisoformat(t) for t in span.split("-"))
            if end <= start:
                raise ValueError(f"'{span}' closes before it opens")
            times.append((start, end))
        rules.append(OpeningRule(days, tuple(times)))
    return OpeningHours(False, tuple(rules))
