"""NPA takes its areas to QGIS or QField and back: each edit becomes exactly one report for review."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.gdal import DataSource
from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import PermissionDenied

from minefree.core.errors import ActionError
from minefree.core.models import AuditEntry
from minefree.fieldwork import actions as report_actions
from minefree.fieldwork.models import FieldReport
from minefree.gazetteer.models import AdminArea
from minefree.geopackage.geopackage_conflicts import acknowledge_conflict
from minefree.geopackage.geopackage_export import (
    HAZARD_FIELDS,
    LAND_FIELDS,
    export_geopackage,
    exporting_organisations,
)
from minefree.geopackage.geopackage_import import ImportRefused, import_geopackage
from minefree.geopackage.models import ExportedFeature, ImportedChange
from minefree.geopackage.tests.gpkg_edits import (
    append_with_ogr2ogr,
    blob,
    changed_by_the_nmac,
    edit,
    fid_of,
    ogr_sql,
    shifted,
    square,
)
from minefree.geopackage.tests.test_geopackage_writer import VALIDATOR
from minefree.hazards.models import REMAINING, HazardArea, LandReleaseActivity
from minefree.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def npa_hazards() -> list[HazardArea]:
    hazards = HazardArea.objects.filter(operator__acronym="NPA", status__in=REMAINING, geometry__isnull=False)
    return list(hazards.order_by("reference")[:3])


@pytest.fixture
def clerk() -> User:
    return User.objects.get(username="npa.clerk")


@pytest.fixture
def exported(tmp_path: Path, clerk: User) -> tuple[Path, Any]:
    path = tmp_path / "npa.gpkg"
    export = export_geopackage(clerk, Organisation.objects.get(acronym="NPA"), path)
    return path, export


def reports_of(export: Any) -> Any:
    return FieldReport.objects.filter(client_id__startswith=f"gpkg-{export.pk}-")


def test_export_holds_npa_areas_and_activities_and_gdal_reads_it(exported: tuple[Path, Any], clerk: User) -> None:
    path, export = exported
    expected = HazardArea.objects.filter(operator__acronym="NPA", status__in=REMAINING)
    activities = LandReleaseActivity.objects.filter(organisation__acronym="NPA", hazard__in=expected)
    assert expected.count() > 3 and activities.exists()
    source = DataSource(str(path))
    hazards, land = source["hazard_areas"], source["land_release"]
    assert (len(hazards), len(land)) == (expected.count(), activities.count())
    assert (export.hazard_count, export.activity_count) == (expected.count(), activities.count())
    assert hazards.fields == [name for name, _kind in HAZARD_FIELDS]
    assert land.fields == [name for name, _kind in LAND_FIELDS]
    assert hazards.geom_type.name == land.geom_type.name == "MultiPolygon"
    first = expected.order_by("reference").first()
    assert first is not None
    feature = hazards[1]
    assert feature.get("reference") == first.reference and feature.get("minefree_version") == first.version
    assert feature.geom.geos.equals_exact(first.geometry, 1e-9)
    assert {h.get("minefree_id") for h in hazards} == set(expected.values_list("pk", flat=True))
    info = subprocess.run(["ogrinfo", "-so", "-al", str(path)], capture_output=True, text=True, check=False)
    assert info.returncode == 0 and info.stderr == ""
    if VALIDATOR.exists():  # GDAL's own GeoPackage validator, where python3-gdal is installed
        checked = subprocess.run(["/usr/bin/python3", str(VALIDATOR), str(path)], capture_output=True, text=True)
        assert checked.returncode == 0 and checked.stdout == checked.stderr == "", checked.stdout + checked.stderr
    rows = ExportedFeature.objects.filter(export=export)
    assert rows.filter(layer="hazard_areas").count() == expected.count()
    assert rows.get(layer="hazard_areas", object_id=first.pk).version == first.version
    entry = AuditEntry.objects.get(action="export_geopackage", object_id=str(export.pk))
    assert entry.user == clerk and entry.after["hazards"] == expected.count()


def test_edit_add_and_delete_become_exactly_the_expected_reports(exported: tuple[Path, Any], clerk: User) -> None:
    path, export = exported
    changed, deleted, worked = npa_hazards()
    district = AdminArea.objects.filter(level=2, hazard_areas__isnull=False).order_by("code").first()
    assert district is not None
    spot = district.boundary.point_on_surface
    inside = worked.geometry.point_on_surface
    with edit(path) as gpkg:  # QGIS: move a polygon and rename it, delete another
        gpkg.execute(
            "UPDATE hazard_areas SET geom = ?, name = ? WHERE minefree_id = ?",
            (blob(shifted(changed.geometry, 0.0005)), "Renamed in QGIS", changed.pk),
        )
        gpkg.execute("DELETE FROM hazard_areas WHERE minefree_id = ?", (deleted.pk,))
    new_area = {
        "name": "Drawn in QField",
        "classification": "SHA",
        "contamination": "ap_mines",
        "surveyed_on": "2026-11-20",
    }
    append_with_ogr2ogr(path, "hazard_areas", square(spot.x, spot.y, 0.002), new_area)
    released = {
        "kind": "clear",
        "method": "manual",
        "start_date": "2026-11-01",
        "end_date": "2026-11-15",
        "team": "Manual team 1",
    }
    append_with_ogr2ogr(path, "land_release", square(inside.x - 0.0001, inside.y - 0.0001, 0.0002), released)

    result = import_geopackage(clerk, path, "npa.gpkg")

    reports = {(c.layer, c.change): c.report for c in result.created}
    assert set(reports) == {
        ("hazard_areas", "changed"),
        ("hazard_areas", "added"),
        ("hazard_areas", "deleted"),
        ("land_release", "added"),
    }
    assert reports_of(export).count() == 4
    assert all(r.state == "submitted" and r.organisation.acronym == "NPA" for r in reports.values())
    edit_report = reports[("hazard_areas", "changed")]
    assert edit_report.kind == "hazard" and edit_report.hazard == changed
    assert set(edit_report.payload) == {"name", "geometry", "version", "geopackage"}  # only what changed
    assert edit_report.payload["name"] == "Renamed in QGIS" and edit_report.payload["version"] == changed.version
    new = reports[("hazard_areas", "added")]
    assert new.kind == "hazard" and new.hazard is None and new.payload["admin_area"] == district.code
    assert new.date_of_information == dt.date(2026, 11, 20)
    cancel = reports[("hazard_areas", "deleted")]
    assert cancel.kind == "progress" and cancel.hazard == deleted
    assert (cancel.payload["kind"], cancel.payload["method"]) == ("cancel", "survey")
    assert cancel.geometry.equals_exact(deleted.geometry, 1e-9)  # the whole area
    progress = reports[("land_release", "added")]
    assert progress.kind == "progress" and progress.hazard == worked  # found by where it was drawn
    assert progress.date_of_information == dt.date(2026, 11, 15) and progress.payload["team"] == "Manual team 1"
    assert result.unchanged == export.hazard_count - 2 + export.activity_count

    again = import_geopackage(clerk, path, "npa.gpkg")  # the same file twice: nothing new
    assert again.created == [] and len(again.repeated) == 4 and again.source is None
    assert reports_of(export).count() == 4

    reviewer = User.objects.get(username="tnmac.im")
    report_actions.approve_report(reviewer, edit_report)
    moved = shifted(changed.geometry, 0.0005)
    changed.refresh_from_db()
    assert changed.name == "Renamed in QGIS" and changed.geometry.equals_exact(moved, 1e-9)
    # The other three apply as their kinds do: a new area, the deleted one closed, land cleared.
    for report in (new, cancel, progress):
        report_actions.approve_report(reviewer, FieldReport.objects.get(pk=report.pk), confirm=True)
    deleted.refresh_from_db()
    latest = deleted.activities.order_by("-pk").first()
    assert deleted.status == "closed" and latest is not None and (latest.kind, latest.method) == ("cancel", "survey")
    assert HazardArea.objects.get(name="Drawn in QField").operator.acronym == "NPA"
    cleared = LandReleaseActivity.objects.get(hazard=worked, start_date=dt.date(2026, 11, 1))
    assert (cleared.kind, cleared.team.name, cleared.end_date) == ("clear", "Manual team 1", dt.date(2026, 11, 15))


def test_an_unchanged_file_gives_nothing(exported: tuple[Path, Any], clerk: User) -> None:
    path, export = exported
    ogr_sql(path, "UPDATE hazard_areas SET name = name")  # QGIS saving without a real change
    result = import_geopackage(clerk, path, "npa.gpkg")
    assert result.created == [] and result.repeated == [] and reports_of(export).count() == 0


def test_a_change_on_the_server_since_the_export_is_a_conflict_to_acknowledge(
    exported: tuple[Path, Any], clerk: User
) -> None:
    path, export = exported
    hazard = npa_hazards()[0]
    reviewer = User.objects.get(username="tnmac.im")
    changed_by_the_nmac(hazard, dt.date(2026, 11, 25), description="Marked by the NMAC")
    other = "CHA" if hazard.classification == "SHA" else "SHA"
    ogr_sql(path, f"UPDATE hazard_areas SET classification = '{other}' WHERE minefree_id = {hazard.pk}")
    result = import_geopackage(clerk, path, "npa.gpkg")
    (change,) = result.created
    hazard.refresh_from_db()
    assert change.in_conflict and (change.exported_version, change.server_version) == (
        hazard.version - 1,
        hazard.version,
    )
    assert change.report.payload == {
        "classification": other,
        "version": hazard.version - 1,
        "geopackage": f"{export} hazard_areas {fid_of(path, 'hazard_areas', hazard.pk)}",
    }
    with pytest.raises(ActionError) as refused:
        report_actions.approve_report(reviewer, change.report)
    assert "conflict" in refused.value.errors
    hazard.refresh_from_db()
    assert hazard.classification != other and hazard.description == "Marked by the NMAC"  # nothing overwritten
    with pytest.raises(PermissionDenied):
        acknowledge_conflict(clerk, change)  # the team cannot wave its own conflict through
    acknowledge_conflict(reviewer, change)
    report_actions.approve_report(reviewer, FieldReport.objects.get(pk=change.report.pk))
    hazard.refresh_from_db()
    assert hazard.classification == other and hazard.description == "Marked by the NMAC"
    assert AuditEntry.objects.filter(action="acknowledge_geopackage_conflict", user=reviewer).exists()


def test_one_bad_feature_refuses_the_file_and_names_it(exported: tuple[Path, Any], clerk: User) -> None:
    path, export = exported
    hazard = npa_hazards()[0]
    spot = hazard.geometry.point_on_surface
    ogr_sql(path, f"UPDATE hazard_areas SET name = 'Fine edit' WHERE minefree_id = {hazard.pk}")
    x, y = spot.x, spot.y
    bowtie = f"POLYGON(({x} {y}, {x + 0.01} {y + 0.01}, {x + 0.01} {y}, {x} {y + 0.01}, {x} {y}))"
    with edit(path) as gpkg:
        gpkg.execute(
            "INSERT INTO hazard_areas (geom, name, classification, contamination)"
            " VALUES (?, 'Bow tie', 'SHA', 'ap_mines')",
            (blob(GEOSGeometry(bowtie, srid=4326)),),
        )
        bad_fid = gpkg.execute("SELECT max(fid) FROM hazard_areas").fetchone()[0]
        gpkg.execute(  # a damaged blob: the header is right, the WKB is not
            "INSERT INTO hazard_areas (geom, name) VALUES (?, 'Damaged')", (blob(square(x, y, 0.01))[:20],)
        )
        damaged_fid = gpkg.execute("SELECT max(fid) FROM hazard_areas").fetchone()[0]
        gpkg.execute("UPDATE land_release SET kind = 'reduce' WHERE fid = 1")
    before = FieldReport.objects.count()
    with pytest.raises(ImportRefused) as refused:
        import_geopackage(clerk, path, "npa.gpkg")
    places = {(p.layer, p.fid, p.field) for p in refused.value.problems}
    assert ("hazard_areas", bad_fid, "geom") in places and ("hazard_areas", damaged_fid, "geom") in places
    assert ("land_release", 1, "") in places  # an approved activity cannot be changed
    assert FieldReport.objects.count() == before and not ImportedChange.objects.filter(source__export=export).exists()


def test_another_operator_can_neither_export_nor_import_npa_data(exported: tuple[Path, Any], tmp_path: Path) -> None:
    path, _export = exported
    fsd = User.objects.get(username="fsd.clerk")
    with pytest.raises(PermissionDenied):
        export_geopackage(fsd, Organisation.objects.get(acronym="NPA"), tmp_path / "x.gpkg")
    ogr_sql(path, "UPDATE hazard_areas SET name = 'FSD was here' WHERE fid = 1")
    with pytest.raises(PermissionDenied):
        import_geopackage(fsd, path, "npa.gpkg")
    assert not FieldReport.objects.filter(payload__name="FSD was here").exists()


@pytest.mark.parametrize("username", ["donor.usdos", "coes.officer", "ciihl.viewer"])
def test_donor_disaster_and_authority_viewers_export_nothing_editable(username: str, tmp_path: Path) -> None:
    user = User.objects.get(username=username)
    assert not exporting_organisations(user).exists()
    with pytest.raises(PermissionDenied):
        export_geopackage(user, Organisation.objects.get(acronym="NPA"), tmp_path / "x.gpkg")


def test_a_copy_saved_by_gdal_still_imports_and_only_the_edit_counts(exported: tuple[Path, Any], clerk: User) -> None:
    """QGIS "Save as" and ogr2ogr rewrite every geometry and drop gpkg_metadata; the export table stays."""
    path, _export = exported
    hazard = npa_hazards()[0]
    ogr_sql(path, f"UPDATE hazard_areas SET name = 'Saved as' WHERE minefree_id = {hazard.pk}")
    copy = path.with_name("saved-as.gpkg")
    subprocess.run(["ogr2ogr", "-f", "GPKG", str(copy), str(path)], check=True, capture_output=True)
    result = import_geopackage(clerk, copy, "saved-as.gpkg")
    assert [(c.layer, c.change, c.changed_fields) for c in result.created] == [("hazard_areas", "changed", ["name"])]
