"""Exports for scripts with a token: the same files, and large ones as a job to poll and fetch."""

from __future__ import annotations

from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from minefree.exports import export as exporting
from minefree.exports.jobs import run_job
from minefree.exports.models import Job
from minefree.exports.tests.helpers import api_ids, read_csv, read_geojson


@pytest.fixture(autouse=True)
def jobs_in_tmp(settings, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_a_script_exports_with_its_token_and_the_api_filters(user):
    client = token_client(user("tnmac.im"))
    response = client.get("/api/v1/exports/land-release/?fmt=geojson&kind=reduce")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    features = read_geojson(b"".join(response.streaming_content))["features"]
    assert sorted(f["id"] for f in features) == sorted(api_ids(client, "/api/v1/land-release/?kind=reduce"))
    assert client.get("/api/v1/exports/land-release/?fmt=xml").status_code == 400
    assert client.get("/api/v1/exports/victims/?fmt=csv").status_code == 404
    assert APIClient().get("/api/v1/exports/hazards/?fmt=csv").status_code in (401, 403)


def test_a_large_api_export_is_a_job_to_poll_and_fetch_by_its_owner_only(user, monkeypatch):
    monkeypatch.setattr(exporting, "ROWS_BEFORE_JOB", 10)
    client = token_client(user("npa.clerk"))
    assert client.get("/api/v1/exports/hazards/?fmt=csv&status=open").status_code == 400  # GET starts nothing
    response = client.post("/api/v1/exports/hazards/?status=open", {"fmt": "csv", "bom": "0"}, format="json")
    assert response.status_code == 202
    job = Job.objects.get(user__username="npa.clerk")
    assert response["Location"] == f"/api/v1/jobs/{job.pk}/" and response.json()["state"] == "queued"
    run_job(job.pk)
    status = client.get(f"/api/v1/jobs/{job.pk}/").json()
    assert status["state"] == "done" and status["download"] == f"/api/v1/jobs/{job.pk}/download/"
    data = b"".join(client.get(status["download"]).streaming_content)
    assert not data.startswith("\ufeff".encode())
    assert len(read_csv(data)) == len(api_ids(client, "/api/v1/hazards/?status=open&page_size=500"))
    stranger = token_client(user("fsd.clerk"))
    assert stranger.get(f"/api/v1/jobs/{job.pk}/").status_code == 404
    assert stranger.get(f"/api/v1/jobs/{job.pk}/download/").status_code == 404
