"""The service points directory's static filter pages: which exist, and which points each lists.

One page per city, language (spoken in person, on a phone or through an
interpreter) and service some point has; their routes are in the output
plan (``portal.outputs.directory_filter_keys``), so that the plan and the
pages written always agree.
"""

from __future__ import annotations

from ..outputs import directory_filter_keys
from .views import DataView, ServicePointView


def directory_filters(points: list[ServicePointView], view: DataView) -> dict[str, list]:
    """Every city, language and service some point has, with its label in the view's language."""
    keys = directory_filter_keys(p.record for p in points)
    return {
        "city": [(key, view.label("cities", key)) for key in keys["city"]],
        "language": [(name.code, name) for name in view.language_names(keys["language"])],
        "service": [(key, view.label("services", key)) for key in keys["service"]],
    }


def filter_points(points: list[ServicePointView], dimension: str, key: str) -> list[ServicePointView]:
    """The points a filter page lists: those in the city, speaking the language, or offering the service."""
    if dimension == "city":
        return [p for p in points if p.record["city"] == key]
    if dimension == "language":
        return [p for p in points if key in p.spoken or key in p.interpreted]
    return [p for p in points if key in dict(p.services)]
