"""Background jobs: long work runs in a worker process, reports progress, keeps one file.

API (docs/exports.md):
    @job_kind("name")                      register `run(job, progress, workdir) -> Result`
    start_job(user, kind, params) -> Job   record it and queue it, in the caller's transaction
    run_job(pk)                            the runner itself (a worker calls it; tests call it directly)
    recover_stale_jobs()                   at server start: dead workers' jobs fail, old files go
    sweep_uploads(older_than)              remove uploaded files no queued or running job will read

The `Job` row is what pages poll; django-tasks' database queue (exports/queue.py) carries "run job N"
to a `minefree worker` process (exports/worker.py). Result files live under <data dir>/jobs/<id>/,
outside every served folder; a job's input file (params["upload"]) under <data dir>/jobs/uploads/
is removed when the job ends. A user's jobs run one at a time: a worker that takes a user's second
job puts it back for a few seconds, so one user never holds every worker.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.errors import ActionError
from minefree.exports import queue
from minefree.exports.models import Job

log = logging.getLogger(__name__)

JOBS_DIR_NAME = "jobs"
UPLOADS_DIR_NAME = "uploads"
UPLOAD_MAX_AGE_HOURS = 6  # an upload no job names is abandoned after this (a request takes minutes)
USER_WAIT = dt.timedelta(seconds=3)  # a user's next job waits this long while their other one runs
RETENTION_DAYS = 7  # result files older than this are removed at server start
PROGRESS_EVERY_SECONDS = 1.0  # progress is written at most this often


def jobs_dir() -> Path:
    return Path(settings.DATA_DIR) / JOBS_DIR_NAME


def uploads_dir() -> Path:
    """Uploaded files waiting for a job (and Django's partial uploads in tmp/); never served."""
    return jobs_dir() / UPLOADS_DIR_NAME


def upload_of(job: Job) -> Path | None:
    name = job.params.get("upload") if isinstance(job.params, dict) else None
    return uploads_dir() / Path(str(name)).name if name else None


@dataclass(frozen=True)
class Result:
    """The file a job made (inside its workdir), the name the user downloads it as, its type."""

    path: Path
    name: str
    content_type: str


class Progress:
    """Reports how far a job is; writes to the database at most once a second (and at 100)."""

    def __init__(self, job_pk: int) -> None:
        self.job_pk = job_pk
        self._last = 0.0

    def __call__(self, percent: int, message: str = "") -> None:
        now = time.monotonic()
        if percent < 100 and now - self._last < PROGRESS_EVERY_SECONDS:
            return
        self._last = now
        percent = max(0, min(100, percent))
        Job.objects.filter(pk=self.job_pk).update(progress=percent, message=message[:200], updated_at=timezone.now())

    def rows(self, done: int, total: int, message: str) -> None:
        self(done * 99 // total if total else 99, message)


JobFunction = Callable[[Job, Progress, Path], Result]
KINDS: dict[str, JobFunction] = {}


def job_kind(name: str) -> Callable[[JobFunction], JobFunction]:
    def register(function: JobFunction) -> JobFunction:
        if name in KINDS:
            raise ValueError(f"job kind {name!r} registered twice")
        KINDS[name] = function
        return function

    return register


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
    job.task_id = queue.enqueue(job.pk)  # in this transaction: the job and its task commit together
    return job


def run_job(pk: int) -> Job:
    """Run one queued job to the end: done with its file, or failed with the error.

    If the job's owner has another job running, the job goes back on the queue for USER_WAIT.
    """
    with transaction.atomic():
        user_id = Job.objects.values_list("user_id", flat=True).get(pk=pk)
        User.objects.select_for_update().filter(pk=user_id).first()  # two workers, one user: one waits here
        if Job.objects.filter(user_id=user_id, state=Job.State.RUNNING).exclude(pk=pk).exists():
            if Job.objects.filter(pk=pk, state=Job.State.QUEUED).exists():
                queue.enqueue(pk, USER_WAIT)
            claimed = 0
        else:
            claimed = Job.objects.filter(pk=pk, state=Job.State.QUEUED).update(
                state=Job.State.RUNNING, started_at=timezone.now(), progress=0, worker=queue.identity()
            )
    job = Job.objects.select_related("user").get(pk=pk)
    if not claimed:
        return job  # another runner has it, it is already finished, or its owner's other job runs first
    workdir = jobs_dir() / str(pk)
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    try:
        _run(job, workdir)
    finally:
        upload = upload_of(job)
        if upload is not None:
            upload.unlink(missing_ok=True)  # read or not, a finished job's input is never needed again
    job.refresh_from_db()
    return job


def _run(job: Job, workdir: Path) -> None:
    pk = job.pk
    try:
        if job.kind not in KINDS:
            raise ActionError(f"Unknown job kind {job.kind!r}.")
        with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
            result = KINDS[job.kind](job, Progress(pk), workdir)
        path = result.path.resolve()
        if workdir.resolve() not in path.parents or not path.is_file():
            raise RuntimeError("the job's result is not a file in its own folder")
    except Exception as exc:  # a job must end recorded, whatever went wrong
        log.exception("job %s (%s) failed", pk, job.kind)
        shutil.rmtree(workdir, ignore_errors=True)
        error = str(exc) if isinstance(exc, ActionError) else f"{type(exc).__name__}: {exc}"
        Job.objects.filter(pk=pk).update(state=Job.State.FAILED, error=error, finished_at=timezone.now())
    else:
        Job.objects.filter(pk=pk).update(
            state=Job.State.DONE,
            progress=100,
            result_path=str(path.relative_to(jobs_dir().resolve())),
            result_name=result.name,
            result_type=result.content_type,
            finished_at=timezone.now(),
        )


def result_file(job: Job) -> Path | None:
    """The job's file on disk, if it finished well and the file is still there."""
    if job.state != Job.State.DONE or not job.result_path:
        return None
    path = (jobs_dir() / job.result_path).resolve()
    if jobs_dir().resolve() not in path.parents or not path.is_file():
        return None
    return path


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
