"""Job kinds for the worker-process tests only: one that waits (to be killed), one that counts its runs."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings

from minefree.exports.jobs import Progress, Result, job_kind
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
