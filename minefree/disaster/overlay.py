"""Which hazardous areas and released land lie in or near an affected area: one query each.

Distance is the shortest straight-line distance between the outlines, in metres, measured in the
WGS 84 UTM zone of the affected area's centroid (as areas are, `core/geometry.py`). The outline is
first given a vertex every 0.1° (about 10 km; such an edge bows under 2 m when projected), so its
long edges keep following the lines of latitude and longitude drawn on the map. The index does the
first cut: a search zone (the outline buffered by the distance in that UTM zone, plus a small
margin) is intersected with the stored WGS 84 polygons; only those candidates are measured in SQL.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import Transform
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.db.models import BooleanField, Case, F, FloatField, Func, Q, QuerySet, Value, When

from minefree.core.geometry import as_multipolygon, utm_srid
from minefree.core.permissions import Action
from minefree.core.spatial_index import index_cut
from minefree.disaster.models import AffectedArea
from minefree.hazards.models import REMAINING, HazardArea, LandReleaseActivity

QUAD_SEGMENTS = 16  # a quarter circle in 16 chords: under 0.2 % short of the true radius
DENSIFY_STEP = 0.1  # degrees (~10 km) between added vertices: a 10 km edge bows under 2 m


class PlanarDistance(Func):
    function = "ST_Distance"
    output_field = FloatField()


@dataclass(frozen=True)
class Zone:
    """The affected area in its UTM zone, and the WGS 84 zone the index is asked about."""

    outline: GEOSGeometry  # WGS 84
    local: GEOSGeometry  # the outline in its UTM zone
    search: GEOSGeometry  # WGS 84, the outline widened by the distance and a margin
    distance_m: float
    srid: int  # of the UTM zone


def zone_of(area: AffectedArea) -> Zone:
    outline = area.geometry
    srid = utm_srid(outline)
    local = densified(outline).transform(srid, clone=True)
    if not area.distance_m:
        return Zone(outline, local, outline, 0.0, srid)
    # The buffer's arcs are chords, a little inside the true circle; the margin keeps them all in.
    margin = 10 + 0.01 * area.distance_m
    search = local.buffer(area.distance_m + margin, QUAD_SEGMENTS).transform(4326, clone=True)
    return Zone(outline, local, search, float(area.distance_m), srid)


def densified(geom: GEOSGeometry, step: float = DENSIFY_STEP) -> MultiPolygon:
    """The outline with extra vertices on long edges: a 500 km edge would otherwise bow by ~4 km in UTM."""

    def ring(coords: Any) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for (x1, y1), (x2, y2) in itertools.pairwise(c[:2] for c in coords):
            pieces = max(1, math.ceil(max(abs(x2 - x1), abs(y2 - y1)) / step))
            out.extend((x1 + (x2 - x1) * k / pieces, y1 + (y2 - y1) * k / pieces) for k in range(pieces))
        return [*out, out[0]]

    parts: Any = as_multipolygon(geom)
    polygons = [Polygon(*(ring(r.coords) for r in polygon)) for polygon in parts]
    return MultiPolygon(*polygons, srid=geom.srid)


def _near(rows: QuerySet[Any], zone: Zone) -> QuerySet[Any]:
    # The spatial cut is its own subquery on the index, so no planner starts from the status index
    # and tests every open hazard's polygon; it reads ids only, the outer query is the restricted one.
    spatial = rows.model._default_manager.filter(index_cut(rows.model, zone.search), geometry__intersects=zone.search)
    rows = rows.filter(pk__in=spatial.values("pk"))
    if not zone.distance_m:
        return rows.annotate(inside=Value(True), distance=Value(0.0, output_field=FloatField()))
    srid = zone.srid
    measured = PlanarDistance(Transform("geometry", srid), Value(zone.local, output_field=GeometryField(srid=srid)))
    inside = Case(
        When(geometry__intersects=zone.outline, then=Value(True)), default=Value(False), output_field=BooleanField()
    )
    return (
        rows.annotate(inside=inside)
        .annotate(distance=Case(When(inside=True, then=Value(0.0)), default=measured, output_field=FloatField()))
        .filter(Q(inside=True) | Q(distance__lte=zone.distance_m))
    )


def hazards_near(user: object, zone: Zone) -> QuerySet[Any]:  # annotated: inside, distance
    """Hazardous areas still contaminated (open, worked on, suspended) in or near the zone."""
    rows = HazardArea.objects.restrict(user, Action.VIEW).filter(status__in=REMAINING)  # type: ignore[arg-type]
    return (
        _near(rows, zone)
        .annotate(
            district=F("admin_area__name"), region=F("admin_area__parent__name"), operator_name=F("operator__acronym")
        )
        .order_by("-inside", "distance", "reference")
    )


def released_near(user: object, zone: Zone) -> QuerySet[Any]:  # annotated: inside, distance
    """Land cancelled, reduced or cleared in or near the zone: floods and mudslides move mines onto it."""
    rows = LandReleaseActivity.objects.restrict(user, Action.VIEW)  # type: ignore[arg-type]
    return (
        _near(rows, zone)
        .annotate(
            hazard_reference=F("hazard__reference"),
            hazard_status=F("hazard__status"),
            district=F("hazard__admin_area__name"),
            organisation_name=F("organisation__acronym"),
        )
        .order_by("-inside", "distance", "-end_date", "reference")
    )
