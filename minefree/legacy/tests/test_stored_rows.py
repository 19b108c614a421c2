"""What an import stores for each new hazard, whichever path checked it: on PostGIS most polygons
are checked and written in SQL (hazards.legacy_bulk), the others row by row, in the same batch.
Both leave the same hazard, CREATE event, first state, external id and audit entry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.geos import GEOSGeometry

from minefree.core.geometry import area_m2
from minefree.core.models import AuditEntry
from minefree.hazards.models import HazardArea
from minefree.legacy.external_ids import of
from minefree.legacy.mapping import parse
from minefree.legacy.run import ImportRefused, import_file
from minefree.legacy.tests import files


def test_every_new_hazard_is_stored_whole_whichever_path_checked_it(tmp_path: Path, user: Any) -> None:
    rows = files.hazard_rows(6, {3: {"DISTRICT": None}})  # row 4: its district found from the polygon
    path = files.write_geo(tmp_path / "imsma.gpkg", rows, "GPKG")
    im = user("tnmac.im")
    outcome = import_file(path, parse(files.mapping()), user=im, batch_size=4)
    assert outcome.counts.created == 6 and not outcome.problems
    hazards = list(HazardArea.objects.filter(name__startswith="Legacy field").order_by("reference"))
    assert [h.name for h in hazards] == [f"Legacy field {i}" for i in range(1, 7)]  # references in file order
    numbers = [int(h.reference.rsplit("-", 1)[1]) for h in hazards]
    assert numbers == list(range(numbers[0], numbers[0] + 6))
    content_type = ContentType.objects.get_for_model(HazardArea)
    for number, (hazard, source) in enumerate(zip(hazards, rows, strict=True), start=1):
        assert hazard.geometry is not None and hazard.geometry.geom_type == "MultiPolygon"
        assert len(hazard.geometry) == 1 and hazard.geometry[0].equals_exact(source["geometry"], 0)
        assert hazard.area_m2 == pytest.approx(area_m2(hazard.geometry), rel=1e-9)
        assert hazard.admin_area.code == files.DISTRICT and hazard.country_id == hazard.admin_area.country_id
        assert (hazard.classification, hazard.contamination, hazard.status) == (
            "CHA" if number % 2 else "SHA",
            "ap_mines",
            "open",
        )
        assert hazard.recorded_area_m2 == source["AREA_M2"] and hazard.version == 1
        event = hazard.events.get()
        assert (event.kind, event.day, event.cause) == ("create", hazard.recorded_on, "import_legacy")
        assert GEOSGeometry(event.changes["geometry"]).equals(hazard.geometry)
        assert event.changes["classification"] == hazard.classification
        state = hazard.states.get()
        assert (state.valid_from, state.valid_to, state.area_m2) == (hazard.recorded_on, None, hazard.area_m2)
        ids = of(hazard)
        assert ids is not None and (ids.local_id, ids.guid) == (source["LOCALID"], source["GUID"].strip("{}"))
        audit = AuditEntry.objects.get(content_type=content_type, object_id=str(hazard.pk), action="import_legacy")
        assert audit.user == im and audit.related_to == "imsma.gpkg"
        assert audit.after == {
            "reference": hazard.reference,
            "name": hazard.name,
            "row": number,
            "import": outcome.record.pk if outcome.record else None,
        }


def test_a_polygon_checked_in_sql_still_gets_its_own_message(tmp_path: Path, user: Any) -> None:
    """Repeated vertices, a polygon outside its district, and an empty one fail the SQL check; the per-row
    check then names each, and nothing of the file is written."""
    lon, lat = files.LON, files.LAT
    repeated = GEOSGeometry(
        f"POLYGON(({lon} {lat}, {lon + 0.002} {lat}, {lon + 0.002} {lat}, {lon + 0.002} {lat + 0.002}, {lon} {lat}))",
        srid=4326,
    )
    rows = files.hazard_rows(4, {1: {"geometry": repeated}, 2: {"DISTRICT": "TJ-KT-PNJ"}})
    before = HazardArea.objects.count()
    with pytest.raises(ImportRefused) as refused:
        import_file(files.write_geo(tmp_path / "bad.gpkg", rows, "GPKG"), parse(files.mapping()), user=user("tnmac.im"))
    found = {(p.row, p.field): p.message for p in refused.value.outcome.problems}
    assert "repeats vertex 2" in found[(2, "geometry")]
    assert "lies mostly in" in found[(3, "DISTRICT")]
    assert len(found) == 2 and HazardArea.objects.count() == before
