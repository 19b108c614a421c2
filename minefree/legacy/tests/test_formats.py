"""Each format IMSMA exports, written by GDAL, goes in as hazardous areas with their IMSMA ids kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import pytest

from minefree.hazards.models import HazardArea, HazardAreaState, HazardEvent
from minefree.legacy import external_ids, reader
from minefree.legacy.mapping import parse
from minefree.legacy.models import LegacyImport
from minefree.legacy.run import import_file
from minefree.legacy.tests import files


def _imported(path: Path, mapping: dict[str, Any], user: Any) -> list[HazardArea]:
    outcome = import_file(path, parse(mapping), user=user)
    assert outcome.problems == []
    assert outcome.counts.created == 3
    record = LegacyImport.objects.get(pk=outcome.record.pk)  # type: ignore[union-attr]
    assert (record.file_name, record.created, record.rows, len(record.sha256)) == (path.name, 3, 3, 64)
    pks = [e.object_id for e in external_ids.ExternalId.objects.filter(guid__startswith="6f1c2a4e")]
    return list(HazardArea.objects.filter(pk__in=pks).order_by("reference"))


@pytest.mark.parametrize(
    ("driver", "name"),
    [("GPKG", "hazards.gpkg"), ("ESRI Shapefile", "hazards.shp"), ("OpenFileGDB", "hazards.gdb")],
)
def test_polygon_layers_import_with_ids_areas_and_timeline(tmp_path: Path, user: Any, driver: str, name: str) -> None:
    path = files.write_geo(tmp_path / name, files.hazard_rows(), driver)
    hazards = _imported(path, files.mapping(), user("tnmac.im"))
    assert [h.name for h in hazards] == ["Legacy field 1", "Legacy field 2", "Legacy field 3"]
    first = hazards[0]
    assert first.reference.startswith("TJK-HA-")
    assert (first.classification, first.contamination, first.admin_area.code) == ("CHA", "ap_mines", "TJ-SU-GFR")
    assert first.recorded_on == dt.date(2015, 5, 1)
    assert first.recorded_area_m2 == 40000.0
    assert 35000 < first.area_m2 < 40000  # a 0.002° box measured in UTM, beside the recorded 40,000 m²
    ids = external_ids.of(first)
    assert ids is not None and (ids.guid, ids.local_id) == ("6f1c2a4e-0000-4000-8000-000000000000", "HA-0001")
    assert HazardEvent.objects.filter(hazard=first, kind="create", cause="import_legacy").count() == 1
    state = HazardAreaState.objects.get(hazard=first)
    assert (state.valid_from, state.status, round(state.area_m2)) == (first.recorded_on, "open", round(first.area_m2))


def test_zipped_file_geodatabase_in_utm(tmp_path: Path, user: Any) -> None:
    folder = files.write_geo(tmp_path / "imsma.gdb", files.hazard_rows(), "OpenFileGDB", crs=32642)
    hazards = _imported(files.zipped(folder), files.mapping(), user("tnmac.im"))
    # Reprojected from UTM 42N back to WGS 84: the same box as written.
    assert hazards[0].geometry.extent == pytest.approx((69.60, 40.60, 69.602, 40.602), abs=1e-6)


def test_csv_with_wkt(tmp_path: Path, user: Any) -> None:
    path = files.write_table(tmp_path / "hazards.csv", files.hazard_rows(), "CSV")
    hazards = _imported(path, files.mapping(geometry={"wkt": "WKT"}), user("tnmac.im"))
    assert hazards[1].geometry is not None and hazards[1].location is None


def test_csv_with_lat_lon_points_keep_the_point_and_recorded_area(tmp_path: Path, user: Any) -> None:
    path = files.write_table(tmp_path / "points.csv", files.hazard_rows(), "CSV", geometry="lonlat")
    hazards = _imported(path, files.mapping(geometry={"lon": "LON", "lat": "LAT"}), user("tnmac.im"))
    point = hazards[0]
    assert point.geometry is None and point.area_m2 == 0
    assert point.location.coords == pytest.approx((69.601, 40.601))
    assert point.recorded_area_m2 == 40000.0


def test_xlsx_with_excel_dates_and_no_geometry(tmp_path: Path, user: Any) -> None:
    rows = files.hazard_rows(3, {i: {"DATE_INFO": 42125.0 + i, "geometry": None} for i in range(3)})
    path = files.write_table(tmp_path / "hazards.xlsx", rows, "XLSX", geometry="lonlat")
    hazards = _imported(path, files.mapping(geometry={"lon": "LON", "lat": "LAT"}), user("tnmac.im"))
    assert [h.recorded_on for h in hazards] == [dt.date(2015, 5, 1), dt.date(2015, 5, 2), dt.date(2015, 5, 3)]
    assert all(h.geometry is None and h.location is None for h in hazards)
    assert [h.recorded_area_m2 for h in hazards] == [40000.0, 40001.0, 40002.0]


def test_zipped_shapefile_as_the_pages_take_it(tmp_path: Path, user: Any) -> None:
    import zipfile

    folder = tmp_path / "shp"
    folder.mkdir()
    files.write_geo(folder / "hazards.shp", files.hazard_rows(), "ESRI Shapefile")
    archive = tmp_path / "hazards.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for part in folder.iterdir():
            out.write(part, part.name)
    hazards = _imported(archive, files.mapping(), user("tnmac.im"))
    assert [h.classification for h in hazards] == ["CHA", "SHA", "CHA"]


def test_an_xlsx_of_text_only_keeps_its_header_row(tmp_path: Path) -> None:
    """GDAL guesses that a sheet whose every cell is text has no header; IMSMA's exports are such sheets."""
    path = tmp_path / "findings.xlsx"
    names = ["LOCAL_ID", "RESULT"]
    values = [np.array(["QA-1", "QA-2"], dtype=object), np.array(["satisfactory", "minor"], dtype=object)]
    pyogrio.raw.write(str(path), None, values, names, layer="FINDINGS", driver="XLSX")
    (info,) = reader.layers(path)
    assert info.columns == ("LOCAL_ID", "RESULT") and info.features == 2
    rows = [row for batch in reader.batches(path, "FINDINGS") for row in batch]
    assert [row.cells["LOCAL_ID"] for row in rows] == ["QA-1", "QA-2"]
