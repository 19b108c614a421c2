"""The worker process (`minefree worker`), and the one `minefree serve` starts and stops itself.

A worker runs django-tasks' `db_worker` loop (one job at a time) under its own name (queue.identity),
and a side thread that every HEARTBEAT_SECONDS touches its lease row and reaps the jobs of dead
workers (queue.reap). Run more workers for more jobs at once; each job still runs exactly once,
because a job is claimed by one atomic update of its row.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
import time

from django.core.management import call_command
from django.db import DatabaseError, connections
from django.utils import timezone

from minefree.exports import queue
from minefree.exports.models import WorkerLease
from minefree.exports.runner import identity

log = logging.getLogger(__name__)

RESTART_AFTER_SECONDS = 5.0  # a worker child that died is started again after this pause
STOP_WAIT_SECONDS = 10.0  # `serve` stopping waits this long for its worker's job, then kills it


def _keep_watch(stop: threading.Event) -> None:
    while not stop.wait(queue.HEARTBEAT_SECONDS):
        try:
            WorkerLease.objects.update_or_create(worker=identity(), defaults={"seen_at": timezone.now()})
            queue.reap()
        except DatabaseError:  # SQLite busy with a long import: try again next time
            log.warning("worker %s could not write its heartbeat", identity(), exc_info=True)
        finally:
            connections.close_all()  # this thread's connections only


def run_worker(interval: float = 1.0, verbosity: int = 1) -> int:
    """Run jobs until SIGINT or SIGTERM (the job in hand is finished first; a second signal stops it)."""
    queue.reap()  # jobs left by workers that died before this one started
    WorkerLease.objects.update_or_create(worker=identity(), defaults={"seen_at": timezone.now()})
    stop = threading.Event()
    watch = threading.Thread(target=_keep_watch, args=(stop,), name="minefree-worker-watch", daemon=True)
    watch.start()
    print(f"MineFree worker {identity()} is waiting for jobs", flush=True)
    try:
        call_command(
            "db_worker",
            worker_id=identity(),
            interval=interval,
            reload=False,
            startup_delay=False,
            verbosity=verbosity,
        )
    except SystemExit as exit_:  # db_worker leaves by sys.exit on a signal
        return int(exit_.code or 0)
    finally:
        stop.set()
        watch.join(queue.HEARTBEAT_SECONDS * 2)
        WorkerLease.objects.filter(worker=identity()).delete()
    return 0


def _stop_with_parent() -> None:
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: serve's own stop() is the only way


class WorkerChild:
    """The worker `minefree serve` runs beside itself: started again if it dies, stopped with serve."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._watch = threading.Thread(target=self._supervise, name="minefree-worker-child", daemon=True)

    def start(self) -> None:
        self._watch.start()

    def _spawn(self) -> subprocess.Popen[bytes]:
        # Its own session, so a Ctrl-C meant for serve does not also cut the job short; and on Linux
        # it is told to stop when serve dies, however serve dies.
        return subprocess.Popen(
            [sys.executable, "-m", "minefree.cli", "worker"], start_new_session=True, preexec_fn=_stop_with_parent
        )

    def _supervise(self) -> None:
        while not self._stopping.is_set():
            self._process = self._spawn()
            if self._stopping.is_set():  # stop() came while it was starting
                self._process.terminate()
            code = self._process.wait()  # waited for, so a killed worker is no zombie to queue.alive
            if self._stopping.is_set():
                return
            print(f"minefree serve: the worker stopped (exit {code}); starting another", file=sys.stderr, flush=True)
            time.sleep(RESTART_AFTER_SECONDS)

    def stop(self) -> None:
        self._stopping.set()
        process = self._process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)  # finish the job in hand...
        try:
            process.wait(STOP_WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGTERM)  # ...or fail it now, its partial file removed
            try:
                process.wait(STOP_WAIT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()  # the next worker's reap fails the job
                process.wait()
