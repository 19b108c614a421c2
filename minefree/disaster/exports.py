"""The overlay as a GeoPackage (three layers) and as a PDF for the disaster agency."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext_lazy as _

from minefree.core.geometry import as_multipolygon
from minefree.disaster.pdf import overlay_pdf
from minefree.disaster.results import Overlay
from minefree.geopackage.geopackage import Layer, write_geopackage
from minefree.hazards.models import HazardArea, LandReleaseActivity
from minefree.styles.imas import field_forms, hazard_look, release_look
from minefree.styles.layer_styles import LayerStyle, layer_style
from minefree.styles.looks import single

HAZARD_COLUMNS = [
    ("reference", "TEXT"),
    ("name", "TEXT"),
    ("district", "TEXT"),
    ("region", "TEXT"),
    ("operator", "TEXT"),
    ("classification", "TEXT"),
    ("contamination", "TEXT"),
    ("status", "TEXT"),
    ("area_m2", "REAL"),
    ("inside", "BOOLEAN"),
    ("distance_m", "REAL"),
]
RELEASED_COLUMNS = [
    ("reference", "TEXT"),
    ("hazard_reference", "TEXT"),
    ("hazard_status", "TEXT"),
    ("district", "TEXT"),
    ("organisation", "TEXT"),
    ("kind", "TEXT"),
    ("method", "TEXT"),
    ("end_date", "DATE"),
    ("area_m2", "REAL"),
    ("inside", "BOOLEAN"),
    ("distance_m", "REAL"),
]
AREA_COLUMNS = [
    ("name", "TEXT"),
    ("kind", "TEXT"),
    ("event_date", "DATE"),
    ("distance_m", "INTEGER"),
    ("area_m2", "REAL"),
    ("organisation", "TEXT"),
    ("data_as_of", "DATETIME"),
]


def _hazard_rows(result: Overlay) -> Iterator[tuple[bytes | None, tuple[Any, ...]]]:
    for r in result.hazards:
        values = (r["reference"], r["name"], r["district"], r["region"], r["operator_name"], r["classification"])
        yield r["shape"], (*values, r["contamination"], r["status"], r["area_m2"], r["inside"], r["distance"])


def _released_rows(result: Overlay) -> Iterator[tuple[bytes | None, tuple[Any, ...]]]:
    for r in result.released:
        values = (r["reference"], r["hazard_reference"], r["hazard_status"], r["district"], r["organisation_name"])
        yield r["shape"], (*values, r["kind"], r["method"], r["end_date"], r["area_m2"], r["inside"], r["distance"])


def _styles() -> dict[str, LayerStyle]:
    """The disaster map's look: the area in blue, the search zone dashed, hazards and released land in IMAS colours."""
    hazards = field_forms(HazardArea, [(name, name) for name, _kind in HAZARD_COLUMNS])
    released = field_forms(LandReleaseActivity, [(name, name) for name, _kind in RELEASED_COLUMNS])
    return {
        "affected_area": layer_style(
            "affected_area", single(_("Affected area"), "#1D4ED8", opacity=0.35), "MULTIPOLYGON"
        ),
        "hazard_areas": layer_style("hazard_areas", hazard_look(), "MULTIPOLYGON", hazards),
        "released_land": layer_style("released_land", release_look(), "MULTIPOLYGON", released),
        "search_zone": layer_style(
            "search_zone", single(_("Search zone"), "#1D4ED8", fill=False, dash="4 3"), "MULTIPOLYGON"
        ),
    }


def layers(result: Overlay) -> list[Layer]:
    area = result.area
    organisation = area.organisation.acronym if area.organisation else ""
    outline = (area.name, area.kind, area.event_date, area.distance_m, area.area_m2, organisation, result.as_of)
    styles = _styles()
    out = [
        Layer(
            "affected_area",
            "MULTIPOLYGON",
            AREA_COLUMNS,
            [(bytes(area.geometry.wkb), outline)],
            style=styles["affected_area"],
        ),
        Layer("hazard_areas", "MULTIPOLYGON", HAZARD_COLUMNS, _hazard_rows(result), style=styles["hazard_areas"]),
        Layer("released_land", "MULTIPOLYGON", RELEASED_COLUMNS, _released_rows(result), style=styles["released_land"]),
    ]
    if area.distance_m:
        zone = [(bytes(as_multipolygon(result.zone.search).wkb), (area.distance_m,))]
        out.append(Layer("search_zone", "MULTIPOLYGON", [("distance_m", "INTEGER")], zone, style=styles["search_zone"]))
    return out


def write_geopackage_file(result: Overlay, path: Path) -> None:
    metadata = {
        "source": "MineFree disaster overlay",
        "affected_area": str(result.area),
        "data_as_of": result.as_of.isoformat(),
    }
    write_geopackage(path, layers(result), metadata)


def geopackage(result: Overlay) -> IO[bytes]:
    """An open GeoPackage file; its name is already unlinked, so it vanishes when closed."""
    folder = tempfile.mkdtemp(prefix="minefree-overlay-")
    path = Path(folder) / "overlay.gpkg"
    try:
        write_geopackage_file(result, path)
        handle = path.open("rb")
    finally:
        path.unlink(missing_ok=True)
        os.rmdir(folder)
    return handle


# A PDF of 5,000 rows a table is some 120 pages and takes seconds; beyond, the GeoPackage holds all.
PDF_ROWS = 5000


def pdf(result: Overlay) -> bytes:
    return overlay_pdf(result)
