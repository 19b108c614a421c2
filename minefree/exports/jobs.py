"""Background jobs: long work runs in a worker process, reports progress, keeps one file.

API (docs/exports.md):
    @job_kind("name")                      register `run(job, progress, workdir) -> Result`
    start_job(user, kind, params) -> Job   record it and queue it, in the caller's transaction
    run_job(pk)                            the runner itself (a worker calls it; tests call it directly)
    recover_stale_jobs()                   at server start: dead workers' jobs fail, old files go
    sweep_uploads(older_than)              remove uploaded files no queued or running job will read

The `Job` row is what pages poll; django-tasks' database queue carries "run job N" (runner.py) to a
`minefree worker` process (worker.py); queue.py fails the jobs of workers that died; kinds and files
are in job_kinds.py. A job's input file (params["upload"]) under <data dir>/jobs/uploads/ is
removed when the job ends. A user's jobs run one at a time: a worker that takes a user's second
job puts it back for a few seconds, so one user never holds every worker.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.errors import ActionError
from minefree.exports import queue
from minefree.exports.job_kinds import (
    KINDS,
    PROGRESS_EVERY_SECONDS,
    JobFunction,
    Progress,
    Result,
    job_kind,
    jobs_dir,
    result_file,
    upload_of,
    uploads_dir,
)
from minefree.exports.models import Job
from minefree.exports.runner import enqueue, run_job

__all__ = [
    "KINDS",
    "PROGRESS_EVERY_SECONDS",
    "JobFunction",
    "Progress",
    "Result",
    "job_kind",
    "jobs_dir",
    "recover_stale_jobs",
    "result_file",
    "run_job",
    "start_job",
    "sweep_uploads",
    "upload_of",
    "uploads_dir",
]

UPLOAD_MAX_AGE_HOURS = 6  # an upload no job names is abandoned after this (a request takes minutes)
RETENTION_DAYS = 7  # result files older than this are removed at server start


@transaction.atomic
def start_job(user: AbstractBaseUser | AnonymousUser, kind: str, params: dict[str, Any]) -> Job:
    """Record a job for `user` and queue it; a worker takes it once this transaction commits."""
    if not user.is_authenticated:
        raise ActionError(_("Log in to start a job."))
    if kind not in KINDS:
        raise ActionError(_("Unknown job kind “%(kind)s”.") % {"kind": kind}, field="kind")
    # The worker has no request: the job keeps the language of the page that started it.
    params = {"language": translation.get_language() or settings.LANGUAGE_CODE, **params}
    job = Job.objects.create(user_id=user.pk, kind=kind, params=params)
    audit.record(user, "start_job", job, None, audit.snapshot(job))
    job.task_id = enqueue(job.pk)  # in this transaction: the job and its task commit together
    return job


def recover_stale_jobs() -> int:
    """At server start: fail the jobs of workers that are gone, queue again the lost ones (queue.reap).

    Also removes result files and queue records older than RETENTION_DAYS and uploads no live job reads. Other web
    processes and workers may be running: nothing alive is touched. Returns how many jobs were touched.
    """
    now = timezone.now()
    touched = queue.reap()
    sweep_uploads()
    queue.prune(now - dt.timedelta(days=RETENTION_DAYS))
    old = Job.objects.filter(finished_at__lt=now - dt.timedelta(days=RETENTION_DAYS)).exclude(result_path="")
    for pk in old.values_list("pk", flat=True):
        shutil.rmtree(jobs_dir() / str(pk), ignore_errors=True)
    old.update(result_path="")
    return touched


def sweep_uploads(older_than: dt.timedelta = dt.timedelta(hours=UPLOAD_MAX_AGE_HOURS)) -> int:
    """Remove uploaded files (and partial uploads) no queued or running job will read; returns how many.

    Only files last written more than `older_than` ago go, so an import a request is running keeps its file.
    """
    folder = uploads_dir()
    if not folder.is_dir():
        return 0
    live = {
        Path(str(params.get("upload"))).name
        for params in Job.objects.filter(state__in=[Job.State.QUEUED, Job.State.RUNNING]).values_list(
            "params", flat=True
        )
        if isinstance(params, dict) and params.get("upload")
    }
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for path in folder.rglob("*"):
        if path.is_file() and path.name not in live and path.stat().st_mtime <= cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
