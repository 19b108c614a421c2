"""The runner: what a worker does with "run job N" from django-tasks' database queue.

`enqueue` puts the task on the queue in the caller's transaction; `run_queued_job` is the task;
`run_job` claims the `Job` row (queued -> running, naming this worker: one atomic update, so a job
runs once however many tasks name it) and runs its kind; `abandon` fails a running job whose worker
is gone and removes its partial file and input. A worker is named host:pid:token (`identity`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import shutil
import socket
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from minefree.core.errors import ActionError
from minefree.exports.job_kinds import KINDS, Progress, jobs_dir, upload_of
from minefree.exports.models import Job

log = logging.getLogger(__name__)

USER_WAIT = dt.timedelta(seconds=3)  # a user's next job waits this long while their other one runs


@cache
def identity() -> str:
    """This process's worker name: host:pid:token (the token tells apart a reused process id)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


def enqueue(job_pk: int, delay: dt.timedelta | None = None) -> str:
    """Put "run job `job_pk`" on the queue, in the caller's transaction; returns the task's id."""
    queued = run_queued_job.using(run_after=timezone.now() + delay) if delay else run_queued_job
    result = queued.enqueue(job_pk)
    Job.objects.filter(pk=job_pk).update(task_id=str(result.id))
    return str(result.id)


@task()
def run_queued_job(job_pk: int) -> None:
    """What a worker runs: the job itself, or its failure if the worker is being stopped mid-job."""
    try:
        run_job(job_pk)
    except BaseException:  # SystemExit from a second Ctrl-C: the job must not stay "running"
        abandon(job_pk, identity())
        raise


def run_job(pk: int) -> Job:
    """Run one queued job to the end: done with its file, or failed with the error.

    If the job's owner has another job running, the job goes back on the queue for USER_WAIT.
    """
    with transaction.atomic():
        user_id = Job.objects.values_list("user_id", flat=True).get(pk=pk)
        User.objects.select_for_update().filter(pk=user_id).first()  # two workers, one user: one waits here
        if Job.objects.filter(user_id=user_id, state=Job.State.RUNNING).exclude(pk=pk).exists():
            if Job.objects.filter(pk=pk, state=Job.State.QUEUED).exists():
                enqueue(pk, USER_WAIT)
            claimed = 0
        else:
            claimed = Job.objects.filter(pk=pk, state=Job.State.QUEUED).update(
                state=Job.State.RUNNING, started_at=timezone.now(), progress=0, worker=identity()
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


def abandon(job_pk: int, worker: str) -> bool:
    """Fail the job `worker` was running, remove its partial file and its input; False if another did."""
    job = Job.objects.filter(pk=job_pk).first()
    if job is None:
        return False
    language = job.params.get("language") if isinstance(job.params, dict) else None
    with translation.override(language or settings.LANGUAGE_CODE):
        error = _(
            "The worker running this job stopped before it finished (the server was stopped or ran out of "
            "memory). Its partial file was removed; start the job again."
        )
    failed = Job.objects.filter(pk=job_pk, state=Job.State.RUNNING, worker=worker).update(
        state=Job.State.FAILED, error=error, finished_at=timezone.now()
    )
    if not failed:
        return False
    shutil.rmtree(jobs_dir() / str(job_pk), ignore_errors=True)
    upload = upload_of(job)
    if upload is not None:
        upload.unlink(missing_ok=True)
    if job.task_id:
        DBTaskResult.objects.filter(id=job.task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=timezone.now()
        )
    log.warning("job %s failed: its worker %s is gone", job_pk, worker)
    return True
