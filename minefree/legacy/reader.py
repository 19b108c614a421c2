"""Reading a legacy file through GDAL (pyogrio): its layers, and its rows in batches.

Every format IMSMA exports goes through the same two calls: Shapefile, File Geodatabase (a `.gdb`
folder or a zipped one, GDAL's OpenFileGDB driver), GeoPackage, CSV and XLSX. Rows come in
batches of `BATCH_SIZE` (GDAL skips to each batch's first feature), so memory stays the same
however large the file; pyarrow's stream would do the same but is not installed.

CSV and XLSX carry geometry in columns (WKT, or longitude and latitude): GEOS builds it here, so
a cell GEOS cannot read is a problem naming its row and column rather than a silent empty shape.
Geometry is reprojected to WGS 84 (EPSG:4326) when the layer has another CRS.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import pyogrio.raw
from django.contrib.gis.gdal import CoordTransform, SpatialReference
from django.contrib.gis.geos import GEOSException, GEOSGeometry, Point
from django.utils.translation import gettext as _

BATCH_SIZE = 2000
WGS84 = 4326
SPREADSHEETS = (".csv", ".xlsx")
# Formats read without type guessing: every cell stays text and the mapping converts it, so
# "01/05/2015" is never read as a number and a leading zero in a local id stays.
OPEN_OPTIONS = {".csv": {"AUTODETECT_TYPE": "NO", "EMPTY_STRING_AS_NULL": "YES"}}
# An XLSX whose cells are all text would otherwise lose its first row to GDAL's guess that it is data
# (GDAL 3.6 takes this as a configuration option only; no other file MineFree reads is an XLSX).
pyogrio.set_gdal_config_options({"OGR_XLSX_HEADERS": "FORCE"})


class ReadError(Exception):
    """The file (or the layer) cannot be read at all."""


@dataclass(frozen=True)
class GeometryColumns:
    """Where a spreadsheet keeps its geometry: one WKT column, or longitude and latitude columns."""

    wkt: str = ""
    lon: str = ""
    lat: str = ""

    def columns(self) -> tuple[str, ...]:
        return tuple(c for c in (self.wkt, self.lon, self.lat) if c)


@dataclass(frozen=True)
class LayerInfo:
    name: str
    geometry_type: str  # "" for a table without geometry
    crs: str
    features: int
    columns: tuple[str, ...]


@dataclass
class SourceRow:
    number: int  # 1-based feature or row number within its layer
    cells: dict[str, Any]  # column -> str, int, float, date, datetime or None
    geometry: GEOSGeometry | None = None  # WGS 84
    wkb: bytes | None = None  # the geometry as the file has it (WGS 84), when read `as_wkb`
    problems: list[tuple[str, str]] = field(default_factory=list)  # (column, message) of the geometry


def _suffix(path: Path) -> str:
    return path.suffix.lower()


def _options(path: Path) -> dict[str, str]:
    return OPEN_OPTIONS.get(_suffix(path), {})


def _source(path: Path) -> str:
    return str(path)


def layers(path: Path) -> list[LayerInfo]:
    """The layers (tables, sheets) in the file, with their columns and feature counts."""
    try:
        found = pyogrio.list_layers(_source(path))
    except Exception as exc:  # pyogrio raises its own errors, GDAL's messages say what is wrong
        raise ReadError(_("GDAL cannot read %(name)s: %(error)s") % {"name": path.name, "error": exc}) from exc
    infos = []
    for name, geometry_type in found:
        info = pyogrio.read_info(_source(path), layer=name, force_feature_count=True, **_options(path))
        spreadsheet = _suffix(path) in SPREADSHEETS
        infos.append(
            LayerInfo(
                name=str(name),
                geometry_type="" if spreadsheet else str(geometry_type or ""),
                crs=str(info.get("crs") or ""),
                features=int(info.get("features") or 0),
                columns=tuple(str(c) for c in info["fields"]),
            )
        )
    return infos


def layer_info(path: Path, layer: str) -> LayerInfo:
    for info in layers(path):
        if info.name == layer:
            return info
    names = ", ".join(i.name for i in layers(path))
    raise ReadError(
        _("%(file)s has no layer %(layer)s (it has: %(names)s).") % {"file": path.name, "layer": layer, "names": names}
    )


def _transform(crs: str) -> CoordTransform | None:
    """The transformation to WGS 84, or None when the layer already is (or names no CRS)."""
    if not crs:
        return None
    source = SpatialReference(crs.split(":", 1)[1] if crs.upper().startswith("EPSG:") else crs)
    if source.srid == WGS84:
        return None
    return CoordTransform(source, SpatialReference(WGS84))


def _cell(value: Any) -> Any:
    """A numpy cell as plain Python: no NaN, no numpy scalars, empty text as None."""
    if value is None:
        return None
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return None
        moment = value.astype("datetime64[s]").astype(dt.datetime)
        return moment.date() if moment.time() == dt.time(0) else moment
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _number(value: Any) -> float | None:
    if value is None:
        return None
    try:
        return float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except ValueError:
        return None


def _from_columns(row: SourceRow, columns: GeometryColumns) -> None:
    if columns.wkt:
        text = row.cells.get(columns.wkt)
        if text is None:
            return
        try:
            row.geometry = GEOSGeometry(str(text), srid=WGS84)
        except (GEOSException, ValueError):
            row.problems.append(
                (columns.wkt, _("This is not WKT geometry GEOS can read: %(text).60s") % {"text": text})
            )
        return
    lon, lat = row.cells.get(columns.lon), row.cells.get(columns.lat)
    if lon is None and lat is None:
        return
    x, y = _number(lon), _number(lat)
    if x is None or y is None:
        bad = columns.lon if x is None else columns.lat
        row.problems.append((bad, _("This is not a coordinate in decimal degrees: %(v)s") % {"v": row.cells.get(bad)}))
        return
    row.geometry = Point(x, y, srid=WGS84)


def batches(
    path: Path,
    layer: str,
    *,
    geometry_columns: GeometryColumns | None = None,
    batch_size: int = BATCH_SIZE,
    start: int = 0,
    limit: int | None = None,
    as_wkb: bool = False,
) -> Iterator[list[SourceRow]]:
    """The layer's rows, `batch_size` at a time, from row `start` (0-based), at most `limit` rows.

    `as_wkb`: a WGS 84 layer's geometry stays the file's WKB (`SourceRow.wkb`), for a target that
    checks it in the database; a GEOS object per row costs more than that whole check."""
    info = layer_info(path, layer)
    spreadsheet = _suffix(path) in SPREADSHEETS
    transform = None if spreadsheet else _transform(info.crs)
    end = info.features if limit is None else min(info.features, start + limit)
    offset = start
    while offset < end:
        count = min(batch_size, end - offset)
        try:
            _meta, _fids, geometries, data = pyogrio.raw.read(
                _source(path),
                layer=layer,
                skip_features=offset,
                max_features=count,
                read_geometry=not spreadsheet and bool(info.geometry_type),
                **_options(path),
            )
        except Exception as exc:
            raise ReadError(
                _("GDAL stopped reading %(layer)s at row %(row)s: %(error)s")
                % {"layer": layer, "row": offset + 1, "error": exc}
            ) from exc
        rows = []
        for i in range(len(data[0]) if data else (len(geometries) if geometries is not None else 0)):
            cells = {name: _cell(column[i]) for name, column in zip(info.columns, data, strict=True)}
            row = SourceRow(number=offset + i + 1, cells=cells)
            if spreadsheet and geometry_columns is not None:
                _from_columns(row, geometry_columns)
            elif geometries is not None and geometries[i] is not None and as_wkb and transform is None:
                row.wkb = bytes(geometries[i])
            elif geometries is not None and geometries[i] is not None:
                geom = GEOSGeometry(memoryview(geometries[i]), srid=WGS84)
                if transform is not None:
                    geom.srid = None
                    geom.transform(transform)
                    geom.srid = WGS84
                row.geometry = geom
            rows.append(row)
        if not rows:
            break
        offset += len(rows)
        yield rows


@dataclass
class ColumnSample:
    name: str
    samples: list[str]  # the first few non-empty values
    distinct: list[str]  # the distinct values (at most DISTINCT_LIMIT), for mapping choices
    more: bool  # whether there are more distinct values than shown


DISTINCT_LIMIT = 40
SAMPLE_ROWS = 5000


def sample_columns(path: Path, layer: str, rows: int = SAMPLE_ROWS) -> list[ColumnSample]:
    """Each column of the layer with sample and distinct values from its first `rows` rows."""
    info = layer_info(path, layer)
    found: dict[str, dict[str, None]] = {c: {} for c in info.columns}
    more = dict.fromkeys(info.columns, False)
    for batch in batches(path, layer, limit=rows):
        for row in batch:
            for name, value in row.cells.items():
                if value is None:
                    continue
                values = found[name]
                if len(values) < DISTINCT_LIMIT:
                    values.setdefault(str(value), None)
                elif str(value) not in values:
                    more[name] = True
    return [ColumnSample(name, list(found[name])[:3], sorted(found[name]), more[name]) for name in info.columns]
