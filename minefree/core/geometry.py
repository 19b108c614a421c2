"""Areas from geometry, and the geocheck rules every polygon passes on every entry path."""

from __future__ import annotations

import functools
import json
import math
import struct
import threading
from collections.abc import Iterable, Sequence
from ctypes import POINTER, byref, c_double, c_int
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.gis.gdal import CoordTransform, OGRGeometry, SpatialReference
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon, WKTWriter
from django.contrib.gis.geos.libgeos import GEOM_PTR, GEOSFuncFactory
from django.contrib.gis.geos.prototypes.errcheck import check_geom
from django.contrib.gis.geos.prototypes.geom import destroy_geom
from django.contrib.gis.geos.prototypes.misc import DblFromGeom
from django.contrib.gis.geos.prototypes.topology import geos_centroid
from django.utils.translation import gettext as _

MAX_VERTEX_GAP_M = 5000.0
EARTH_RADIUS_M = 6371008.8
# The GeoJSON export writes 7 decimals (about 1 cm); a stored polygon must stay valid at that.
EXPORT_DECIMALS = 7
GRID_DEGREES = 1e-7
# A vertex less than this (about 5 mm) off the line through its neighbours is the tip of a
# zero-width spike left by a clip, or a vertex on a straight edge: either way it can go.
SPIKE_DEGREES = 5e-8
# Parts and holes smaller than this after a clip are floating-point slivers, not land.
SLIVER_M2 = 0.5

# GEOS's snap-rounding to a grid that keeps polygons valid (Django wraps make_valid, not this).
_get_x = DblFromGeom("GEOSGeomGetX", argtypes=[GEOM_PTR, POINTER(c_double)])
_get_y = DblFromGeom("GEOSGeomGetY", argtypes=[GEOM_PTR, POINTER(c_double)])
_set_precision = GEOSFuncFactory(
    "GEOSGeom_setPrecision", argtypes=[GEOM_PTR, c_double, c_int], restype=GEOM_PTR, errcheck=check_geom
)


