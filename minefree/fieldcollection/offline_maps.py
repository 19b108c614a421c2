"""Offline lists with coordinates: a GeoJSON list a form selects from on a map ("the hazard I am
standing in", with no signal), and the ODK geopoint of each row of the CSV lists (for distance()).

ODK Collect reads a GeoJSON FeatureCollection whose features carry `id` (the answer) and `title` (the
label), with a Point, LineString or Polygon geometry: a multi-part area is offered by its largest part.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import AsGeoJSON, PointOnSurface, SnapToGrid
from django.db.models import QuerySet
from django.db.models.functions import Coalesce

from minefree.core.permissions import Action
from minefree.hazards.models import REMAINING, HazardArea
from minefree.hazards.symbology import FILL, OUTLINE

GRID_DEGREES = 0.00001  # about a metre: enough to find a hazard on a phone's map, and a small file


def _ring_area(ring: list[list[float]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0, *_a), (x1, y1, *_b) in itertools.pairwise(ring))) / 2


def single_part(geometry: dict[str, Any]) -> dict[str, Any]:
    """A Point, LineString or Polygon: the largest polygon of a MultiPolygon, the only point of a MultiPoint."""
    if geometry["type"] == "MultiPolygon" and geometry["coordinates"]:
        largest = max(geometry["coordinates"], key=lambda polygon: _ring_area(polygon[0]))
        return {"type": "Polygon", "coordinates": largest}
    if geometry["type"] == "MultiPoint" and geometry["coordinates"]:
        return {"type": "Point", "coordinates": geometry["coordinates"][0]}
    return geometry


def outline(hazard: str = "") -> Any:
    """A hazard's area, or its recorded point when it has only that (an IMSMA import); `hazard` is
    the lookup path to it from another row ("hazard__")."""
    return Coalesce(f"{hazard}geometry", f"{hazard}location", output_field=GeometryField(srid=4326))


def spot(shape: Any) -> Any:
    """A point on `shape` (inside the area, not its centroid, which may fall outside it)."""
    return PointOnSurface(shape)


def geopoint(point: Any) -> str:
    """An ODK geopoint answer ("lat lon altitude accuracy"), or "" for no point."""
    return f"{point.y:.6f} {point.x:.6f} 0 0" if point is not None else ""


def remaining_hazards(user: Any) -> QuerySet[HazardArea]:
    return HazardArea.objects.restrict(user, Action.VIEW).filter(status__in=REMAINING).order_by("reference")


def hazards_geojson(user: Any) -> str:
    rows = (
        remaining_hazards(user)
        .annotate(shape=AsGeoJSON(SnapToGrid(outline(), GRID_DEGREES), precision=5))
        .exclude(shape__isnull=True)
        .values_list("reference", "name", "classification", "status", "shape")
    )
    features = [
        {
            "type": "Feature",
            "geometry": single_part(json.loads(shape)),
            "properties": {
                "id": reference,
                "title": f"{reference} {name}",
                "classification": classification,
                "status": status,
                # The national map's colours: the fill by classification, the outline by status.
                "fill": FILL.get(classification, "#999999"),
                "stroke": OUTLINE.get(status, ("#333333", ""))[0],
            },
        }
        for reference, name, classification, status, shape in rows
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
