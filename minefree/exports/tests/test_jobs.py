"""Large exports run as jobs: progress, a download link for the owner only, errors recorded."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from minefree.exports import export as exporting
from minefree.exports import job_kinds, jobs, runner
from minefree.exports.jobs import Result, job_kind, recover_stale_jobs, run_job, start_job
from minefree.exports.models import Job, WorkerLease
from minefree.exports.tests.helpers import list_ids, read_csv, read_gdal

FILTER = "status=open&classification=SHA"


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exporting, "ROWS_BEFORE_JOB", 10)


@pytest.fixture(autouse=True)
def jobs_in_tmp(settings, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path


def test_a_large_export_becomes_a_job_that_runs_to_a_download(persona, small_threshold, monkeypatch):
    client = persona("tnmac.im")
    ids = list_ids(client, "/hazards/list/", "/hazards/", FILTER)
    assert len(ids) > 10
    response = client.post(f"/exports/hazards/?{FILTER}&after=TJK-HA-000100", {"fmt": "csv", "hxl": "1"})
    job = Job.objects.get(user__username="tnmac.im")
    assert response.status_code == 302 and response["Location"] == f"/exports/jobs/{job.pk}/"
    assert job.state == "queued" and job.params["filters"] == FILTER  # paging is not a filter
    page = client.get(f"/exports/jobs/{job.pk}/").content.decode()
    assert "Queued" in page and "job-download" not in page

    seen: list[tuple[int, int]] = []
    original = jobs.Progress.rows
    monkeypatch.setattr(job_kinds, "PROGRESS_EVERY_SECONDS", 0)
    monkeypatch.setattr("minefree.exports.exportable.PROGRESS_EVERY_ROWS", 5)
    monkeypatch.setattr(jobs.Progress, "rows", lambda self, d, t, m: (seen.append((d, t)), original(self, d, t, m)))
    done = run_job(job.pk)
    assert done.state == "done" and done.progress == 100 and done.finished_at is not None
    assert seen[0] == (5, len(ids)) and seen[-1] == (len(ids), len(ids)) and len(seen) > 2

    status = client.get(f"/exports/jobs/{job.pk}/status.json").json()
    assert status["state"] == "done" and status["download"] == f"/exports/jobs/{job.pk}/download/"
    assert 'id="job-download"' in client.get(f"/exports/jobs/{job.pk}/").content.decode()
    download = client.get(status["download"])
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    data = b"".join(download.streaming_content)
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("#meta+id")  # the hxl choice travelled with the job
    assert [int(r["id"]) for r in read_csv("\n".join([lines[0], *lines[2:]]).encode())] == ids
    assert f'href="/exports/jobs/{job.pk}/"' in client.get("/exports/jobs/").content.decode()


def test_only_the_owner_sees_or_downloads_a_job(persona, small_threshold):
    owner = persona("tnmac.im")
    owner.post(f"/exports/hazards/?{FILTER}", {"fmt": "gpkg"})
    job = run_job(Job.objects.get(user__username="tnmac.im").pk)
    assert job.state == "done"
    assert owner.get(f"/exports/jobs/{job.pk}/download/").status_code == 200
    other = persona("tnmac.admin")  # even the administrator
    for url in (f"/exports/jobs/{job.pk}/", f"/exports/jobs/{job.pk}/status.json", f"/exports/jobs/{job.pk}/download/"):
        assert other.get(url).status_code == 404, url
    assert f'href="/exports/jobs/{job.pk}/"' not in other.get("/exports/jobs/").content.decode()


def test_a_job_file_is_stored_outside_the_served_folders_and_opens_in_gdal(persona, small_threshold, settings):
    client = persona("donor.usdos")
    client.post(f"/exports/hazards/?{FILTER}", {"fmt": "gpkg"})
    job = run_job(Job.objects.get(user__username="donor.usdos").pk)
    path = jobs.result_file(job)
    assert path is not None and Path(settings.DATA_DIR) / "jobs" in path.parents
    assert Path(settings.STATIC_ROOT) not in path.parents and Path(settings.MEDIA_ROOT) not in path.parents
    assert [r["id"] for r in read_gdal(path)[1]] == list_ids(client, "/hazards/list/", "/hazards/", FILTER)


def test_a_get_of_a_large_export_offers_the_job_and_starts_nothing(persona, small_threshold):
    response = persona("tnmac.im").get(f"/exports/hazards/?fmt=xlsx&{FILTER}")
    assert response.status_code == 200 and b"runs as a job" in response.content
    assert b'method="post"' in response.content and not Job.objects.exists()


def test_a_failing_job_records_its_error(user):
    job = start_job(user("tnmac.im"), "export", {"list": "no-such-list", "fmt": "csv", "filters": ""})
    failed = run_job(job.pk)
    assert failed.state == "failed" and "no-such-list" in failed.error and failed.finished_at is not None
    assert jobs.result_file(failed) is None

    @job_kind("test-boom")
    def boom(job: Job, progress: jobs.Progress, workdir: Path) -> Result:
        progress(40, "half way")
        assert Job.objects.get(pk=job.pk).progress == 40  # progress is written as it goes
        raise RuntimeError("disk full")

    try:
        failed = run_job(start_job(user("tnmac.im"), "test-boom", {}).pk)
    finally:
        del jobs.KINDS["test-boom"]
    assert failed.state == "failed" and failed.error == "RuntimeError: disk full" and failed.progress == 40


def test_a_job_runs_once(user):
    job = start_job(user("tnmac.im"), "export", {"list": "funding", "fmt": "csv", "filters": ""})
    assert run_job(job.pk).state == "done"
    finished_at = Job.objects.get(pk=job.pk).finished_at
    assert run_job(job.pk).finished_at == finished_at  # a second runner finds nothing to claim


def test_recovery_at_start_fails_the_jobs_of_dead_workers_only_and_queues_lost_ones(user):
    someone = user("tnmac.im")
    dead_worker = f"{socket.gethostname()[:40]}:{_ended_pid()}:feed"  # a worker killed on this machine
    orphan = Job.objects.create(user=someone, kind="export", state="running", progress=30, worker=dead_worker)
    partial = jobs.jobs_dir() / str(orphan.pk) / "part.csv"
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_text("half")
    other = user("npa.clerk")
    live = Job.objects.create(user=other, kind="export", state="running", progress=30, worker=runner.identity())
    lost = Job.objects.create(user=someone, kind="export")  # queued before the queue existed: no task
    long_ago = timezone.now() - dt.timedelta(days=jobs.RETENTION_DAYS + 1)
    old = start_job(other, "export", {"list": "funding", "fmt": "csv", "filters": ""})
    Job.objects.filter(pk=old.pk).update(state="done", finished_at=long_ago)
    DBTaskResult.objects.filter(id=old.task_id).update(status="SUCCESSFUL", finished_at=long_ago)
    WorkerLease.objects.create(worker="elsewhere:1:feed", seen_at=long_ago)
    assert recover_stale_jobs() == 2
    for job in (orphan, live, lost):
        job.refresh_from_db()
    assert orphan.state == "failed" and "start the job again" in orphan.error and not partial.parent.exists()
    assert live.state == "running"  # another worker's job, alive: untouched
    assert lost.state == "queued" and lost.task_id
    assert DBTaskResult.objects.get(id=lost.task_id).status == "READY"
    assert (
        not DBTaskResult.objects.filter(id=old.task_id).exists()
        and not WorkerLease.objects.filter(worker="elsewhere:1:feed").exists()
    )


def _ended_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_starting_a_job_is_audited_and_needs_a_known_kind(user):
    from minefree.core.errors import ActionError
    from minefree.core.models import AuditEntry

    someone: User = user("tnmac.im")
    job = start_job(someone, "export", {"list": "funding", "fmt": "csv", "filters": ""})
    assert AuditEntry.objects.filter(action="start_job", object_id=str(job.pk), user=someone).exists()
    with pytest.raises(ActionError):
        start_job(someone, "no-such-kind", {})
