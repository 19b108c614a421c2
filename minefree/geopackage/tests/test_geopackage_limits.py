"""A GeoPackage import is bounded: size and feature limits, one import per user, no file left behind,
and progress that follows the work."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from minefree.exports import export as exporting
from minefree.exports import job_kinds, jobs, runner
from minefree.exports.jobs import recover_stale_jobs, run_job, start_job, sweep_uploads
from minefree.exports.models import Job
from minefree.fieldwork.models import FieldReport
from minefree.geopackage.geopackage_import import feature_count
from minefree.geopackage.geopackage_jobs import IMPORT_KIND, uploads_dir
from minefree.geopackage.tests.gpkg_edits import ogr_sql
from minefree.geopackage.tests.test_geopackage_pages import api_client, download, npa_hazard

pytestmark = pytest.mark.django_db

LIMIT = 100_000  # bytes, for the size tests


@pytest.fixture(autouse=True)
def jobs_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"


@pytest.fixture
def edited(persona: Any, tmp_path: Path) -> Path:
    path = download(persona("npa.clerk"), tmp_path)
    ogr_sql(path, f"UPDATE hazard_areas SET description = 'Seen from the pass' WHERE minefree_id = {npa_hazard().pk}")
    return path


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exporting, "ROWS_BEFORE_JOB", 3)  # the demo's NPA file holds more features


def send(persona: Any, via: str, name: str, content: bytes) -> tuple[int, str]:
    """Upload through the page (as npa.clerk) or the API; the status and the text of the answer."""
    if via == "page":
        response = persona("npa.clerk").post("/geopackage/import/", {"file": SimpleUploadedFile(name, content)})
        return response.status_code, response.content.decode()
    answer = api_client("npa.clerk").post(
        "/api/v1/geopackage/import/", {"file": SimpleUploadedFile(name, content)}, format="multipart"
    )
    return answer.status_code, answer.content.decode()


def nothing_kept() -> bool:
    left = [p for p in uploads_dir().rglob("*") if p.is_file()] if uploads_dir().exists() else []
    return left == [] and not Job.objects.filter(kind=IMPORT_KIND).exists()


@pytest.mark.parametrize("via", ["page", "api"])
@pytest.mark.parametrize(
    ("size", "why"),
    [(LIMIT * 3, "declared length over the limit"), (LIMIT + 1, "bytes past the limit as they stream in")],
)
def test_a_file_over_the_size_limit_is_refused_413_before_it_is_read(
    persona: Any, settings: Any, via: str, size: int, why: str
) -> None:
    settings.MINEFREE_GPKG_MAX_BYTES = LIMIT
    status, text = send(persona, via, "big.gpkg", b"x" * size)
    assert status == 413, (why, status, text[:300])
    assert "the most a GeoPackage import may be" in text
    assert nothing_kept()
    # Just under the limit the file is read, and refused for what it is.
    status, text = send(persona, via, "small.gpkg", b"x" * (LIMIT - 1000))
    assert status in (200, 400) and "not a GeoPackage" in text, (status, text[:300])


@pytest.mark.parametrize("via", ["page", "api"])
def test_a_file_with_too_many_features_is_refused_before_it_is_checked(
    persona: Any, settings: Any, edited: Path, via: str
) -> None:
    settings.MINEFREE_GPKG_MAX_FEATURES = 3
    count = feature_count(edited)
    reports = FieldReport.objects.count()
    status, text = send(persona, via, "edited.gpkg", edited.read_bytes())
    assert status == 413, (status, text[:300])
    assert f"The file holds {count} features; a GeoPackage import may hold at most 3" in text
    assert FieldReport.objects.count() == reports and nothing_kept()


def test_a_second_import_while_the_first_runs_is_refused_409(persona: Any, edited: Path, small_threshold: None) -> None:
    clerk = persona("npa.clerk")
    first = clerk.post("/geopackage/import/", {"file": SimpleUploadedFile("edited.gpkg", edited.read_bytes())})
    pk = int(first["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert Job.objects.get(pk=pk).state == "queued"
    for via in ("page", "api"):
        status, text = send(persona, via, "edited.gpkg", edited.read_bytes())
        assert status == 409 and f"Your import {pk} is still running" in text, (via, status, text[:300])
    assert Job.objects.filter(kind=IMPORT_KIND).count() == 1 and len(list(uploads_dir().glob("*.gpkg"))) == 1
    assert run_job(pk).state == "done"
    status, _text = send(persona, "api", "edited.gpkg", edited.read_bytes())
    assert status == 202  # once it ended the clerk sends the next file


def test_one_user_never_holds_every_worker(user: Any) -> None:
    """A worker that takes a user's second job while the first runs puts it back; another user's job runs."""
    clerk, other = user("npa.clerk"), user("tnmac.im")
    Job.objects.create(user=clerk, kind="export", state="running", worker=runner.identity())
    second = start_job(clerk, "export", {"list": "funding", "fmt": "csv", "filters": ""})
    first_task = second.task_id
    assert run_job(second.pk).state == "queued"
    second.refresh_from_db()
    assert second.task_id != first_task  # back on the queue, to be tried again in a few seconds
    assert DBTaskResult.objects.get(id=second.task_id).run_after > timezone.now()
    assert run_job(start_job(other, "export", {"list": "funding", "fmt": "csv", "filters": ""}).pk).state == "done"


def test_interrupted_and_abandoned_uploads_are_removed(user: Any) -> None:
    clerk = user("npa.clerk")
    folder = uploads_dir()
    (folder / "tmp").mkdir(parents=True)
    files = {name: folder / name for name in ("running.gpkg", "queued.gpkg", "abandoned.gpkg", "tmp/cut.upload")}
    for path in files.values():
        path.write_bytes(b"data")
    running = Job.objects.create(user=clerk, kind=IMPORT_KIND, state="running", params={"upload": "running.gpkg"})
    Job.objects.create(user=clerk, kind=IMPORT_KIND, params={"upload": "queued.gpkg"})
    recover_stale_jobs()  # at server start; `running` has no worker: the thread runner before the queue ran it
    running.refresh_from_db()
    assert running.state == "failed" and "start the job again" in running.error
    # Another web process may be receiving an upload right now: only hours-old files go.
    assert [name for name, path in files.items() if not path.exists()] == ["running.gpkg"]
    old = time.time() - dt.timedelta(hours=jobs.UPLOAD_MAX_AGE_HOURS + 1).total_seconds()
    for path in (files["abandoned.gpkg"], files["tmp/cut.upload"]):
        os.utime(path, (old, old))
    assert sweep_uploads() == 2
    assert [name for name, path in files.items() if path.exists()] == ["queued.gpkg"]  # the queued job reads it

    # While serving: a file no live job names goes once it is hours old, not while a request may use it.
    stray = folder / "stray.gpkg"
    stray.write_bytes(b"data")
    assert sweep_uploads() == 0 and stray.exists()
    old = time.time() - dt.timedelta(hours=jobs.UPLOAD_MAX_AGE_HOURS + 1).total_seconds()
    os.utime(stray, (old, old))
    os.utime(files["queued.gpkg"], (old, old))
    assert sweep_uploads() == 1 and not stray.exists() and files["queued.gpkg"].exists()


def test_a_failed_job_removes_its_upload_whatever_failed(user: Any) -> None:
    folder = uploads_dir()
    folder.mkdir(parents=True)
    (folder / "x.gpkg").write_bytes(b"data")
    job = Job.objects.create(user=user("npa.clerk"), kind="no-such-kind", params={"upload": "x.gpkg"})
    assert run_job(job.pk).state == "failed"
    assert not (folder / "x.gpkg").exists()


def test_progress_follows_the_features_checked_then_the_reports_written(
    persona: Any, edited: Path, small_threshold: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    ogr_sql(edited, "UPDATE hazard_areas SET description = 'Walked again' WHERE fid <= 4")
    clerk = persona("npa.clerk")
    started = clerk.post("/geopackage/import/", {"file": SimpleUploadedFile("edited.gpkg", edited.read_bytes())})
    pk = int(started["Location"].rstrip("/").rsplit("/", 1)[-1])
    monkeypatch.setattr(job_kinds, "PROGRESS_EVERY_SECONDS", 0)
    seen: list[tuple[int, str]] = []
    shown: list[dict[str, Any]] = []
    original = jobs.Progress.__call__

    def watched(self: jobs.Progress, percent: int, message: str = "") -> None:
        original(self, percent, message)
        seen.append((percent, message))
        if 1 < percent < 50 and not shown:  # what the job page and the API show mid-check
            shown.append(api_client("npa.clerk").get(f"/api/v1/geopackage/import-jobs/{pk}/").json())
            shown.append({"page": clerk.get(f"/geopackage/import-jobs/{pk}/").content.decode()})

    monkeypatch.setattr(jobs.Progress, "__call__", watched)
    assert run_job(pk).state == "done"
    checking = [p for p, m in seen if m.startswith("Checking features")]
    writing = [p for p, m in seen if m.startswith("Writing the field reports")]
    # Before: 1 % for the whole check, then the write alone moved the bar.
    assert len(set(checking)) > 3 and max(checking) == 50
    assert len(set(writing)) > 2 and min(writing) >= 50 and max(writing) == 99
    percents = [p for p, _m in seen]
    assert percents == sorted(percents) and Job.objects.get(pk=pk).progress == 100
    api, page = shown
    assert api["state"] == "running" and 1 < api["progress"] < 50 and "Checking features" in api["message"]
    assert f'value="{api["progress"]}"' in page["page"] and "Checking features" in page["page"]


def test_the_upload_page_still_checks_the_csrf_token(persona: Any, edited: Path) -> None:
    """The limits run before the CSRF check (which reads the body); the check itself still runs."""
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="npa.clerk"))  # axes wants a request to log in with a password
    reports = FieldReport.objects.count()
    response = client.post("/geopackage/import/", {"file": SimpleUploadedFile("edited.gpkg", edited.read_bytes())})
    assert response.status_code == 403 and FieldReport.objects.count() == reports and nothing_kept()
