"""Turn what a user brings (a GeoJSON, KML, GPX or WKT file, typed coordinates) into a polygon.

Every geometry entering MineFree is read here, so each path accepts the same inputs: GeoJSON
(RFC 7946, or the 2008 form with a `crs` member naming an EPSG code, as GDAL writes projected
data), WKT and EWKT. The result is always WGS 84 (EPSG:4326), reprojected when needed.

Every geometry also passes `sound_geometry`: not empty, finite longitudes and latitudes within
-180..180 / -90..90, flattened to 2D (altitude and measures dropped). It runs before anything
writes the geometry as text: GEOS overflows a stack buffer writing WKT of a 1e300 coordinate
and kills the process.
"""

from __future__ import annotations

import json
import math
import re
import tempfile
from pathlib import Path
from typing import Any

from django.contrib.gis.gdal import DataSource, GDALException, SpatialReference, SRSException
from django.contrib.gis.geos import (
    GEOSException,
    GEOSGeometry,
    MultiPolygon,
    Polygon,
    WKBWriter,
)
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework_gis.fields import GeometryField

from minefree.core.errors import ActionError
from minefree.core.geometry import coords_of
from minefree.core.limits import json_problem

WGS84 = 4326
# Names the 2008 GeoJSON spec and GDAL use for WGS 84 longitude/latitude.
CRS84 = {"urn:ogc:def:crs:ogc:1.3:crs84", "urn:ogc:def:crs:ogc::crs84", "ogc:crs84", "crs84"}
EPSG_NAME = re.compile(
    r"(?:urn:ogc:def:crs:epsg:[\d.]*:|epsg:{1,2}|https?://www\.opengis\.net/def/crs/epsg/[\d.]+/)(\d+)"
)
# What reading or reprojecting a geometry raises on bad input (GEOS, OGR, PROJ, json).
UNREADABLE = (ValueError, TypeError, GEOSException, GDALException, SRSException)
POLYGONAL = ("Polygon", "MultiPolygon")


def crs_srid(crs: Any) -> int:
    """The EPSG code a GeoJSON `crs` member names; WGS 84 when there is none (RFC 7946)."""
    if crs is None:
        return WGS84
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) and crs.get("type") == "name" else None
    if not isinstance(name, str):
        raise ValueError(_("its crs member does not name a coordinate reference system like EPSG:32642"))
    code = name.strip().lower()
    if code in CRS84:
        return WGS84
    match = EPSG_NAME.fullmatch(code)
    if match is None:
        raise ValueError(_("its coordinate reference system %(name)s is not an EPSG code") % {"name": name})
    srid = int(match.group(1))
    try:
        SpatialReference(srid)
    except (GDALException, SRSException) as exc:
        raise ValueError(
            _("EPSG:%(code)s is not a coordinate reference system MineFree knows") % {"code": srid}
        ) from exc
    return srid


def in_wgs84(geom: GEOSGeometry, srid: int | None) -> GEOSGeometry:
    """`geom` given in `srid` (None: WGS 84), as WGS 84 longitude/latitude."""
    geom.srid = srid or WGS84
    if geom.srid != WGS84:
        geom = geom.transform(WGS84, clone=True)
    return geom


def read_geometry(value: Any, crs: Any = None, kinds: tuple[str, ...] = ()) -> GEOSGeometry:
    """A sound 2D geometry in WGS 84 from a GeoJSON object (dict or text), WKT or EWKT.

    A GeoJSON `crs` member (or `crs`, the enclosing collection's) is honoured and the geometry
    reprojected; raises ValueError (or a GEOS/GDAL error) saying what is wrong.
    """
    if isinstance(value, GEOSGeometry):
        return sound_geometry(value.clone(), value.srid, kinds)
    if isinstance(value, str) and value.lstrip().startswith("{"):
        value = json.loads(value)
    if isinstance(value, dict):
        data = dict(value)
        srid = crs_srid(data.pop("crs", crs))
        return sound_geometry(GEOSGeometry(json.dumps(data)), srid, kinds)
    if not isinstance(value, str):
        raise ValueError(_("it is neither GeoJSON nor WKT"))
    geom = GEOSGeometry(value)  # EWKT ("SRID=32642;POLYGON ...") carries its own code
    return sound_geometry(geom, geom.srid, kinds)


