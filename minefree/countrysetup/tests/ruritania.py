"""Ruritania (RUR), a made-up country, written by GDAL (pyogrio) in the shapes real boundaries come in:
an OCHA COD GeoPackage (adm0, adm1, adm2 layers), a geoBoundaries GeoJSON (ADM1) and a geoBoundaries
Shapefile (ADM2, in UTM zone 34N, zipped as it is downloaded)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
from django.contrib.gis.geos import Polygon
from pyogrio.raw import write

WEST, SOUTH, EAST, NORTH = 20.0, 45.0, 22.0, 46.0
# code: (English, Russian, Tajik, (west, east))
REGIONS = {
    "RU-ST": ("Strelsau", "Штрельзау", "Штрелсау", (20.0, 21.0)),
    "RU-ZE": ("Zenda", "Зенда", "Зенда", (21.0, 22.0)),
}
# code: (English, Russian, region, (west, east))
DISTRICTS = {
    "RU-ST-01": ("Old Town", "Старый город", "RU-ST", (20.0, 20.5)),
    "RU-ST-02": ("Hofbau", "Хофбау", "RU-ST", (20.5, 21.0)),
    "RU-ZE-01": ("Zenda Castle", "Замок Зенда", "RU-ZE", (21.0, 21.5)),
    "RU-ZE-02": ("Tarlenheim", "Тарленхайм", "RU-ZE", (21.5, 22.0)),
}

# geoBoundaries ADM2 codes are their shapeID (shapeISO is empty there), 23 characters long.
ADM2_IDS = [f"5242332{n}B10195316084773" for n in range(len(DISTRICTS))]


def strip(west: float, east: float) -> Polygon:
    return Polygon.from_bbox((west, SOUTH, east, NORTH))


def _strings(values: list[str]) -> np.ndarray:
    return np.array(values, dtype=object)


def _write(path: Path, layer: str, polygons: list[Polygon], columns: dict[str, list[str]], **options: object) -> None:
    write(
        str(path),
        np.array([bytes(p.wkb) for p in polygons], dtype=object),
        [_strings(v) for v in columns.values()],
        list(columns),
        layer=layer,
        geometry_type="Polygon",
        crs=str(options.pop("crs", "EPSG:4326")),
        **options,
    )


def cod_geopackage(folder: Path) -> Path:
    path = folder / "rur_adm_cod.gpkg"
    _write(path, "rur_admbnda_adm0", [strip(WEST, EAST)], {"ADM0_EN": ["Ruritania"], "ADM0_PCODE": ["RU"]})
    _write(
        path,
        "rur_admbnda_adm1",
        [strip(*r[3]) for r in REGIONS.values()],
        {
            "ADM1_EN": [r[0] for r in REGIONS.values()],
            "ADM1_RU": [r[1] for r in REGIONS.values()],
            "ADM1_TG": [r[2] for r in REGIONS.values()],
            "ADM1_PCODE": list(REGIONS),
            "ADM0_EN": ["Ruritania"] * len(REGIONS),
            "ADM0_PCODE": ["RU"] * len(REGIONS),
        },
        append=True,
    )
    _write(
        path,
        "rur_admbnda_adm2",
        [strip(*d[3]) for d in DISTRICTS.values()],
        {
            "ADM2_EN": [d[0] for d in DISTRICTS.values()],
            "ADM2_RU": [d[1] for d in DISTRICTS.values()],
            "ADM2_PCODE": list(DISTRICTS),
            "ADM1_EN": [REGIONS[d[2]][0] for d in DISTRICTS.values()],
            "ADM1_PCODE": [d[2] for d in DISTRICTS.values()],
        },
        append=True,
    )
    return path


def geoboundaries_adm1(folder: Path) -> Path:
    path = folder / "geoBoundaries-RUR-ADM1.geojson"
    _write(
        path,
        "geoBoundaries-RUR-ADM1",
        [strip(*r[3]) for r in REGIONS.values()],
        {
            "shapeName": [r[0] for r in REGIONS.values()],
            "shapeISO": list(REGIONS),
            "shapeID": [f"RUR-ADM1-{n}" for n in range(len(REGIONS))],
            "shapeGroup": ["RUR"] * len(REGIONS),
            "shapeType": ["ADM1"] * len(REGIONS),
        },
        driver="GeoJSON",
    )
    return path


def geoboundaries_adm2_shapefile(folder: Path, zipped: bool = True) -> Path:
    """ADM2 with no parent column (geoBoundaries has none) and an empty shapeISO, in UTM 34N."""
    from django.contrib.gis.gdal import CoordTransform, SpatialReference

    to_utm = CoordTransform(SpatialReference(4326), SpatialReference(32634))
    shapes = []
    for district in DISTRICTS.values():
        # Drawn a little inside its region, so the parent must be found by the largest overlap.
        shape = strip(district[3][0] + 0.01, district[3][1] - 0.01)
        shape.srid = 4326
        shapes.append(shape.transform(to_utm, clone=True))
    base = folder / "geoBoundaries-RUR-ADM2.shp"
    _write(
        base,
        "geoBoundaries-RUR-ADM2",
        shapes,
        {
            "shapeName": [d[0] for d in DISTRICTS.values()],
            "shapeISO": [""] * len(DISTRICTS),
            "shapeID": ADM2_IDS,
            "shapeGroup": ["RUR"] * len(DISTRICTS),
            "shapeType": ["ADM2"] * len(DISTRICTS),
        },
        crs="EPSG:32634",
        driver="ESRI Shapefile",
    )
    if not zipped:
        return base
    archive = folder / "geoBoundaries-RUR-ADM2-all.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in folder.glob("geoBoundaries-RUR-ADM2.*"):
            zf.write(part, part.name)
    return archive
