"""Workers that died. Jobs travel through django-tasks' database queue (runner.py; docs/architecture.md
says why this library), which does not notice a worker that is gone: a worker killed mid-job (kill -9,
out of memory) leaves its job "running". `reap()`, called by every worker every few seconds and by
`minefree serve` at start, fails such a job with a message to its owner and removes its partial file,
and queues again a job whose task a dead worker took but never started.

A worker is named host:pid:token. On this machine its process id says whether it lives (a job may
hold SQLite's write lock for minutes, so a heartbeat row can lag); on another machine (PostgreSQL)
its WorkerLease row must have been touched within LEASE_SECONDS.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from minefree.exports.models import Job, WorkerLease
from minefree.exports.runner import abandon, enqueue

HEARTBEAT_SECONDS = 5.0  # a worker touches its lease and reaps this often
LEASE_SECONDS = 60  # a worker on another machine silent this long is dead


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed child its parent has not waited for yet is a zombie: dead all the same
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


def alive(worker: str) -> bool:
    """Is the worker named `worker` still running? Names that are not ours count as alive."""
    parts = worker.rsplit(":", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return True  # a plain `db_worker` we cannot judge: its jobs are left alone
    host, pid, _token = parts
    if host == socket.gethostname()[:40]:
        return _pid_alive(int(pid))
    seen = WorkerLease.objects.filter(worker=worker).values_list("seen_at", flat=True).first()
    return seen is not None and seen > timezone.now() - dt.timedelta(seconds=LEASE_SECONDS)


def prune(before: dt.datetime) -> int:
    """Forget the queue's finished tasks and the leases of workers silent since `before`."""
    tasks, _kinds = DBTaskResult.objects.filter(finished_at__lt=before).delete()
    WorkerLease.objects.filter(seen_at__lt=before).delete()
    return tasks


def reap() -> int:
    """Fail the jobs of dead workers; queue again the jobs whose task was lost. Returns how many."""
    touched = 0
    for pk, worker in Job.objects.filter(state=Job.State.RUNNING).values_list("pk", "worker"):
        if not worker or not alive(worker):  # no worker: started by the thread runner before the queue
            touched += abandon(pk, worker)
    for pk, task_id in Job.objects.filter(state=Job.State.QUEUED).values_list("pk", "task_id"):
        touched += _requeue_if_lost(pk, task_id)
    return touched


def _requeue_if_lost(pk: int, task_id: str) -> bool:
    found = DBTaskResult.objects.filter(id=task_id).values_list("status", "worker_ids").first() if task_id else None
    if found is not None:
        status, workers = found
        taken_by = workers[-1] if workers else ""
        if status == TaskResultStatus.READY or (status == TaskResultStatus.RUNNING and alive(taken_by)):
            return False
        if status != TaskResultStatus.RUNNING:
            # Its task ended without starting it (a database error before the claim): say so, once.
            return bool(
                Job.objects.filter(pk=pk, state=Job.State.QUEUED, task_id=task_id).update(
                    state=Job.State.FAILED,
                    error=_("The job could not be started; start it again."),
                    finished_at=timezone.now(),
                )
            )
    with transaction.atomic():
        # Taken by a worker that died before starting the job: only one reaper queues it again.
        lost = DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING) if found else None
        if lost is not None and not lost.update(status=TaskResultStatus.FAILED, finished_at=timezone.now()):
            return False
        if Job.objects.select_for_update().filter(pk=pk, state=Job.State.QUEUED, task_id=task_id).first() is None:
            return False
        enqueue(pk)
    return True
