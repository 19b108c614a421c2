"""Real `minefree worker` processes on the test database: every job runs exactly once across two
workers, and a worker killed mid-job (kill -9) leaves a failed job its owner can read, no partial file."""

from __future__ import annotations

import collections
import os
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connections
from django.test import Client
from django_tasks_db.models import DBTaskResult

from minefree.core.tests.racing import together
from minefree.disaster.jobs import start_overlay_job
from minefree.disaster.tests.helpers import AREA, record
from minefree.exports.jobs import jobs_dir, result_file, start_job, uploads_dir
from minefree.exports.models import Job
from minefree.exports.tests.slow_kinds import COUNTED, SLOW, runs_log
from minefree.exports.tests.workers import jobs_removed_after, start_worker, stop_worker
from minefree.geopackage.geopackage_jobs import import_outcome, start_export_job, start_import_job
from minefree.organisations.models import Organisation

FINISHED = (Job.State.DONE, Job.State.FAILED)


@pytest.fixture
def committed(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Rows these tests write are committed (the workers must see them); their jobs are removed after."""
    with django_db_blocker.unblock(), jobs_removed_after(runs_log()):
        yield


def wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}")
        time.sleep(0.1)


def progress(pk: int) -> int:
    return int(Job.objects.values_list("progress", flat=True).get(pk=pk))


def state(pk: int) -> str:
    return str(Job.objects.values_list("state", flat=True).get(pk=pk))


def test_a_job_whose_worker_is_killed_fails_for_its_owner_with_its_partial_file_removed(committed: None) -> None:
    owner = User.objects.get(username="tnmac.im")
    first = start_worker()
    try:
        job = start_job(owner, SLOW, {})
        partial = jobs_dir() / str(job.pk) / "partial.bin"
        # Progress shows while it runs (the job writes its partial file, then its progress: wait for both).
        wait_for(
            lambda: state(job.pk) == "running" and partial.exists() and progress(job.pk) == 10,
            60,
            "the slow job to be half way, its progress shown",
        )
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    finally:
        stop_worker(first)
    assert state(job.pk) == "running"  # nobody has noticed yet

    second = start_worker()  # any live worker notices: at its start and every few seconds after
    try:
        wait_for(lambda: state(job.pk) == "failed", 30, "the killed worker's job to fail")
        failed = Job.objects.get(pk=job.pk)
        assert "stopped before it finished" in failed.error and "start the job again" in failed.error
        assert not partial.parent.exists() and result_file(failed) is None
        assert DBTaskResult.objects.get(id=failed.task_id).status == "FAILED"  # the queue's record agrees

        client = Client()
        client.force_login(owner)
        page = client.get(f"/exports/jobs/{job.pk}/").content.decode()
        assert 'id="job-error"' in page and "stopped before it finished" in page

        after = start_job(owner, COUNTED, {})  # and the next job of the same user runs
        wait_for(lambda: state(after.pk) in FINISHED, 30, "the next job")
        assert state(after.pk) == "done"
    finally:
        stop_worker(second)


def test_two_workers_run_every_job_exactly_once(committed: None, tmp_path: Any) -> None:
    """Jobs of every kind, started at the same instant by several users, against two workers."""
    users = {name: User.objects.get(username=name) for name in ("tnmac.im", "npa.clerk", "coes.officer", "fsd.clerk")}
    area = record(users["coes.officer"], AREA, 500, name="Workers test flood")
    npa = Organisation.objects.get(acronym="NPA")

    def starting(make: Callable[[], Job]) -> Callable[[], int]:
        def start() -> int:
            try:
                return make().pk
            finally:
                connections.close_all()  # this thread's connection

        return start

    starts = [starting(lambda u=u: start_job(u, COUNTED, {})) for u in users.values() for _ in range(3)]  # type: ignore[misc]
    starts += [
        starting(lambda: start_job(users["tnmac.im"], "export", {"list": "funding", "fmt": "csv", "filters": ""})),
        starting(lambda: start_job(users["tnmac.im"], "article7", {"treaty": "apmbc", "year": 2019, "format": "json"})),
        starting(lambda: start_overlay_job(users["coes.officer"], area, "gpkg")),
        starting(lambda: start_export_job(users["npa.clerk"], npa)),
    ]
    workers = [start_worker(), start_worker()]
    try:
        pks: list[int] = together(*starts)
        wait_for(lambda: Job.objects.filter(pk__in=pks).exclude(state__in=FINISHED).count() == 0, 180, "every job")
        jobs = {job.pk: job for job in Job.objects.filter(pk__in=pks)}
        assert {pk: (job.kind, job.error) for pk, job in jobs.items() if job.state != "done"} == {}
        assert all(result_file(job) is not None for job in jobs.values())

        counted = sorted(pk for pk, job in jobs.items() if job.kind == COUNTED)
        runs = collections.Counter(int(line.split()[0]) for line in runs_log().read_text().splitlines())
        assert sorted(runs) == counted and set(runs.values()) == {1}  # none lost, none twice
        assert len({job.worker for job in jobs.values()}) == 2  # both workers took jobs

        # The GeoPackage written by one job goes back in through the import job, unchanged.
        exported = next(job for job in jobs.values() if job.kind == "geopackage-round-trip")
        uploads_dir().mkdir(parents=True, exist_ok=True)
        upload = uploads_dir() / "workers-test.gpkg"
        shutil.copy(result_file(exported), upload)  # type: ignore[arg-type]
        imported = start_import_job(users["npa.clerk"], upload, "workers-test.gpkg")
        wait_for(lambda: state(imported.pk) in FINISHED, 120, "the import")
        imported.refresh_from_db()
        assert imported.state == "done", imported.error
        assert (import_outcome(imported) or {}).get("unchanged", 0) > 0 and not upload.exists()
    finally:
        for worker in workers:
            stop_worker(worker)
