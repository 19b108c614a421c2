"""A small job runner: long work runs in a background thread, reports progress, keeps one file.

API (docs/exports.md):
    @job_kind("name")                      register `run(job, progress, workdir) -> Result`
    start_job(user, kind, params) -> Job   queue it; a thread starts after the transaction commits
    run_job(pk)                            the runner itself (the thread calls it; tests call it directly)
    recover_stale_jobs()                   at server start: interrupted jobs fail, queued ones restart

Each job runs in its own thread and so in its own database connection (Django's connections are
per thread). Result files live under <data dir>/jobs/<id>/, outside every served folder.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.errors import ActionError
from minefree.exports.models import Job

log = logging.getLogger(__name__)

JOBS_DIR_NAME = "jobs"
MAX_RUNNING_JOBS = 2  # the rest wait queued: a national server has few cores
RETENTION_DAYS = 7  # result files older than this are removed at server start
PROGRESS_EVERY_SECONDS = 1.0  # progress is written at most this often


def jobs_dir() -> Path:
    return Path(settings.DATA_DIR) / JOBS_DIR_NAME


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
_slots = threading.BoundedSemaphore(MAX_RUNNING_JOBS)


def job_kind(name: str) -> Callable[[JobFunction], JobFunction]:
    def register(function: JobFunction) -> JobFunction:
        if name in KINDS:
            raise ValueError(f"job kind {name!r} registered twice")
        KINDS[name] = function
        return function

    return register


@transaction.atomic
def start_job(user: AbstractBaseUser | AnonymousUser, kind: str, params: dict[str, Any]) -> Job:
    """Queue a job for `user`; it starts in a background thread once this transaction commits."""
    if not user.is_authenticated:
        raise ActionError(_("Log in to start a job."))
    if kind not in KINDS:
        raise ActionError(_("Unknown job kind “%(kind)s”.") % {"kind": kind}, field="kind")
    # The runner's thread has no request: the job keeps the language of the page that started it.
    params = {"language": translation.get_language() or settings.LANGUAGE_CODE, **params}
    job = Job.objects.create(user_id=user.pk, kind=kind, params=params)
    audit.record(user, "start_job", job, None, audit.snapshot(job))
    transaction.on_commit(lambda: _spawn(job.pk))
    return job


def _spawn(pk: int) -> None:
    threading.Thread(target=_run_in_thread, args=(pk,), name=f"minefree-job-{pk}", daemon=True).start()


def _run_in_thread(pk: int) -> None:
    try:
        with _slots:
            run_job(pk)
    finally:
        connections.close_all()  # this thread's connections only


def run_job(pk: int) -> Job:
    """Run one queued job to the end: done with its file, or failed with the error."""
    claimed = Job.objects.filter(pk=pk, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=timezone.now(), progress=0
    )
    job = Job.objects.select_related("user").get(pk=pk)
    if not claimed:
        return job  # another runner has it, or it is already finished
    workdir = jobs_dir() / str(pk)
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
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
    job.refresh_from_db()
    return job


def result_file(job: Job) -> Path | None:
    """The job's file on disk, if it finished well and the file is still there."""
    if job.state != Job.State.DONE or not job.result_path:
        return None
    path = (jobs_dir() / job.result_path).resolve()
    if jobs_dir().resolve() not in path.parents or not path.is_file():
        return None
    return path


def recover_stale_jobs() -> int:
    """At server start no job is running: fail the interrupted ones, restart the queued ones.

    Also removes result files older than RETENTION_DAYS. Returns how many jobs were touched.
    """
    now = timezone.now()
    interrupted = Job.objects.filter(state=Job.State.RUNNING).update(
        state=Job.State.FAILED, error="Interrupted by a server restart; start the export again.", finished_at=now
    )
    queued = list(Job.objects.filter(state=Job.State.QUEUED).values_list("pk", flat=True))
    for pk in queued:
        _spawn(pk)
    old = Job.objects.filter(finished_at__lt=now - dt.timedelta(days=RETENTION_DAYS)).exclude(result_path="")
    for pk in old.values_list("pk", flat=True):
        shutil.rmtree(jobs_dir() / str(pk), ignore_errors=True)
    old.update(result_path="")
    return interrupted + len(queued)