def sound_geometry(geom: GEOSGeometry, srid: int | None, kinds: tuple[str, ...] = ()) -> GEOSGeometry:
    """`geom` (given in `srid`, None: WGS 84) in WGS 84 and 2D, once it is fit to store.

    The one check every geometry input passes: of one of `kinds` (any when empty), not empty,
    finite numbers, within longitude -180..180 and latitude -90..90 after reprojection. Z and M
    (GPS altitude, ODK accuracy) are dropped: areas and every check are two-dimensional.
    Raises ValueError; nothing here writes the geometry as text.
    """
    if kinds and geom.geom_type not in kinds:
        raise ValueError(
            _("it is a %(kind)s, not a %(wanted)s") % {"kind": geom.geom_type, "wanted": _(" or ").join(kinds)}
        )
    if geom.empty:
        raise ValueError(_("it is an empty %(kind)s") % {"kind": geom.geom_type})
    given, coords = geom, coords_of(geom)
    _check_numbers(coords, limits=None)
    if geom.hasz:
        geom = _drop_z(geom)
    geom = in_wgs84(geom, srid)
    # Already 2D WGS 84 (as most input is), the numbers just read are the ones to bound.
    _check_numbers(coords if geom is given else coords_of(geom), limits=(180.0, 90.0))
    return geom


def _check_numbers(coords: Any, limits: tuple[float, float] | None) -> None:
    """Every coordinate finite (and with `limits`, |lon| and |lat| within them); no empty part."""
    if not coords:
        raise ValueError(_("it has an empty part"))
    if isinstance(coords[0], float | int):
        x, y = coords[0], coords[1]
        if not all(math.isfinite(c) for c in coords):
            raise ValueError(_("it has a coordinate that is not a finite number"))
        if limits and (abs(x) > limits[0] or abs(y) > limits[1]):
            raise ValueError(
                _("the point %(x).6g %(y).6g is outside longitude -180..180 / latitude -90..90") % {"x": x, "y": y}
            )
        return
    for part in coords:
        _check_numbers(part, limits)


