"""Real `minefree worker` processes on the test database, for the tests that need one.

`start_worker()` runs `python -m minefree.exports.tests.worker_main`: the real CLI worker, with the
test-only job kinds of slow_kinds.py registered too. It returns once the worker has written its lease.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from minefree.exports.jobs import jobs_dir
from minefree.exports.models import Job, WorkerLease

READY_SECONDS = 60.0


def database_url() -> str:
    """The test database (not the configured one) as a DATABASE_URL a child process can use."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"spatialite:///{db['NAME']}"
    user = quote(db.get("USER") or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgis://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def start_worker(test_kinds: bool = True) -> subprocess.Popen[bytes]:
    module = "minefree.exports.tests.worker_main" if test_kinds else "minefree.cli"
    env = {**os.environ, "DATABASE_URL": database_url()}
    process = subprocess.Popen([sys.executable, "-m", module, "worker", "--interval", "0.2"], env=env)
    deadline = time.monotonic() + READY_SECONDS
    while not WorkerLease.objects.filter(worker__contains=f":{process.pid}:").exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"the worker did not start (exit {process.poll()})")
        time.sleep(0.1)
    return process


def stop_worker(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def jobs_removed_after(*logs: Path) -> Iterator[None]:
    """The jobs, queue records and worker leases made inside are removed after, with their files; `logs`
    (the workers' run logs) start empty. For tests whose rows are committed, as other processes must see them."""
    since = timezone.now()
    last = Job.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for log in logs:
        log.unlink(missing_ok=True)
    yield
    for pk in Job.objects.filter(pk__gt=last).values_list("pk", flat=True):
        shutil.rmtree(jobs_dir() / str(pk), ignore_errors=True)
    Job.objects.filter(pk__gt=last).delete()
    DBTaskResult.objects.filter(enqueued_at__gte=since).delete()
    WorkerLease.objects.filter(seen_at__gte=since).delete()  # a killed worker's
