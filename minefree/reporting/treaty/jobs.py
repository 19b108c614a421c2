"""A large Article 7 report is written by a background job (exports/jobs.py), read as its owner."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from minefree.exports.jobs import Progress, Result, job_kind
from minefree.exports.models import Job
from minefree.reporting.treaty import build
from minefree.reporting.treaty.cli import render
from minefree.reporting.treaty.sources import Sources

# More hazardous areas than this at year end and the file is made by a job, not in the request.
AREAS_BEFORE_JOB: int = settings.MINEFREE_AREAS_BEFORE_JOB
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
}


def too_large_for_a_request(src: Sources, country: str | None, year: int) -> int | None:
    """The number of areas at year end when it is over the limit, else None."""
    areas = int(build.areas_at_year_end(src, country, year))
    return areas if areas > AREAS_BEFORE_JOB else None


@job_kind("article7")
def run(job: Job, progress: Progress, workdir: Path) -> Result:
    treaty, year, fmt = job.params["treaty"], int(job.params["year"]), job.params["format"]
    progress(5, "reading the record")
    report = build.generate(Sources.for_user(job.user), treaty, year)
    progress(40, f"writing {fmt.upper()}")
    name = f"article7-{treaty}-{year}.{fmt}"
    path = workdir / name
    path.write_bytes(render(report, fmt))
    return Result(path, name, CONTENT_TYPES[fmt])
