"""Boundaries files (GeoPackage, Shapefile, GeoJSON) read through pyogrio: layers, a preview, features.

Geometries arrive as WKB, are reprojected to WGS 84 when the layer's coordinate system differs,
and leave as MultiPolygons; every problem names the file, the layer, the feature and the column.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyogrio
from django.contrib.gis.gdal import CoordTransform, SpatialReference
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.utils.translation import gettext as _
from pyogrio import raw
from pyogrio.errors import DataLayerError, DataSourceError

from minefree.core.errors import ActionError
from minefree.core.geometry import as_multipolygon
from minefree.core.geometry_input import POLYGONAL, UNREADABLE, sound_geometry

WGS84 = 4326
# What a centre's boundaries come as: COD and geoBoundaries publish these; a Shapefile travels zipped.
SUFFIXES = (".gpkg", ".geojson", ".json", ".shp", ".zip")
READ_ERRORS = (DataSourceError, DataLayerError, OSError, ValueError, RuntimeError)


class BoundaryFileError(ActionError):
    """The file cannot be used; `problems` lists each as "file, layer, feature, column: message"."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__({"file": problems})


@dataclass(frozen=True)
class Where:
    file: str
    layer: str

    def at(self, row: int | None = None, column: str | None = None) -> str:
        parts = [_("file %(name)s") % {"name": self.file}, _("layer %(name)s") % {"name": self.layer}]
        if row is not None:
            parts.append(_("feature %(n)s") % {"n": row})
        if column:
            parts.append(_("column %(name)s") % {"name": column})
        return ", ".join(parts)


@dataclass(frozen=True)
class Layer:
    name: str
    geometry_type: str
    features: int
    columns: list[str]
    crs: str


@dataclass(frozen=True)
class Feature:
    row: int  # 1 for the layer's first feature, as a GIS shows it
    values: dict[str, str]
    geometry: MultiPolygon


def _refuse(label: str, exc: Exception) -> BoundaryFileError:
    return BoundaryFileError(
        [
            _("file %(name)s: GDAL cannot read it as a GeoPackage, Shapefile or GeoJSON (%(why)s).")
            % {"name": label, "why": str(exc).strip() or type(exc).__name__}
        ]
    )


def check_suffix(label: str) -> None:
    if not label.lower().endswith(SUFFIXES):
        raise BoundaryFileError(
            [
                _("file %(name)s: send a GeoPackage (.gpkg), a GeoJSON (.geojson) or a zipped Shapefile (.zip).")
                % {"name": label}
            ]
        )


def layer_names(path: Path, label: str) -> list[str]:
    try:
        listed = pyogrio.list_layers(str(path))
    except READ_ERRORS as exc:
        raise _refuse(label, exc) from exc
    names = [str(row[0]) for row in listed if row[1] is None or "polygon" in str(row[1]).lower()]
    if not names:
        raise BoundaryFileError([_("file %(name)s: it holds no layer of polygons.") % {"name": label}])
    return names


def describe(path: Path, label: str, layer: str) -> Layer:
    try:
        info = pyogrio.read_info(str(path), layer=layer, force_feature_count=True)
    except READ_ERRORS as exc:
        raise _refuse(label, exc) from exc
    return Layer(
        name=layer,
        geometry_type=str(info.get("geometry_type") or ""),
        features=int(info.get("features") or 0),
        columns=[str(c) for c in info["fields"]],
        crs=str(info.get("crs") or ""),
    )


def text(value: Any) -> str:
    """A cell as the text a person reads: empty for null or NaN, never 'None'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a numeric code column (1.0 in a Shapefile) means 1
    return str(value).strip()


def _read(path: Path, label: str, layer: str, *, geometry: bool, max_features: int | None = None) -> Any:
    try:
        return raw.read(str(path), layer=layer, read_geometry=geometry, max_features=max_features, force_2d=True)
    except READ_ERRORS as exc:
        raise _refuse(label, exc) from exc


def preview(path: Path, label: str, layer: str, rows: int = 5) -> list[dict[str, str]]:
    meta, _fids, _geometry, data = _read(path, label, layer, geometry=False, max_features=rows)
    names = [str(c) for c in meta["fields"]]
    count = len(data[0]) if data else 0
    return [{name: text(data[i][n]) for i, name in enumerate(names)} for n in range(count)]


def _transform(crs: str) -> CoordTransform | None:
    if not crs or crs.upper() in ("EPSG:4326", "OGC:CRS84"):
        return None
    return CoordTransform(SpatialReference(crs), SpatialReference(WGS84))


def features(path: Path, label: str, layer: str, problems: list[str]) -> Iterator[Feature]:
    """Each feature with a sound polygonal geometry; the others add a problem and are skipped."""
    where = Where(label, layer)
    meta, _fids, geometries, data = _read(path, label, layer, geometry=True)
    names = [str(c) for c in meta["fields"]]
    crs = str(meta.get("crs") or "")
    try:
        transform = _transform(crs)
    except UNREADABLE as exc:
        raise BoundaryFileError(
            [
                _("%(where)s: its coordinate system cannot be turned into WGS 84 (%(why)s).")
                % {"where": where.at(), "why": exc}
            ]
        ) from exc
    for index, wkb in enumerate(geometries if geometries is not None else []):
        row = index + 1
        values = {name: text(data[i][index]) for i, name in enumerate(names)}
        if wkb is None:
            problems.append(_("%(where)s: it has no geometry.") % {"where": where.at(row)})
            continue
        try:
            geom = GEOSGeometry(memoryview(bytes(wkb)))
            if transform is not None:
                geom.transform(transform)
            geom = sound_geometry(geom, WGS84, POLYGONAL)
        except UNREADABLE as exc:
            problems.append(
                _("%(where)s: the geometry cannot be used: %(why)s.") % {"where": where.at(row), "why": exc}
            )
            continue
        if not geom.valid:
            problems.append(
                _("%(where)s: the geometry is not valid (%(why)s); repair it in a GIS and send the file again.")
                % {"where": where.at(row), "why": geom.valid_reason}
            )
            continue
        yield Feature(row, values, as_multipolygon(geom))
