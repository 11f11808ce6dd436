"""schema.org structured data for search engines, generated from the records."""

from __future__ import annotations

import json

from markupsafe import Markup

from ..languages import Language
from .views import ServicePointView


def service_jsonld(point: ServicePointView, edition: Language) -> Markup:
    """A GovernmentService with its provider's ContactPoints, as JSON-LD.

    ``</`` is escaped so the JSON cannot close its script element.
    """
    contact_points = [
        {"@type": "ContactPoint", "telephone": phone.tel.removeprefix("tel:"),
         "availableLanguage": [name.tag for name in phone.languages]}
        for phone in point.phones
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": point.name.text,
        "serviceType": point.kind.text,
        "areaServed": point.city.text,
        "availableLanguage": [name.tag for name in point.languages + point.interpretation_languages],
        "inLanguage": edition.tag,
        "provider": {
            "@type": "GovernmentOrganization",
            "name": point.name.text,
            **({"address": point.address} if point.address else {}),
            **({"url": point.url} if point.url else {}),
            "contactPoint": contact_points,
        },
    }
    if point.description:
        data["description"] = point.description.text
    return Markup(json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/"))


def union_sorted(first: set[str], second: set[str]) -> list[str]:
    return sorted(set(first) | set(second))


FILTERS = {"service_jsonld": service_jsonld, "union_sorted": union_sorted}
