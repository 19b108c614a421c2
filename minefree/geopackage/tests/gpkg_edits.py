"""Edit an exported GeoPackage the way QGIS and QField do, for the round-trip tests."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon

from minefree.geopackage.geopackage import encode_geometry, read_geometry
from minefree.hazards import actions as hazard_actions
from minefree.hazards.models import HazardArea


def changed_by_the_nmac(hazard: HazardArea, day: dt.date, **changes: Any) -> None:
    """The NMAC (tnmac.im) edits the area on the server after the export: the team's edit will conflict."""
    nmac = User.objects.get(username="tnmac.im")
    hazard_actions.update_hazard_area(
        nmac, hazard, expected_version=hazard.version, effective_date=day, changes=changes
    )


def _geometry(blob: bytes | None) -> Any:
    try:
        return read_geometry(blob)
    except Exception:  # a damaged blob: GDAL's functions answer NULL too
        return None


def _extent(blob: bytes | None, index: int) -> float | None:
    geom = _geometry(blob)
    return None if geom is None else float(geom.extent[index])


@contextmanager
def edit(path: Path) -> Iterator[sqlite3.Connection]:
    """A writable connection with the ST_* functions the R-tree triggers call (GDAL and QGIS have them)."""
    connection = sqlite3.connect(path)
    connection.create_function("ST_MinX", 1, lambda b: _extent(b, 0))
    connection.create_function("ST_MinY", 1, lambda b: _extent(b, 1))
    connection.create_function("ST_MaxX", 1, lambda b: _extent(b, 2))
    connection.create_function("ST_MaxY", 1, lambda b: _extent(b, 3))
    connection.create_function("ST_IsEmpty", 1, lambda b: 1 if _geometry(b) is None else 0)
    try:
        yield connection
        connection.commit()
    finally:
        connection.close()


def blob(geom: GEOSGeometry) -> bytes:
    return encode_geometry(bytes(GEOSGeometry(geom.wkt, srid=4326).wkb), 4326)[0]


def shifted(geom: GEOSGeometry, dx: float) -> MultiPolygon:
    """The polygon moved east by dx degrees: a changed geometry that stays valid."""
    polygons: Any = geom
    moved = [Polygon(*[[(x + dx, y) for x, y in ring] for ring in poly.coords]) for poly in polygons]
    return MultiPolygon(*moved, srid=4326)


def square(x: float, y: float, size: float) -> MultiPolygon:
    ring = ((x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y))
    return MultiPolygon(Polygon(ring), srid=4326)


def fid_of(path: Path, layer: str, pk: int) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute(f"SELECT fid FROM {layer} WHERE minefree_id = ?", (pk,)).fetchone()[0])


def append_with_ogr2ogr(path: Path, layer: str, geom: GEOSGeometry, properties: dict[str, Any]) -> None:
    """Add a feature through GDAL, which writes GeoPackage geometry as QGIS does."""
    source = path.with_name(f"new-{layer}.geojson")
    feature = {"type": "Feature", "geometry": json.loads(geom.geojson), "properties": properties}
    source.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    command = ["ogr2ogr", "-update", "-append", "-nln", layer, "-nlt", "MULTIPOLYGON", str(path), str(source)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "ERROR" not in result.stderr, result.stderr


def ogr_sql(path: Path, statement: str) -> None:
    result = subprocess.run(["ogrinfo", str(path), "-sql", statement], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "ERROR" not in result.stderr, result.stderr
