"""Gazetteer names for the maps: labels (regions, districts, places) and the map's place search.

Both read through `restrict`, like the global search. A name matches in any language the
gazetteer holds (the recorded name and `names`, e.g. Russian and Tajik), so "Рашт" and "Rasht"
find the same district; the name shown is the reader's language.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.gis.db.models.functions import Envelope, PointOnSurface
from django.db.models.fields.json import KT

from minefree.core.permissions import Action
from minefree.gazetteer.models import AdminArea, Country, Place, localized
from minefree.search.sources import LIMIT, matching

PLACE_LEVEL = 3  # villages and other points: after regions (1) and districts (2)


def labels(user: Any) -> list[dict[str, Any]]:
    """One label per region, district and place: the reader's name at a point inside the area."""
    out = []
    areas = AdminArea.objects.restrict(user, Action.VIEW).annotate(at=PointOnSurface("boundary"))
    for level, name, names, at in areas.values_list("level", "name", "names", "at"):
        out.append({"level": level, "name": localized(name, names), "lat": at.y, "lon": at.x})
    for name, location in Place.objects.restrict(user, Action.VIEW).values_list("name", "location"):
        out.append({"level": PLACE_LEVEL, "name": name, "lat": location.y, "lon": location.x})
    return out


def find(user: Any, q: str) -> list[dict[str, Any]]:
    """Regions, districts, countries and places whose name in any language contains `q`, any case."""
    term = q.lower()
    if not term:
        return []
    names = [KT(f"names__{code}") for code, _language in settings.LANGUAGES if code != "en"]
    hits: list[dict[str, Any]] = []
    areas = matching(AdminArea.objects.restrict(user, Action.VIEW), ("name", *names), term)
    for name, other, parent, parent_other, box in (
        areas.annotate(box=Envelope("boundary"))
        .order_by("level", "name")
        .values_list("name", "names", "parent__name", "parent__names", "box")[:LIMIT]
    ):
        detail = localized(parent, parent_other) if parent else ""
        hits.append({"name": localized(name, other), "detail": detail, "bbox": list(box.extent)})
    countries = matching(Country.objects.restrict(user, Action.VIEW), ("name", *names), term)
    for name, other, box in countries.annotate(box=Envelope("boundary")).values_list("name", "names", "box")[:LIMIT]:
        hits.append({"name": localized(name, other), "detail": "", "bbox": list(box.extent)})
    places = matching(Place.objects.restrict(user, Action.VIEW), ("name",), term).order_by("name")
    for name, kind, location in places.values_list("name", "kind", "location")[:LIMIT]:
        hits.append({"name": name, "detail": kind, "lat": location.y, "lon": location.x})
    return hits[:LIMIT]
