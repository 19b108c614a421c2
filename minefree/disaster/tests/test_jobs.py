"""A large overlay's GeoPackage and PDF are made by a background job; a small one comes at once."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.gdal import DataSource
from django.test import Client
from django.utils import translation
from pypdf import PdfReader
from rest_framework.authtoken.models import Token

from minefree.disaster.jobs import KIND
from minefree.disaster.tests.helpers import AREA, FAR, INSIDE, NEAR, record
from minefree.exports import export as exporting
from minefree.exports.jobs import run_job
from minefree.exports.models import Job
from minefree.hazards.tests.helpers import new_hazard


@pytest.fixture(autouse=True)
def jobs_in_tmp(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path / "data"


@pytest.fixture
def flood(user):  # type: ignore[no-untyped-def]
    im = user("tnmac.im")
    hazards = [new_hazard(im, name=n, geometry=g) for n, g in (("Inside", INSIDE), ("Near", NEAR), ("Far", FAR))]
    return record(user("coes.officer"), AREA, 500, name="Isfara flood"), hazards


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exporting, "ROWS_BEFORE_JOB", 1)  # two hazards lie in or near the flood


def _token_client(username: str) -> Client:
    token, _created = Token.objects.get_or_create(user=User.objects.get(username=username))
    return Client(headers={"Authorization": f"Token {token.key}"})


def _job_from(response) -> Job:  # type: ignore[no-untyped-def]
    assert response.status_code == 302 and response["Location"].startswith("/exports/jobs/"), response
    return Job.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[-1]))


def test_a_large_overlay_geopackage_is_a_job_whose_file_is_its_owners(persona, flood, small_threshold, tmp_path):
    area, (inside, near, _far) = flood
    officer = persona("coes.officer")
    offer = officer.get(f"/disaster/{area.pk}/overlay.gpkg")  # a GET starts nothing: it offers the button
    assert offer.status_code == 200 and "Run the export" in offer.content.decode()
    assert not Job.objects.filter(kind=KIND).exists()
    job = _job_from(officer.post(f"/disaster/{area.pk}/overlay.gpkg"))
    assert job.kind == KIND and job.state == "queued" and job.params["fmt"] == "gpkg"
    job = run_job(job.pk)  # what the background thread does once the request's transaction commits
    assert job.state == "done" and job.progress == 100, job.error
    assert job.result_name == f"overlay-{area.pk}-isfara-flood.gpkg"
    assert job.result_name in officer.get(f"/exports/jobs/{job.pk}/").content.decode()
    response = officer.get(f"/exports/jobs/{job.pk}/download/")
    path = tmp_path / "overlay.gpkg"
    path.write_bytes(b"".join(response.streaming_content))
    layers = {layer.name: layer for layer in DataSource(str(path))}
    assert {f.get("reference") for f in layers["hazard_areas"]} == {inside.reference, near.reference}
    assert set(layers) == {"affected_area", "hazard_areas", "released_land", "search_zone", "layer_styles"}
    assert persona("tnmac.im").get(f"/exports/jobs/{job.pk}/download/").status_code == 404  # the owner's alone
    assert persona("tnmac.im").get(f"/exports/jobs/{job.pk}/").status_code == 404


def test_a_large_overlay_pdf_is_a_job_too(persona, flood, small_threshold):
    area, (inside, _near, far) = flood
    officer = persona("coes.officer")
    job = run_job(_job_from(officer.post(f"/disaster/{area.pk}/overlay.pdf")).pk)
    assert job.state == "done" and job.result_type == "application/pdf", job.error
    response = officer.get(f"/exports/jobs/{job.pk}/download/")
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Hazardous areas: 2 (1 inside)" in text and inside.reference in text and far.reference not in text


def test_the_api_answers_202_with_the_job_for_a_large_overlay(flood, small_threshold):
    area, _hazards = flood
    client = _token_client("coes.officer")
    refused = client.get(f"/api/v1/disaster/{area.pk}/geopackage/")
    assert refused.status_code == 400 and "POST the same request" in refused.content.decode()
    started = client.post(f"/api/v1/disaster/{area.pk}/pdf/")
    assert started.status_code == 202 and started["Location"] == f"/api/v1/jobs/{started.json()['id']}/"
    pk = started.json()["id"]
    run_job(pk)
    status = client.get(f"/api/v1/jobs/{pk}/").json()
    assert status["state"] == "done" and status["download"] == f"/api/v1/jobs/{pk}/download/"
    assert client.get(status["download"]).status_code == 200
    assert _token_client("tnmac.im").get(status["download"]).status_code == 404


def test_a_job_reads_as_its_owner_when_it_runs(persona, flood, small_threshold, user):
    area, _hazards = flood
    job = _job_from(persona("coes.officer").post(f"/disaster/{area.pk}/overlay.gpkg"))
    area.delete()  # gone between the click and the run: the job fails, it never writes someone's data
    job = run_job(job.pk)
    assert job.state == "failed" and "gone" in job.error


def test_a_small_overlay_still_downloads_at_once(persona, flood):
    area, _hazards = flood
    response = persona("coes.officer").get(f"/disaster/{area.pk}/overlay.gpkg")
    assert response.status_code == 200 and response["Content-Type"] == "application/geopackage+sqlite3"
    assert persona("coes.officer").get(f"/disaster/{area.pk}/overlay.pdf")["Content-Type"] == "application/pdf"
    assert _token_client("coes.officer").get(f"/api/v1/disaster/{area.pk}/geopackage/").status_code == 200
    assert not Job.objects.filter(kind=KIND).exists()


@pytest.fixture
def english_afterwards():  # type: ignore[no-untyped-def]
    yield
    translation.activate("en")  # a request in Russian leaves the test thread in Russian


def test_the_job_writes_in_the_language_of_the_page_it_was_started_from(
    persona, flood, small_threshold, english_afterwards
):
    area, (inside, _near, _far) = flood
    officer = persona("coes.officer")
    officer.post("/i18n/setlang/", {"language": "ru", "next": "/disaster/"})
    job = _job_from(officer.post(f"/disaster/{area.pk}/overlay.pdf"))
    translation.activate("en")  # the runner's thread has no request: the job brings the language
    job = run_job(job.pk)
    reader = PdfReader(io.BytesIO(b"".join(officer.get(f"/exports/jobs/{job.pk}/download/").streaming_content)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "внутри" in text and inside.reference in text