class GeoJSONGeometryField(GeometryField):
    """The API's geometry input: any GeoJSON CRS MineFree knows, reprojected; a clear 400 otherwise."""

    def __init__(self, *args: Any, kinds: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = kinds

    def to_internal_value(self, value: Any) -> Any:
        if value in ("", None):
            return value
        try:
            return read_geometry(value, kinds=self.kinds)
        except UNREADABLE as exc:
            raise serializers.ValidationError(_("Not a readable geometry: %(reason)s") % {"reason": exc}) from exc
        except RecursionError as exc:
            raise serializers.ValidationError(_("Not a readable geometry: it is nested too deep")) from exc


def parse_geometry_text(text: str, filename: str = "") -> GEOSGeometry:
    """A polygon or multipolygon (WGS 84) from GeoJSON, KML, GPX or WKT text."""
    stripped = text.strip()
    if not stripped:
        raise ActionError(_("The geometry file is empty."), field="geometry_file")
    suffix = Path(filename).suffix.lower()
    try:
        if suffix == ".gpx" or (stripped.startswith("<") and "<gpx" in stripped[:1000]):
            return _from_gpx(stripped)
        if suffix in (".kml",) or stripped.startswith("<"):
            return _from_kml(stripped)
        if suffix in (".json", ".geojson") or stripped.startswith("{"):
            return _from_geojson(stripped)
        return _polygonal(read_geometry(stripped))
    except UNREADABLE as exc:
        raise ActionError(
            _("Could not read a geometry from %(name)s: %(reason)s")
            % {"name": filename or _("the text"), "reason": exc},
            field="geometry_file",
        ) from exc


def _from_geojson(text: str) -> GEOSGeometry:
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise ValueError(_("the GeoJSON is nested too deep")) from exc
    problem = json_problem(data)
    if problem:
        raise ValueError(problem)
    if not isinstance(data, dict):
        raise ValueError(_("the GeoJSON is not an object with a type"))
    crs = data.get("crs")  # GDAL writes it once, on the collection
    kind = data.get("type")
    if kind == "FeatureCollection":
        features = data.get("features", [])
        if not isinstance(features, list) or not all(isinstance(f, dict) for f in features):
            raise ValueError(_("its features are not a list of Feature objects"))
        geometries = [f.get("geometry") for f in features if f.get("geometry")]
    elif kind == "Feature":
        geometries = [data.get("geometry")]
    else:
        geometries = [data]
    if not geometries or geometries == [None]:
        raise ValueError(_("the GeoJSON holds no geometry"))
    if not all(isinstance(g, dict) for g in geometries):
        raise ValueError(_("a geometry is not a GeoJSON object"))
    parts = [_polygonal(read_geometry(g, crs)) for g in geometries]
    return _merge(parts)


def _from_kml(text: str) -> GEOSGeometry:
    with tempfile.NamedTemporaryFile("w", suffix=".kml", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        source = DataSource(handle.name)
        parts = [
            _polygonal(sound_geometry(feature.geom.geos, WGS84))
            for index in range(source.layer_count)
            for feature in source[index]
            if feature.geom is not None
        ]
    if not parts:
        raise ValueError(_("the KML holds no placemark with a polygon"))
    return _merge(parts)


def _from_gpx(text: str) -> GEOSGeometry:
    """A GPS unit's walk around the area: each track (or route) closed into a polygon; else the waypoints in order."""
    with tempfile.NamedTemporaryFile("w", suffix=".gpx", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        source = DataSource(handle.name)
        layers = {source[i].name: source[i] for i in range(source.layer_count)}
        rings: list[list[tuple[float, float]]] = []
        for name in ("tracks", "routes"):
            for feature in layers.get(name, []):
                if feature.geom is None:
                    continue
                lines: Any = feature.geom.geos
                for line in lines if lines.geom_type == "MultiLineString" else [lines]:
                    rings.append([(x, y) for x, y, *_z in line.coords])
        if not rings and "waypoints" in layers:
            points: list[Any] = [feature.geom.geos for feature in layers["waypoints"] if feature.geom is not None]
            rings = [[(point.x, point.y) for point in points]]
    parts = []
    for ring in rings:
        if ring and ring[0] == ring[-1]:
            ring = ring[:-1]
        if len(ring) >= 3:
            parts.append(_polygonal(sound_geometry(Polygon([*ring, ring[0]], srid=WGS84), WGS84)))
    if not parts:
        raise ValueError(_("the GPX holds no track, route or three waypoints to make a polygon of"))
    return _merge(parts)


def _polygonal(geom: GEOSGeometry) -> GEOSGeometry:
    if geom.geom_type not in POLYGONAL:
        raise ValueError(_("it is a %(kind)s, not a polygon") % {"kind": geom.geom_type})
    return geom


def _drop_z(geom: GEOSGeometry) -> GEOSGeometry:
    """KML from GPS units carries altitude; areas and checks are two-dimensional."""
    writer = WKBWriter()
    writer.outdim = 2
    return GEOSGeometry(writer.write(geom), srid=geom.srid)


def _merge(parts: list[GEOSGeometry]) -> GEOSGeometry:
    if len(parts) == 1:
        return parts[0]
    polygons: list[Any] = []
    for part in parts:
        polygons.extend(list(part) if isinstance(part, MultiPolygon) else [part])
    return MultiPolygon(*polygons, srid=4326)


PAIR = re.compile(r"(-?\d+(?:\.\d+)?)\s*[,;\s]\s*(-?\d+(?:\.\d+)?)")


def parse_coordinates(text: str, order: str = "latlon") -> GEOSGeometry:
    """A polygon from typed vertices, one 'lat, lon' (or 'lon lat') pair per line."""
    points: list[tuple[float, float]] = []
    for number, line in enumerate(text.strip().splitlines(), start=1):
        if not line.strip():
            continue
        match = PAIR.fullmatch(line.strip())
        if not match:
            raise ActionError(
                _("Line %(n)s of the coordinates is not a pair of numbers: %(line)s")
                % {"n": number, "line": line.strip()},
                field="coordinates",
            )
        a, b = float(match.group(1)), float(match.group(2))
        points.append((b, a) if order == "latlon" else (a, b))
    if len(points) < 3:
        raise ActionError(_("Type at least three vertices."), field="coordinates")
    if points[0] != points[-1]:
        points.append(points[0])
    try:
        return sound_geometry(Polygon(points), WGS84)
    except UNREADABLE as exc:
        raise ActionError(
            _("The typed coordinates are not a polygon: %(reason)s") % {"reason": exc}, field="coordinates"
        ) from exc
