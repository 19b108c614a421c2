"""Small legacy files as IMSMA exports them, written by GDAL (pyogrio) in each format the import reads."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio.raw
from django.contrib.gis.geos import GEOSGeometry, Polygon

from minefree.legacy.bench import MAPPING  # the one IMSMA-like hazard mapping, shared with the bench

# Northern Sughd (district TJ-SU-GFR), where the demo has no hazards.
LON, LAT = 69.60, 40.60
DISTRICT = "TJ-SU-GFR"


def box(lon: float, lat: float, d: float = 0.002) -> Polygon:
    return Polygon.from_bbox((lon, lat, lon + d, lat + d))


def hazard_rows(n: int = 3, overrides: dict[int, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """n IMSMA-like hazard rows in a row of boxes; `overrides` by row index: {2: {"HAZ_TYPE": "x"}}."""
    overrides = overrides or {}
    rows = []
    for i in range(n):
        row = {
            "GUID": f"{{6f1c2a4e-0000-4000-8000-{i:012d}}}",
            "LOCALID": f"HA-{i + 1:04d}",
            "HAZ_NAME": f"Legacy field {i + 1}",
            "HAZ_TYPE": "Confirmed Hazardous Area" if i % 2 == 0 else "Suspected Hazardous Area",
            "CONTAM": "AP mines",
            "DISTRICT": DISTRICT,
            "DATE_INFO": f"{(i % 27) + 1:02d}/05/2015",
            "AREA_M2": 40000.0 + i,
            "geometry": box(LON + 0.003 * (i % 100), LAT + 0.003 * (i // 100)),
        }
        row.update(overrides.get(i, {}))
        rows.append(row)
    return rows


def mapping(**changes: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(MAPPING))
    data.update(changes)
    return data


def _columns(rows: list[dict[str, Any]]) -> tuple[list[str], list[np.ndarray]]:
    names = [k for k in rows[0] if k != "geometry"]
    arrays = []
    for name in names:
        values = [r[name] for r in rows]
        floats = all(isinstance(v, float) for v in values if v is not None)
        arrays.append(
            np.array([np.nan if v is None else v for v in values], dtype=float)
            if floats and any(v is not None for v in values)
            else np.array(values, dtype=object)
        )
    return names, arrays


def write_geo(path: Path, rows: list[dict[str, Any]], driver: str, layer: str = "HAZARDS", crs: int = 4326) -> Path:
    """A layer of polygons (or None geometry) in GPKG, Shapefile or OpenFileGDB; a .gdb can be zipped after."""
    names, arrays = _columns(rows)
    geometries = []
    for row in rows:
        geom: GEOSGeometry | None = row["geometry"]
        if geom is not None:
            geom = GEOSGeometry(geom.wkt, srid=4326)
            if crs != 4326:
                geom.transform(crs)
        geometries.append(None if geom is None else bytes(geom.wkb))
    pyogrio.raw.write(
        str(path),
        np.array(geometries, dtype=object),
        arrays,
        names,
        layer=layer,
        driver=driver,
        geometry_type="Polygon",
        crs=f"EPSG:{crs}",
    )
    return path


def write_table(
    path: Path, rows: list[dict[str, Any]], driver: str, geometry: str = "wkt", layer: str = "HAZARDS"
) -> Path:
    """CSV or XLSX: geometry as a WKT column, or as LON and LAT columns (the polygon's corner)."""
    table = []
    for row in rows:
        out = {k: v for k, v in row.items() if k != "geometry"}
        geom = row["geometry"]
        if geometry == "wkt":
            out["WKT"] = geom.wkt if geom is not None else None
        else:
            out["LON"] = geom.centroid.x if geom is not None else None
            out["LAT"] = geom.centroid.y if geom is not None else None
        table.append(out)
    names, arrays = _columns(table)
    if driver == "CSV":
        arrays = [np.array(["" if v is None or v != v else str(v) for v in a], dtype=object) for a in arrays]
    pyogrio.raw.write(str(path), None, arrays, names, layer=layer, driver=driver)
    return path


def zipped(folder: Path) -> Path:
    """A .gdb folder as the .gdb.zip a centre mails."""
    archive = shutil.make_archive(str(folder), "zip", root_dir=folder.parent, base_dir=folder.name)
    target = folder.with_name(folder.name + ".zip")
    Path(archive).rename(target)
    return target
