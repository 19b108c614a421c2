"""Zipped Shapefile: the GeoPackage we write, converted by ogr2ogr, with a README of field names.

A .dbf field name holds 10 characters at most, so every column gets an explicit short name
(`SHORT_NAMES`, else a rule) and README.txt in the zip says what each one is. The zip also holds
`<layer>.qml`, the IMAS style on those short names, which QGIS applies when it opens the .shp.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from minefree.exports.crs import crs_name
from minefree.exports.exportable import Export, layer_name
from minefree.exports.sources import Column
from minefree.exports.styled import export_style
from minefree.geopackage.geopackage import Layer, write_geopackage

MAX_NAME = 10
SHORT_NAMES = {
    "classification": "class",
    "classification_label": "class_lbl",
    "contamination": "contam",
    "contamination_label": "contam_lbl",
    "admin_area_name": "admin_name",
    "mechanical_suitable": "mech_suit",
    "recorded_on": "recorded",
    "description": "descr",
    "organisation": "org",
    "date_of_information": "info_date",
    "submitted_at": "submitted",
    "ordnance_type": "ord_type",
    "disposed_on": "disposed",
    "activity_at_time": "activity",
    "activity_at_time_label": "activ_lbl",
    "corrective_actions": "corr_act",
    "accredited_on": "accredited",
    "inspected_on": "inspected",
    "items_found": "items",
    "acquired_on": "acquired",
}
PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


def short_names(columns: tuple[Column, ...]) -> list[str]:
    """A distinct name of at most 10 characters for each column (dBase compares them caselessly)."""
    taken: set[str] = set()
    names = []
    for column in columns:
        name = SHORT_NAMES.get(column.name)
        if name is None:
            name = column.name
            if len(name) > MAX_NAME and name.endswith("_label"):
                name = name.removesuffix("_label")[:6].rstrip("_") + "_lbl"
            name = name[:MAX_NAME].rstrip("_")
        candidate, n = name, 1
        while candidate.lower() in taken:
            suffix = str(n)
            candidate, n = name[: MAX_NAME - len(suffix)] + suffix, n + 1
        taken.add(candidate.lower())
        names.append(candidate)
    return names


def _readme(export: Export, names: list[str]) -> str:
    lines = [
        f"MineFree export: {export.source.title} ({export.source.slug})",
        f"Filters: {export.query or '(none)'}",
        f"Rows: {export.total}",
        "",
        _coordinates(export.srid) + "; text: UTF-8 (see the .cpg).",
        f"Style: {layer_name(export.source)}.qml (IMAS colours, pick lists), which QGIS applies on opening.",
        "Shapefile field names hold 10 characters at most; text longer than 254 characters is cut;",
        "date-times are ISO 8601 text in UTC. The GeoPackage export has the full names and values.",
        "",
        f"{'field':<{MAX_NAME}}  {'type':<8}  full name",
    ]
    for column, name in zip(export.source.columns, names, strict=True):
        lines.append(f"{name:<{MAX_NAME}}  {column.kind:<8}  {column.name}")
    return "\n".join(lines) + "\n"


def _coordinates(srid: int) -> str:
    if srid == 4326:
        return "Coordinates: WGS 84 longitude/latitude (EPSG:4326, see the .prj)"
    return f"Coordinates: {crs_name(srid)} (EPSG:{srid}, see the .prj), metres"


def write_shapefile_zip(export: Export, path: Path) -> None:
    source = export.source
    names = short_names(source.columns)
    # dBase has no date-time type: ISO text instead.
    fields = [(name, "TEXT" if c.kind == "DATETIME" else c.kind) for c, name in zip(source.columns, names, strict=True)]
    work = path.parent / f"{path.stem}-shapefile"
    work.mkdir(parents=True, exist_ok=True)
    staging = work / "staging.gpkg"
    layer = layer_name(source)
    write_geopackage(staging, [Layer(layer, source.geometry_type, fields, export.rows("wkb"), srid=export.srid)])
    out = work / "out"
    done = subprocess.run(
        ["ogr2ogr", "-f", "ESRI Shapefile", str(out), str(staging), layer, "-nln", layer, "-lco", "ENCODING=UTF-8"],
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"ogr2ogr could not write the Shapefile: {done.stderr.strip()[-500:]}")
    # Null shapes (fully released areas) leave 0,0 in the header's extent; recompute it from the shapes.
    subprocess.run(
        ["ogrinfo", "-q", "-sql", f"RECOMPUTE EXTENT ON {layer}", str(out / f"{layer}.shp")],
        capture_output=True,
        timeout=600,
        check=True,
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for suffix in PARTS:
            part = out / f"{layer}{suffix}"
            if part.exists():
                archive.write(part, part.name)
        archive.writestr("README.txt", _readme(export, names))
        short = {c.name: name for c, name in zip(source.columns, names, strict=True)}
        archive.writestr(f"{layer}.qml", export_style(source, layer, short).qml)
    for leftover in sorted(work.rglob("*"), reverse=True):
        leftover.rmdir() if leftover.is_dir() else leftover.unlink()
    work.rmdir()
