"""The GeoPackage page and API as an operator and a reviewer use them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.gdal import DataSource
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from minefree.fieldwork.models import FieldReport
from minefree.geopackage.models import GeoPackageExport, ImportedChange
from minefree.geopackage.tests.gpkg_edits import changed_by_the_nmac, ogr_sql
from minefree.hazards.models import REMAINING, HazardArea

pytestmark = pytest.mark.django_db


def download(client: Any, tmp_path: Path, data: dict[str, str] | None = None) -> Path:
    response = client.post("/geopackage/export/", data or {})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Disposition"].startswith('attachment; filename="minefree-NPA-GPKG-')
    path = tmp_path / "download.gpkg"
    path.write_bytes(b"".join(response.streaming_content))
    return path


def upload(client: Any, path: Path, url: str = "/geopackage/import/") -> Any:
    return client.post(url, {"file": SimpleUploadedFile("edited.gpkg", path.read_bytes())})


def npa_hazard() -> HazardArea:
    found = HazardArea.objects.filter(operator__acronym="NPA", status__in=REMAINING).order_by("reference").first()
    assert found is not None
    return found


def test_the_clerk_downloads_edits_and_uploads_from_the_page(persona: Any, tmp_path: Path) -> None:
    clerk = persona("npa.clerk")
    assert 'href="/geopackage/"' in clerk.get("/field-reports/").content.decode()
    page = clerk.get("/geopackage/").content.decode()
    count = HazardArea.objects.filter(operator__acronym="NPA", status__in=REMAINING).count()
    assert f"NPA: {count} remaining hazardous areas" in page
    path = download(clerk, tmp_path)
    assert len(DataSource(str(path))["hazard_areas"]) == count
    hazard = npa_hazard()
    ogr_sql(path, f"UPDATE hazard_areas SET description = 'Seen from the road' WHERE minefree_id = {hazard.pk}")
    response = upload(clerk, path)
    assert response.status_code == 302
    result = clerk.get(response["Location"]).content.decode()
    change = ImportedChange.objects.get(report__payload__description="Seen from the road")
    assert change.report.reference in result and "description" in result
    report_page = clerk.get(f"/field-reports/{change.report.pk}/").content.decode()
    assert "Seen from the road" in report_page
    again = upload(clerk, path)  # the same file twice
    assert again.status_code == 200 and "Nothing new" in again.content.decode()
    assert FieldReport.objects.filter(payload__description="Seen from the road").count() == 1
    assert GeoPackageExport.objects.filter(organisation__acronym="NPA").count() == 1  # "Exports" lists it
    assert str(GeoPackageExport.objects.get()) in clerk.get("/geopackage/").content.decode()


def test_a_bad_file_is_refused_on_the_page_naming_layer_feature_and_field(persona: Any, tmp_path: Path) -> None:
    clerk = persona("npa.clerk")
    path = download(clerk, tmp_path)
    ogr_sql(path, "UPDATE hazard_areas SET status = 'gone', name = 'x' WHERE fid = 2")
    before = FieldReport.objects.count()
    page = upload(clerk, path).content.decode()
    assert "nothing was written" in page and "hazard_areas feature 2, status: Choose one of" in page
    assert FieldReport.objects.count() == before
    (tmp_path / "junk.gpkg").write_bytes(b"no sqlite here" * 50)
    assert "not a GeoPackage" in upload(clerk, tmp_path / "junk.gpkg").content.decode()


def test_the_reviewer_sees_the_conflict_acknowledges_it_then_approves(persona: Any, tmp_path: Path) -> None:
    clerk, reviewer = persona("npa.clerk"), persona("tnmac.im")
    path = download(clerk, tmp_path)
    hazard = npa_hazard()
    changed_by_the_nmac(hazard, dt.date(2026, 11, 26), name="Renamed at the NMAC")
    ogr_sql(path, f"UPDATE hazard_areas SET name = 'Renamed in the field' WHERE minefree_id = {hazard.pk}")
    location = upload(clerk, path)["Location"]
    change = ImportedChange.objects.get(report__payload__name="Renamed in the field")
    report = change.report
    page = reviewer.get(location).content.decode()
    assert "changed on the server since the export" in page and "conflict-map" in page
    assert f"I have compared version {hazard.version} (field) with version {hazard.version + 1} (server)" in page
    assert "acknowledge the conflict" not in clerk.get(location).content.decode()  # the team only sees it
    report_page = reviewer.get(f"/field-reports/{report.pk}/").content.decode()
    # The report page: the area's version now, struck through, then the version the team edited (issue 13: old → new).
    version_row = report_page.split('<tr class="changed"><td>Version', 1)[1].split("</tr>", 1)[0]
    assert f"<del>{hazard.version + 1}</del> →" in version_row and f"<ins>{hazard.version}</ins>" in version_row
    reviewer.post(f"/field-reports/{report.pk}/approve/", {"version": report.version})
    refused = reviewer.get(f"/field-reports/{report.pk}/").content.decode()
    assert "changed on the server since GeoPackage export" in refused
    report.refresh_from_db()
    assert report.state == "submitted"
    reviewer.post(f"/geopackage/changes/{change.pk}/acknowledge/")
    assert "acknowledged by tnmac.im" in reviewer.get(location).content.decode()
    reviewer.post(f"/field-reports/{report.pk}/approve/", {"version": report.version})
    report.refresh_from_db()
    hazard.refresh_from_db()
    assert report.state == "approved" and hazard.name == "Renamed in the field"


@pytest.mark.parametrize("username", ["donor.usdos", "coes.officer", "ciihl.viewer"])
def test_roles_without_field_reports_get_no_export(persona: Any, username: str) -> None:
    client = persona(username)
    assert 'href="/geopackage/"' not in client.get("/field-reports/").content.decode()  # not offered in the top bar
    assert client.get("/geopackage/").status_code == 403
    assert client.post("/geopackage/export/").status_code == 403
    assert client.post("/geopackage/export/", {"organisation": "NPA"}).status_code == 403


def test_another_operator_cannot_take_or_bring_back_npa_data(persona: Any, tmp_path: Path) -> None:
    path = download(persona("npa.clerk"), tmp_path)
    fsd = persona("fsd.clerk")
    assert fsd.post("/geopackage/export/", {"organisation": "NPA"}).status_code == 403
    own = fsd.post("/geopackage/export/")  # FSD's own export holds none of NPA's areas
    fsd_file = tmp_path / "fsd.gpkg"
    fsd_file.write_bytes(b"".join(own.streaming_content))
    assert {f.get("reference") for f in DataSource(str(fsd_file))["hazard_areas"]}.isdisjoint(
        HazardArea.objects.filter(operator__acronym="NPA").values_list("reference", flat=True)
    )
    ogr_sql(path, "UPDATE hazard_areas SET name = 'FSD edit' WHERE fid = 1")
    assert upload(fsd, path).status_code == 403
    assert not FieldReport.objects.filter(payload__name="FSD edit").exists()


def api_client(username: str) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=User.objects.get(username=username))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_api_round_trip(tmp_path: Path) -> None:
    client = api_client("npa.manager")
    response = client.post("/api/v1/geopackage/export/", {"organisation": "NPA"}, format="json")
    assert response.status_code == 200 and response["Content-Type"] == "application/geopackage+sqlite3"
    path = tmp_path / "api.gpkg"
    path.write_bytes(b"".join(response.streaming_content))
    hazard = npa_hazard()
    ogr_sql(
        path, f"UPDATE hazard_areas SET mechanical_suitable = 1 - mechanical_suitable WHERE minefree_id = {hazard.pk}"
    )
    made = client.post("/api/v1/geopackage/import/", {"file": path.open("rb")}, format="multipart")
    assert made.status_code == 201, made.content
    body = made.json()
    assert [(c["layer"], c["change"], c["kind"], c["changed_fields"]) for c in body["changes"]] == [
        ("hazard_areas", "changed", "hazard", ["mechanical_suitable"])
    ]
    assert body["changes"][0]["exported_version"] == hazard.version and body["changes"][0]["conflict"] is False
    detail = client.get(f"/api/v1/geopackage/imports/{body['import']}/")
    assert detail.status_code == 200 and detail.json()["changes"] == body["changes"]
    assert api_client("fsd.clerk").get(f"/api/v1/geopackage/imports/{body['import']}/").status_code == 404
    again = client.post("/api/v1/geopackage/import/", {"file": path.open("rb")}, format="multipart")
    assert again.status_code == 200 and again.json()["already_received"] == [body["changes"][0]["report"]]
    ogr_sql(path, "UPDATE hazard_areas SET contamination = 'lava' WHERE fid = 1")
    bad = client.post("/api/v1/geopackage/import/", {"file": path.open("rb")}, format="multipart")
    assert bad.status_code == 400
    assert {"layer": "hazard_areas", "fid": 1, "field": "contamination"}.items() <= bad.json()["errors"][0].items()
    assert api_client("donor.usdos").post("/api/v1/geopackage/export/", {}, format="json").status_code == 403


def test_the_api_reviewer_acknowledges_a_conflict_before_approving(tmp_path: Path) -> None:
    clerk, reviewer = api_client("npa.clerk"), api_client("tnmac.im")
    path = tmp_path / "api.gpkg"
    path.write_bytes(b"".join(clerk.post("/api/v1/geopackage/export/", {}, format="json").streaming_content))
    hazard = npa_hazard()
    changed_by_the_nmac(hazard, dt.date(2026, 11, 27), description="Fenced")
    ogr_sql(path, f"UPDATE hazard_areas SET name = 'Field name' WHERE minefree_id = {hazard.pk}")
    (change,) = clerk.post("/api/v1/geopackage/import/", {"file": path.open("rb")}, format="multipart").json()[
        "changes"
    ]
    assert change["conflict"] is True and change["server_version"] == change["exported_version"] + 1
    approve = f"/api/v1/field-reports/{change['report_id']}/approve/"
    refused = reviewer.post(approve, {}, format="json")
    assert refused.status_code in (400, 409) and "conflict" in refused.json()["errors"]
    pk = ImportedChange.objects.get(report_id=change["report_id"]).pk
    assert clerk.post(f"/api/v1/geopackage/changes/{pk}/acknowledge/").status_code == 403
    acknowledged = reviewer.post(f"/api/v1/geopackage/changes/{pk}/acknowledge/")
    assert acknowledged.status_code == 200 and acknowledged.json()["acknowledged_version"] == change["server_version"]
    assert reviewer.post(approve, {}, format="json").status_code == 200
    hazard.refresh_from_db()
    assert (hazard.name, hazard.description) == ("Field name", "Fenced")


def test_anonymous_visitors_are_sent_to_log_in(client: Any) -> None:
    page = client.get("/geopackage/")
    assert page.status_code == 302 and page["Location"].startswith("/login/")
    assert client.post("/geopackage/export/").status_code == 302
    assert client.post("/api/v1/geopackage/export/").status_code in (401, 403)
    assert client.post("/api/v1/geopackage/import/").status_code in (401, 403)


def test_a_large_export_runs_as_a_background_job(persona: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from minefree.exports.jobs import run_job
    from minefree.geopackage import geopackage_export

    monkeypatch.setattr(geopackage_export, "LARGE_EXPORT_ROWS", 10)  # the demo's NPA export is above it
    clerk = persona("npa.clerk")
    started = clerk.post("/geopackage/export/")
    assert started.status_code == 302 and started["Location"].startswith("/exports/jobs/")
    pk = int(started["Location"].rstrip("/").rsplit("/", 1)[-1])
    job = run_job(pk)  # what the background thread does once the request's transaction commits
    assert job.state == "done" and job.progress == 100, job.error
    download = clerk.get(f"/exports/jobs/{pk}/download/")
    path = tmp_path / "job.gpkg"
    path.write_bytes(b"".join(download.streaming_content))
    count = HazardArea.objects.filter(operator__acronym="NPA", status__in=REMAINING).count()
    assert len(DataSource(str(path))["hazard_areas"]) == count
    export = GeoPackageExport.objects.get(exported_by__username="npa.clerk")
    assert export.hazard_count == count and job.result_name == f"minefree-NPA-{export}.gpkg"
    assert persona("fsd.clerk").get(f"/exports/jobs/{pk}/download/").status_code == 404  # the owner's alone
    api = api_client("npa.clerk").post("/api/v1/geopackage/export/", {}, format="json")
    assert api.status_code == 202 and api.json()["status"] == f"/api/v1/jobs/{api.json()['job']}/"
