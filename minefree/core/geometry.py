"""Areas from geometry, and the geocheck rules every polygon passes on every entry path."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.utils.translation import gettext as _

MAX_VERTEX_GAP_M = 5000.0
EARTH_RADIUS_M = 6371008.8


def utm_srid(geom: GEOSGeometry) -> int:
    """EPSG code of the WGS 84 UTM zone holding the geometry's centroid."""
    centre = geom.centroid
    zone = min(60, max(1, int((centre.x + 180) // 6) + 1))
    return (32600 if centre.y >= 0 else 32700) + zone


def area_m2(geom: GEOSGeometry | None) -> float:
    """Area in square metres, measured in the local UTM zone (never typed in)."""
    if geom is None or geom.empty:
        return 0.0
    projected = geom.transform(utm_srid(geom), clone=True)
    return float(projected.area)


def as_multipolygon(geom: GEOSGeometry) -> MultiPolygon:
    if isinstance(geom, MultiPolygon):
        return geom
    if isinstance(geom, Polygon):
        return MultiPolygon(geom, srid=geom.srid)
    parts: Any = geom
    polygons = [g for g in parts if isinstance(g, Polygon)] if geom.geom_type == "GeometryCollection" else []
    return MultiPolygon(*polygons, srid=geom.srid)


def metres_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two lon/lat points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def _swap_wkt(geom: GEOSGeometry) -> str:
    def ring(coords: Iterable[tuple[float, ...]]) -> str:
        return "(" + ", ".join(f"{c[1]!r} {c[0]!r}" for c in coords) + ")"

    polys = as_multipolygon(geom)
    return "MULTIPOLYGON(" + ", ".join("(" + ", ".join(ring(r) for r in poly) + ")" for poly in polys.coords) + ")"


@dataclass
class GeometryCheck:
    """Problems found in a polygon: errors stop the write, warnings need the user's confirmation."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check_polygon(
    geom: GEOSGeometry,
    *,
    country: GEOSGeometry | None = None,
    country_name: str = "",
) -> GeometryCheck:
    """GICHD geocheck rules for one hazard or activity polygon in WGS 84 lon/lat."""
    result = GeometryCheck()
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        result.errors.append(_("The geometry is a %(kind)s; a polygon is needed.") % {"kind": geom.geom_type})
        return result
    if geom.srid not in (None, 4326):
        geom = geom.transform(4326, clone=True)
    polygons: Any = as_multipolygon(geom)
    for index, polygon in enumerate(polygons, start=1):
        label = _("Polygon %(n)s") % {"n": index} if len(polygons) > 1 else _("The polygon")
        for ring in polygon:
            coords = [tuple(c[:2]) for c in ring.coords]
            distinct = set(coords)
            if len(distinct) < 3:
                result.errors.append(_("%(label)s has fewer than three distinct vertices.") % {"label": label})
                continue
            for i in range(1, len(coords)):
                if coords[i] == coords[i - 1]:
                    result.errors.append(
                        _("%(label)s repeats vertex %(n)s (%(x).6f %(y).6f) twice in a row.")
                        % {"label": label, "n": i, "x": coords[i][0], "y": coords[i][1]}
                    )
            for i in range(1, len(coords)):
                gap = metres_between(coords[i - 1], coords[i])
                if gap > MAX_VERTEX_GAP_M:
                    result.warnings.append(
                        _("%(label)s has a gap of %(km).1f km between vertices %(a)s and %(b)s (over 5 km).")
                        % {"label": label, "km": gap / 1000, "a": i, "b": i + 1}
                    )
        if any(abs(c[0]) > 180 or abs(c[1]) > 90 for ring in polygon for c in ring.coords):
            result.errors.append(
                _("%(label)s has coordinates outside longitude -180..180 / latitude -90..90.") % {"label": label}
            )
    if result.errors:
        return result
    if not geom.valid:
        result.errors.append(
            _("The polygon is not valid (%(reason)s); check for self-intersection.") % {"reason": geom.valid_reason}
        )
        return result
    if country is not None and not country.covers(geom):
        swapped = GEOSGeometry(_swap_wkt(geom), srid=4326)
        if swapped.valid and country.covers(swapped):
            result.errors.append(
                _(
                    "Latitude and longitude appear to be swapped: the polygon lies in %(country)s "
                    "only with the axes exchanged."
                )
                % {"country": country_name}
            )
        else:
            result.errors.append(_("The polygon lies outside %(country)s.") % {"country": country_name})
    return result
