"""The hazard map drawn from vector tiles (OGC API - Tiles, ogcapi/tiles.py) rather than one GeoJSON
of every area: the page gets the tiles' address with its filters, and the figures the legend shows
(how many areas, their total area, where they lie) from one aggregate query, whatever the count."""

from __future__ import annotations

from typing import Any

from django.contrib.gis.db.models import Extent
from django.db.models import Count, Q, Sum
from django.http import QueryDict
from django.urls import reverse

from minefree.hazards.filters import HazardAreaFilter

COLLECTION = "hazardous-areas"
MATRIX_SET = "WebMercatorQuad"


def tiles_url(filters: HazardAreaFilter) -> str:
    """The tile address template ({z}/{y}/{x}) with the filters the form accepted, none it refused."""
    kept = QueryDict(mutable=True)
    filters.form.is_valid()
    for name in filters.base_filters:
        values = [v for v in filters.data.getlist(name) if v]
        if values and name not in filters.form.errors:
            kept.setlist(name, values)
    base = reverse("ogcapi:tileset", args=[COLLECTION, MATRIX_SET]) + "/{z}/{y}/{x}"
    return base + (f"?{kept.urlencode()}" if kept else "")


def figures(filters: HazardAreaFilter) -> dict[str, Any]:
    """The mapped areas (a polygon, or only a recorded point): their count, total area and bounds."""
    drawn = filters.qs.filter(Q(geometry__isnull=False) | Q(location__isnull=False)).order_by()
    found = drawn.aggregate(
        count=Count("pk"), total=Sum("area_m2"), polygons=Extent("geometry"), points=Extent("location")
    )
    boxes = [box for box in (found["polygons"], found["points"]) if box]
    bounds = None
    if boxes:
        bounds = [
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        ]
    return {"count": found["count"], "total": round(found["total"] or 0), "bounds": bounds}
