"""The overlay as rows for the page, the API, the PDF and the GeoPackage (geometry as GeoJSON or WKB)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.gis.db.models.functions import AsGeoJSON, AsWKB
from django.db import connection, transaction
from django.utils import timezone

from minefree.core.geometry import rfc7946_rings
from minefree.disaster.models import AffectedArea
from minefree.disaster.overlay import Zone, hazards_near, released_near, zone_of
from minefree.hazards.models import Classification, Contamination, Method, ReleaseKind, Status

HAZARD_FIELDS = (
    "id",
    "reference",
    "name",
    "district",
    "region",
    "operator_name",
    "classification",
    "contamination",
    "status",
    "area_m2",
    "inside",
    "distance",
)
RELEASED_FIELDS = (
    "id",
    "reference",
    "hazard_reference",
    "hazard_status",
    "district",
    "organisation_name",
    "kind",
    "method",
    "end_date",
    "area_m2",
    "inside",
    "distance",
)
LABELS: dict[str, Any] = {
    "classification": Classification,
    "contamination": Contamination,
    "status": Status,
    "hazard_status": Status,
    "kind": ReleaseKind,
    "method": Method,
}


@dataclass
class Overlay:
    area: AffectedArea
    zone: Zone
    hazards: list[dict[str, Any]]
    released: list[dict[str, Any]]
    hazard_count: int
    released_count: int
    hazards_inside: int
    as_of: Any = field(default_factory=timezone.now)

    @property
    def complete(self) -> bool:
        return self.hazard_count == len(self.hazards) and self.released_count == len(self.released)


def _rows(
    queryset: Any, names: tuple[str, ...], shape: Any, limit: int | None, offset: int
) -> tuple[list[dict[str, Any]], int]:
    rows = queryset.annotate(shape=shape).values(*names, "shape")
    found = list(rows[offset:] if limit is None else rows[offset : offset + limit + 1])
    if offset or (limit is not None and len(found) > limit):
        # Only a very large disaster gets here; the count is then worth its cost.
        return found[:limit], queryset.count()
    return found, len(found)


def overlay_size(user: Any, area: AffectedArea, cap: int) -> int:
    """Hazards plus released land in or near `area`, each counted only up to one past `cap` (cheap)."""
    zone = zone_of(area)
    return int(hazards_near(user, zone)[: cap + 1].count()) + int(released_near(user, zone)[: cap + 1].count())


def overlay(
    user: Any, area: AffectedArea, *, geometry: str = "geojson", limit: int | None = None, offset: int = 0
) -> Overlay:
    """What `user` may see in or near `area`, nearest first; each list from `offset`, at most `limit`.

    The counts stay exact whatever the page. The order ends on the unique reference, so pages are stable.
    """
    zone = zone_of(area)
    # 7 decimals, as the exports: polygons are kept valid at that precision (core/geometry.py cleaned).
    shape = AsGeoJSON(rfc7946_rings("geometry"), precision=7) if geometry == "geojson" else AsWKB("geometry")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # PostGIS functions declare high costs, so the planner's estimate crosses jit_above_cost and
            # compiling the expressions takes longer (1.5 s on 100,000 hazards) than running the query.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        hazards, hazard_count = _rows(hazards_near(user, zone), HAZARD_FIELDS, shape, limit, offset)
        released, released_count = _rows(released_near(user, zone), RELEASED_FIELDS, shape, limit, offset)
        inside = sum(1 for row in hazards if row["inside"])
        if hazard_count > len(hazards):
            inside = hazards_near(user, zone).filter(inside=True).count()
    for row in hazards + released:
        row["distance"] = round(row["distance"] or 0.0, 1)
        for name, choices in LABELS.items():
            if name in row:
                row[f"{name}_label"] = str(dict(choices.choices).get(row[name], row[name]))
    return Overlay(area, zone, hazards, released, hazard_count, released_count, inside)
