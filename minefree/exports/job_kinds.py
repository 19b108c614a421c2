"""What a job kind is: the registry, the Result it returns, the Progress it reports, and where files go.

Result files live under <data dir>/jobs/<id>/, outside every served folder; a job's input file
(params["upload"]) under <data dir>/jobs/uploads/. The rest of the job machinery is in jobs.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from minefree.exports.models import Job

JOBS_DIR_NAME = "jobs"

UPLOADS_DIR_NAME = "uploads"

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


def result_file(job: Job) -> Path | None:
    """The job's file on disk, if it finished well and the file is still there."""
    if job.state != Job.State.DONE or not job.result_path:
        return None
    path = (jobs_dir() / job.result_path).resolve()
    if jobs_dir().resolve() not in path.parents or not path.is_file():
        return None
    return path
