"""A large edited GeoPackage is checked and imported as a background job; a small one in the request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from minefree.exports import export as exporting
from minefree.exports.jobs import run_job
from minefree.exports.models import Job
from minefree.fieldwork.models import FieldReport
from minefree.geopackage.geopackage_import import feature_count
from minefree.geopackage.geopackage_jobs import IMPORT_KIND, uploads_dir
from minefree.geopackage.models import GeoPackageImport, ImportedChange
from minefree.geopackage.tests.gpkg_edits import ogr_sql
from minefree.geopackage.tests.test_geopackage_pages import api_client, download, npa_hazard, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def jobs_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"


@pytest.fixture
def edited(persona: Any, tmp_path: Path) -> Path:
    path = download(persona("npa.clerk"), tmp_path)  # downloads stay direct: their own threshold
    ogr_sql(path, f"UPDATE hazard_areas SET description = 'Seen from the pass' WHERE minefree_id = {npa_hazard().pk}")
    return path


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exporting, "ROWS_BEFORE_JOB", 3)  # the demo's NPA file holds more features


def job_pk(response: Any) -> int:
    assert response.status_code == 302 and response["Location"].startswith("/geopackage/import-jobs/"), response
    return int(response["Location"].rstrip("/").rsplit("/", 1)[-1])


def test_features_are_counted_from_the_two_layers(edited: Path, tmp_path: Path) -> None:
    counted = ogr_rows(edited, "hazard_areas") + ogr_rows(edited, "land_release")
    assert feature_count(edited) == counted > 3
    (tmp_path / "junk.gpkg").write_bytes(b"not sqlite" * 10)
    assert feature_count(tmp_path / "junk.gpkg") == 0  # the import itself names what is wrong


def ogr_rows(path: Path, layer: str) -> int:
    from django.contrib.gis.gdal import DataSource

    return len(DataSource(str(path))[layer])


def test_a_large_import_runs_as_a_job_and_ends_on_the_same_result_page(
    persona: Any, edited: Path, small_threshold: None
) -> None:
    clerk = persona("npa.clerk")
    pk = job_pk(upload(clerk, edited))
    job = Job.objects.get(pk=pk)
    assert job.kind == IMPORT_KIND and job.state == "queued" and job.params["features"] == feature_count(edited)
    stored = uploads_dir() / job.params["upload"]
    assert stored.is_file() and stored.read_bytes() == edited.read_bytes()  # kept outside every served folder
    assert not FieldReport.objects.filter(payload__description="Seen from the pass").exists()  # nothing yet
    waiting = clerk.get(f"/geopackage/import-jobs/{pk}/").content.decode()
    assert 'id="job"' in waiting and "Queued" in waiting and "edited.gpkg" in waiting

    job = run_job(pk)  # what the background thread does once the request's transaction commits
    assert job.state == "done" and job.progress == 100, job.error
    assert not stored.exists()  # the upload is removed once read
    done = clerk.get(f"/geopackage/import-jobs/{pk}/")
    change = ImportedChange.objects.get(report__payload__description="Seen from the pass")
    assert done.status_code == 302 and done["Location"] == f"/geopackage/imports/{change.source_id}/"
    result = clerk.get(done["Location"]).content.decode()
    assert change.report.reference in result and "description" in result
    assert change.report.state == "submitted"

    other = persona("fsd.clerk")
    assert other.get(f"/geopackage/import-jobs/{pk}/").status_code == 404  # the owner's alone
    assert other.get(f"/exports/jobs/{pk}/status.json").status_code == 404
    assert api_client("fsd.clerk").get(f"/api/v1/geopackage/import-jobs/{pk}/").status_code == 404

    again = job_pk(upload(clerk, edited))  # the same file again: nothing new, as in the request
    assert run_job(again).state == "done"
    page = clerk.get(f"/geopackage/import-jobs/{again}/").content.decode()
    assert "Nothing new" in page and change.report.reference in page
    assert FieldReport.objects.filter(payload__description="Seen from the pass").count() == 1


def test_a_failing_import_job_records_each_problem_and_writes_nothing(
    persona: Any, edited: Path, small_threshold: None
) -> None:
    ogr_sql(edited, "UPDATE hazard_areas SET status = 'gone', name = 'x' WHERE fid = 2")
    clerk = persona("npa.clerk")
    reports, imports = FieldReport.objects.count(), GeoPackageImport.objects.count()
    pk = job_pk(upload(clerk, edited))
    job = run_job(pk)
    assert job.state == "failed" and "hazard_areas feature 2, status: Choose one of" in job.error
    problems = job.params["problems"]
    assert {"layer": "hazard_areas", "fid": 2, "field": "status"}.items() <= problems[0].items()
    # The valid edit in the same file was not written either: all or nothing.
    assert FieldReport.objects.count() == reports and GeoPackageImport.objects.count() == imports
    assert not (uploads_dir() / job.params["upload"]).exists()
    page = clerk.get(f"/geopackage/import-jobs/{pk}/").content.decode()
    assert "nothing was written" in page and "hazard_areas feature 2, status: Choose one of" in page
    api = api_client("npa.clerk").get(f"/api/v1/geopackage/import-jobs/{pk}/").json()
    assert api["state"] == "failed" and api["errors"][0]["fid"] == 2 and api["errors"][0]["field"] == "status"


def test_the_api_answers_202_with_the_job_then_the_same_result(edited: Path, small_threshold: None) -> None:
    client = api_client("npa.clerk")
    with edited.open("rb") as handle:
        started = client.post("/api/v1/geopackage/import/", {"file": handle}, format="multipart")
    assert started.status_code == 202, started.content[:300]
    pk = started.json()["job"]
    assert started.json()["status"] == f"/api/v1/jobs/{pk}/"
    assert started.json()["import_job"] == f"/api/v1/geopackage/import-jobs/{pk}/"
    assert client.get(f"/api/v1/geopackage/import-jobs/{pk}/").json()["state"] == "queued"
    run_job(pk)
    body = client.get(f"/api/v1/geopackage/import-jobs/{pk}/").json()
    change = ImportedChange.objects.get(report__payload__description="Seen from the pass")
    assert body["state"] == "done" and body["result"]["import"] == change.source_id
    assert [c["report"] for c in body["result"]["changes"]] == [change.report.reference]


def test_a_small_file_is_still_imported_in_the_request(persona: Any, edited: Path) -> None:
    assert feature_count(edited) <= exporting.ROWS_BEFORE_JOB
    response = upload(persona("npa.clerk"), edited)
    change = ImportedChange.objects.get(report__payload__description="Seen from the pass")
    assert response.status_code == 302 and response["Location"] == f"/geopackage/imports/{change.source_id}/"
    assert not Job.objects.filter(kind=IMPORT_KIND).exists()
    assert list(uploads_dir().glob("*")) == []  # the upload was stored, imported, then removed
