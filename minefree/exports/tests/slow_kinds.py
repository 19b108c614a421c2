"""Job kinds for the worker-process tests only: one that waits (to be killed), one that counts its runs;
and `count_every_run()`, with which a test worker notes the run of every job, whatever its kind."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings

from minefree.exports.jobs import KINDS, JobFunction, Progress, Result, job_kind
from minefree.exports.models import Job

SLOW = "test-slow"
COUNTED = "test-counted"


def runs_log() -> Path:
    """Every run of a counted job appends "<job id> <worker pid>" here."""
    return Path(settings.DATA_DIR) / "test-counted-runs.log"


@job_kind(SLOW)
def slow(job: Job, progress: Progress, workdir: Path) -> Result:
    partial = workdir / "partial.bin"
    partial.write_bytes(b"half a file")
    progress(10, "half way")
    deadline = time.monotonic() + float(job.params.get("seconds", 120))
    while time.monotonic() < deadline:  # until the test kills this worker
        time.sleep(0.05)
    return Result(partial, "slow.bin", "application/octet-stream")


@job_kind(COUNTED)
def counted(job: Job, progress: Progress, workdir: Path) -> Result:
    fd = os.open(runs_log(), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, f"{job.pk} {os.getpid()}\n".encode())
    finally:
        os.close(fd)
    time.sleep(0.1)  # long enough for the other worker to try the same job, were it not claimed
    path = workdir / "counted.txt"
    path.write_text(str(job.pk))
    progress(100, "counted")
    return Result(path, "counted.txt", "text/plain")


def every_run_log() -> Path:
    """With `count_every_run()`, every run of any job appends "<job id> <kind> <worker pid>" here."""
    return Path(settings.DATA_DIR) / "test-job-runs.log"


def _append(path: Path, line: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode())  # one write of one short line: lines of two workers never interleave
    finally:
        os.close(fd)


def count_every_run() -> None:
    """In a worker process: each kind, real ones too, notes its run in every_run_log() and then does its work."""

    def counting(kind: str, function: JobFunction) -> JobFunction:
        def run(job: Job, progress: Progress, workdir: Path) -> Result:
            _append(every_run_log(), f"{job.pk} {kind} {os.getpid()}\n")
            return function(job, progress, workdir)

        return run

    for kind, function in list(KINDS.items()):
        KINDS[kind] = counting(kind, function)
