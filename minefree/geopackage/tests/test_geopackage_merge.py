"""QGIS "merge features" in a returned GeoPackage: one area grows over another, which is deleted.

Read as two separate edits this became a cancellation of the second area (released land up by
its whole area, remaining land unchanged). It is refused instead, naming both features.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from minefree.core.geometry import as_multipolygon
from minefree.fieldwork.models import FieldReport
from minefree.geopackage.geopackage_export import export_geopackage
from minefree.geopackage.geopackage_import import ImportRefused, import_geopackage
from minefree.geopackage.tests.gpkg_edits import blob, edit, fid_of
from minefree.hazards.models import REMAINING, HazardArea
from minefree.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def two_neighbours() -> tuple[HazardArea, HazardArea]:
    """Two of NPA's remaining areas in one district, as a team would merge them."""
    areas = HazardArea.objects.filter(operator__acronym="NPA", status__in=REMAINING, geometry__isnull=False)
    by_district: dict[int, list[HazardArea]] = {}
    for area in areas.order_by("reference"):
        by_district.setdefault(area.admin_area_id, []).append(area)
    first, second = next(pair for pair in by_district.values() if len(pair) >= 2)[:2]
    return first, second


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Path, Any, User]:
    clerk = User.objects.get(username="npa.clerk")
    path = tmp_path / "npa.gpkg"
    return path, export_geopackage(clerk, Organisation.objects.get(acronym="NPA"), path), clerk


def test_a_merge_is_refused_naming_both_features(exported: tuple[Path, Any, User]) -> None:
    path, _export, clerk = exported
    kept, merged = two_neighbours()
    kept_fid, merged_fid = fid_of(path, "hazard_areas", kept.pk), fid_of(path, "hazard_areas", merged.pk)
    assert kept.geometry is not None and merged.geometry is not None
    with edit(path) as gpkg:  # what "Merge Selected Features" leaves: one grown feature, the other gone
        union = as_multipolygon(kept.geometry.union(merged.geometry))
        gpkg.execute("UPDATE hazard_areas SET geom = ? WHERE minefree_id = ?", (blob(union), kept.pk))
        gpkg.execute("DELETE FROM hazard_areas WHERE minefree_id = ?", (merged.pk,))
    before = FieldReport.objects.count()
    with pytest.raises(ImportRefused) as refused:
        import_geopackage(clerk, path, "npa.gpkg")
    messages = [str(problem) for problem in refused.value.problems]
    assert any(
        merged.reference in m and kept.reference in m and f"feature {kept_fid}" in m and "merge" in m for m in messages
    ), messages
    assert any(problem.fid == merged_fid for problem in refused.value.problems)
    assert FieldReport.objects.count() == before  # no cancellation waiting for review
    merged.refresh_from_db()
    assert merged.status in REMAINING


def test_a_plain_deletion_is_still_a_cancellation(exported: tuple[Path, Any, User]) -> None:
    path, _export, clerk = exported
    _kept, deleted = two_neighbours()
    with edit(path) as gpkg:
        gpkg.execute("DELETE FROM hazard_areas WHERE minefree_id = ?", (deleted.pk,))
    result = import_geopackage(clerk, path, "npa.gpkg")
    assert [(c.change, c.report.kind, c.report.payload["kind"]) for c in result.created] == [
        ("deleted", "progress", "cancel")
    ]