def utm_srid(geom: GEOSGeometry) -> int:
    """EPSG code of the WGS 84 UTM zone holding the geometry's centroid."""
    x, y = _centroid(geom)
    zone = min(60, max(1, int((x + 180) // 6) + 1))
    return (32600 if y >= 0 else 32700) + zone


def _centroid(geom: GEOSGeometry) -> tuple[float, float]:
    """`geom.centroid`'s x and y, read from GEOS directly: the Point Django wraps it in costs more
    than the centroid (an import measures thousands of polygons)."""
    centre = geos_centroid(geom.ptr)
    try:
        x, y = _get_x(centre, byref(c_double())), _get_y(centre, byref(c_double()))
    finally:
        destroy_geom(centre)
    if x is None or y is None:  # an empty geometry: as Django answers it
        point = geom.centroid
        return point.x, point.y
    return float(x), float(y)


@functools.cache
def _to_utm(source: int, zone: int) -> CoordTransform:
    # Built once per zone: looking the two systems up in PROJ's database costs more than the transform.
    return CoordTransform(SpatialReference(source), SpatialReference(zone))


def area_m2(geom: GEOSGeometry | None) -> float:
    """Area in square metres, measured in the local UTM zone (never typed in)."""
    if geom is None or geom.empty:
        return 0.0
    # What `geom.transform(..., clone=True).area` gives, without the spatial reference Django looks
    # up for the clone (a PROJ database query per polygon, more than the transform itself).
    projected = OGRGeometry(memoryview(geom.wkb))
    projected.transform(_to_utm(geom.srid or 4326, utm_srid(geom)))
    return float(GEOSGeometry(memoryview(projected.wkb)).area)


def coords_of(geom: GEOSGeometry) -> Any:
    """`geom.coords`, read in one pass from the WKB for a 2D polygon or multipolygon: GEOS's wrapper
    asks for each number separately, which costs more than every check of a small polygon together."""
    if not isinstance(geom, Polygon | MultiPolygon) or geom.hasz:
        return geom.coords  # type: ignore[attr-defined]
    data = memoryview(bytes(geom.wkb))
    order = "<" if data[0] == 1 else ">"

    def polygon(at: int) -> tuple[tuple[tuple[tuple[float, float], ...], ...], int]:
        (count,) = struct.unpack_from(f"{order}I", data, at + 5)  # after byte order and type
        at += 9
        rings = []
        for _ring in range(count):
            (points,) = struct.unpack_from(f"{order}I", data, at)
            numbers = struct.unpack_from(f"{order}{2 * points}d", data, at + 4)
            rings.append(tuple(zip(numbers[::2], numbers[1::2], strict=True)))
            at += 4 + 16 * points
        return tuple(rings), at

    if isinstance(geom, Polygon):
        return polygon(0)[0]
    (parts,) = struct.unpack_from(f"{order}I", data, 5)
    at, polygons = 9, []
    for _part in range(parts):
        rings, at = polygon(at)
        polygons.append(rings)
    return tuple(polygons)


def geojson_of(geom: GEOSGeometry) -> dict[str, Any]:
    """`json.loads(geom.geojson)`, the same text from GDAL without the spatial reference Django builds
    for it first (a lookup in PROJ's database per polygon, GeoJSON names no reference system)."""
    return cast(dict[str, Any], json.loads(OGRGeometry(memoryview(geom.wkb)).json))


def as_multipolygon(geom: GEOSGeometry) -> MultiPolygon:
    if isinstance(geom, MultiPolygon):
        return geom
    if isinstance(geom, Polygon):
        return MultiPolygon(geom, srid=geom.srid)
    parts: Any = geom
    polygons = [g for g in parts if isinstance(g, Polygon)] if geom.geom_type == "GeometryCollection" else []
    return MultiPolygon(*polygons, srid=geom.srid)


def cleaned(geom: GEOSGeometry | None) -> MultiPolygon | None:
    """A clip's result made fit to store and export: no spikes, no slivers, valid at 7 decimals.

    A difference or an intersection along almost shared edges leaves zero-width spikes (the ring
    runs out along an edge and straight back), which become self-intersections once written with
    the GeoJSON export's 7 decimals. They are cut off vertex by vertex, so every other vertex
    (and so every area) stays as computed; parts and holes under SLIVER_M2 go. Only a polygon
    still invalid at 7 decimals is snap-rounded to that grid. None when no land is left.
    """
    if geom is None or geom.empty:
        return None
    srid = geom.srid or 4326
    kept = []
    polygons: Any = as_multipolygon(geom)
    for polygon in polygons:
        rings = [_without_spikes(ring.coords) for ring in polygon]
        if len(rings[0]) < 4 or area_m2(Polygon(rings[0], srid=srid)) < SLIVER_M2:
            continue
        holes = [ring for ring in rings[1:] if len(ring) >= 4 and area_m2(Polygon(ring, srid=srid)) >= SLIVER_M2]
        kept.append(Polygon(rings[0], *holes, srid=srid))
    if not kept:
        return None
    result = MultiPolygon(*kept, srid=srid)
    if result.valid and valid_at_export_precision(result):
        return result
    snapped = GEOSGeometry(_set_precision(result.ptr, GRID_DEGREES, 0), srid=srid)
    return None if snapped.empty else as_multipolygon(snapped)


def valid_at_export_precision(geom: GEOSGeometry) -> bool:
    """Whether the geometry stays valid written with the GeoJSON export's 7 decimals."""
    writer = getattr(_writers, "export", None)
    if writer is None:  # one per thread (a GEOS writer is not shared): making one costs more than the check
        writer = _writers.export = WKTWriter(precision=EXPORT_DECIMALS)
    return GEOSGeometry(writer.write(geom).decode(), srid=geom.srid).valid


_writers = threading.local()


def _without_spikes(coords: Sequence[Sequence[float]]) -> list[tuple[float, float]]:
    """The closed ring without vertices where it turns back on itself (or runs straight on)."""
    ring = [(float(c[0]), float(c[1])) for c in coords[:-1]]
    scale = math.cos(math.radians(ring[0][1])) if ring else 1.0  # degrees of longitude to latitude
    changed = True
    while changed and len(ring) > 3:
        changed = False
        for i in range(len(ring)):
            a, b, c = ring[i - 1], ring[i], ring[(i + 1) % len(ring)]
            if _height_degrees(a, b, c, scale) < SPIKE_DEGREES:
                del ring[i]
                changed = True
                break
    return [*ring, ring[0]] if ring else []


def _height_degrees(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float], scale: float) -> float:
    """The height of triangle a-b-c over its longest side: how far it is from a straight line."""
    ax, bx, cx = a[0] * scale, b[0] * scale, c[0] * scale
    twice_area = abs((bx - ax) * (c[1] - a[1]) - (cx - ax) * (b[1] - a[1]))
    longest = max(
        math.dist((ax, a[1]), (bx, b[1])), math.dist((bx, b[1]), (cx, c[1])), math.dist((ax, a[1]), (cx, c[1]))
    )
    return twice_area / longest if longest else 0.0


def rfc7946_rings(field: Any, geometry_type: str = "MULTIPOLYGON") -> Any:
    """A database expression giving RFC 7946 ring order: exteriors counter-clockwise, holes clockwise."""
    from django.contrib.gis.db.models.functions import ForcePolygonCW, Reverse

    if geometry_type not in ("POLYGON", "MULTIPOLYGON"):
        return field
    return Reverse(ForcePolygonCW(field))  # clockwise exteriors, reversed; both engines have the two


def metres_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two lon/lat points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def swapped_axes(geom: GEOSGeometry) -> GEOSGeometry | None:
    """The polygon with longitude and latitude exchanged, when that is still a valid polygon."""
    swapped = GEOSGeometry(_swap_wkt(geom), srid=4326)
    return swapped if swapped.valid else None


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


class _Label:
    """A polygon's name in a message ("Polygon 2", or "The polygon" when it is the only one), looked
    up in the catalogue when a message is formatted with it."""

    def __init__(self, index: int | None) -> None:
        self.index = index

    def __str__(self) -> str:
        return _("Polygon %(n)s") % {"n": self.index} if self.index is not None else _("The polygon")


def check_polygon(
    geom: GEOSGeometry,
    *,
    country: Any = None,  # a GEOSGeometry, or its PreparedGeometry when many polygons are checked
    country_name: str = "",
) -> GeometryCheck:
    """GICHD geocheck rules for one hazard or activity polygon in WGS 84 lon/lat."""
    result = GeometryCheck()
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        result.errors.append(_("The geometry is a %(kind)s; a polygon is needed.") % {"kind": geom.geom_type})
        return result
    if geom.srid not in (None, 4326):
        geom = geom.transform(4326, clone=True)
    polygons: Any = coords_of(as_multipolygon(geom))
    for index, polygon in enumerate(polygons, start=1):
        # Translated only when a message needs it: most polygons pass, and a lookup per polygon added up.
        label = _Label(index if len(polygons) > 1 else None)
        for ring in polygon:
            coords = [tuple(c[:2]) for c in ring]
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
        if any(abs(c[0]) > 180 or abs(c[1]) > 90 for ring in polygon for c in ring):
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
        swapped = swapped_axes(geom)
        if swapped is not None and country.covers(swapped):
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
