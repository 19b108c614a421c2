"""Turn what a user brings (a GeoJSON, KML or WKT file, typed coordinates) into a polygon."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

from django.contrib.gis.gdal import DataSource, GDALException
from django.contrib.gis.geos import (
    GEOSException,
    GEOSGeometry,
    MultiPolygon,
    Polygon,
    WKBWriter,
)
from django.utils.translation import gettext as _

from minefree.core.errors import ActionError
from minefree.core.limits import json_problem


def parse_geometry_text(text: str, filename: str = "") -> GEOSGeometry:
    """A polygon or multipolygon (WGS 84) from GeoJSON, KML or WKT text."""
    stripped = text.strip()
    if not stripped:
        raise ActionError(_("The geometry file is empty."), field="geometry_file")
    suffix = Path(filename).suffix.lower()
    try:
        if suffix in (".kml",) or stripped.startswith("<"):
            return _from_kml(stripped)
        if suffix in (".json", ".geojson") or stripped.startswith("{"):
            return _from_geojson(stripped)
        return _polygonal(GEOSGeometry(stripped, srid=4326))
    except (ValueError, TypeError, GEOSException, GDALException) as exc:
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
    parts = [_polygonal(GEOSGeometry(json.dumps(g), srid=4326)) for g in geometries]
    return _merge(parts)


def _from_kml(text: str) -> GEOSGeometry:
    with tempfile.NamedTemporaryFile("w", suffix=".kml", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        source = DataSource(handle.name)
        parts = [
            _polygonal(GEOSGeometry(feature.geom.wkt, srid=4326))
            for index in range(source.layer_count)
            for feature in source[index]
            if feature.geom is not None
        ]
    if not parts:
        raise ValueError(_("the KML holds no placemark with a polygon"))
    return _merge(parts)


def _polygonal(geom: GEOSGeometry) -> GEOSGeometry:
    if geom.hasz:
        geom = _drop_z(geom)
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
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


def parse_coordinates(text: str, order: str = "latlon") -> Polygon:
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
    return Polygon(points, srid=4326)
