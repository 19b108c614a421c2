"""The dry run lists every problem by file, layer, row and column and writes nothing; the real run
writes all or nothing; a second import of the same file updates what changed and creates nothing twice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from minefree.hazards.models import HazardArea, HazardEvent
from minefree.legacy.mapping import MappingError, parse
from minefree.legacy.models import LegacyImport
from minefree.legacy.run import ImportRefused, dry_run, import_file
from minefree.legacy.tests import files


def _gpkg(tmp_path: Path, rows: list[dict[str, Any]], name: str = "imsma.gpkg") -> Path:
    return files.write_geo(tmp_path / name, rows, "GPKG")


def test_dry_run_names_each_problem_and_writes_nothing(tmp_path: Path, user: Any) -> None:
    rows = files.hazard_rows(
        7,
        {
            1: {"DATE_INFO": "31/02/2015"},
            2: {"HAZ_TYPE": "Dangerous Area"},
            3: {"DISTRICT": "TJ-KT-PNJ"},  # Panj: far south, does not hold a polygon in Sughd
            4: {"GUID": "{6f1c2a4e-0000-4000-8000-000000000000}"},  # the same GUID as row 1
            6: {"AREA_M2": "big"},
        },
    )
    rows[5]["geometry"] = _bow_tie()
    rows[6]["AREA_M2"] = None
    rows[6]["geometry"] = None
    before = HazardArea.objects.count()
    outcome = dry_run(_gpkg(tmp_path, rows), parse(files.mapping()), user=user("tnmac.im"))
    found = {(p.row, p.field): p.message for p in outcome.problems}
    assert all(p.file == "imsma.gpkg" and p.layer == "HAZARDS" for p in outcome.problems)
    assert "“31/02/2015” is not a date" in found[(2, "DATE_INFO")]
    assert "“Dangerous Area” is not a known classification" in found[(3, "HAZ_TYPE")]
    assert "lies mostly in" in found[(4, "DISTRICT")]
    assert "Row 1 of this file has the same GUID" in found[(5, "GUID")]
    assert "not valid" in found[(6, "geometry")]
    assert "needs its recorded area" in found[(7, "AREA_M2")]
    assert (1, "HAZ_NAME") not in found and len(outcome.problems) == 6
    assert HazardArea.objects.count() == before


def _bow_tie() -> Any:
    from django.contrib.gis.geos import Polygon

    lon, lat = files.LON, files.LAT
    return Polygon(((lon, lat), (lon + 0.002, lat + 0.002), (lon + 0.002, lat), (lon, lat + 0.002), (lon, lat)))


def test_a_bad_row_in_the_last_batch_leaves_nothing_written(tmp_path: Path, user: Any) -> None:
    rows = files.hazard_rows(9, {8: {"CONTAM": "gremlins"}})
    before = (HazardArea.objects.count(), LegacyImport.objects.count(), HazardEvent.objects.count())
    with pytest.raises(ImportRefused) as refused:
        import_file(_gpkg(tmp_path, rows), parse(files.mapping()), user=user("tnmac.im"), batch_size=2)
    assert [(p.row, p.field) for p in refused.value.outcome.problems] == [(9, "CONTAM")]
    assert (HazardArea.objects.count(), LegacyImport.objects.count(), HazardEvent.objects.count()) == before


def test_importing_again_updates_what_changed_and_creates_nothing_twice(tmp_path: Path, user: Any) -> None:
    im = user("tnmac.im")
    first = import_file(_gpkg(tmp_path, files.hazard_rows(4)), parse(files.mapping()), user=im, batch_size=3)
    assert (first.counts.created, first.counts.updated) == (4, 0)
    count = HazardArea.objects.count()
    changed = files.hazard_rows(4, {2: {"HAZ_TYPE": "Suspected Hazardous Area"}, 3: {"HAZ_NAME": "Renamed"}})
    again = import_file(_gpkg(tmp_path, changed, "again.gpkg"), parse(files.mapping()), user=im, batch_size=3)
    assert (again.counts.created, again.counts.updated, again.counts.unchanged) == (0, 2, 2)
    assert HazardArea.objects.count() == count
    third = HazardArea.objects.get(name="Legacy field 3")
    assert third.classification == "SHA"
    assert list(third.events.values_list("kind", flat=True)) == ["create", "update"]
    assert HazardArea.objects.filter(name="Renamed").count() == 1
    unchanged = import_file(_gpkg(tmp_path, changed, "third.gpkg"), parse(files.mapping()), user=im)
    assert (unchanged.counts.created, unchanged.counts.updated, unchanged.counts.unchanged) == (0, 0, 4)


def test_a_mapping_naming_what_the_target_lacks_is_refused_whole() -> None:
    data = files.mapping()
    data["fields"]["colour"] = "COLOUR"
    data["fields"]["classification"]["values"]["Maybe"] = "XYZ"
    del data["fields"]["name"]
    with pytest.raises(MappingError) as refused:
        parse(data)
    text = str(refused.value)
    assert "fields.colour" in text and "XYZ is not one of its codes" in text and "fields.name is required" in text


def test_a_column_the_layer_lacks_is_a_problem_of_the_layer(tmp_path: Path, user: Any) -> None:
    data = files.mapping()
    data["fields"]["description"] = "REMARKS"
    outcome = dry_run(_gpkg(tmp_path, files.hazard_rows(2)), parse(data), user=user("tnmac.im"))
    assert [(p.row, p.message[:40]) for p in outcome.problems] == [(0, "Layer HAZARDS has no column REMARKS (it ")]


def test_a_repeated_local_id_is_found_batches_later(tmp_path: Path, user: Any) -> None:
    """The keys seen earlier in the file are kept outside the batch (on disk, so memory stays flat)."""
    rows = files.hazard_rows(5, {4: {"LOCALID": "HA-0001"}})  # row 5 repeats row 1's local id
    outcome = dry_run(_gpkg(tmp_path, rows), parse(files.mapping()), user=user("tnmac.im"), batch_size=2)
    assert [(p.row, p.field) for p in outcome.problems] == [(5, "LOCALID")]
    assert "Row 1 of this file has the same local id HA-0001" in outcome.problems[0].message
