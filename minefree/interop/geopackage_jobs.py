"""A large GeoPackage export runs as a background job (exports/jobs.py) with progress; the page waits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from minefree.exports.jobs import Progress, Result, job_kind, start_job
from minefree.exports.models import Job
from minefree.interop.geopackage_export import (
    CONTENT_TYPE,
    assert_may_export,
    export_geopackage,
    file_name,
    row_count,
)
from minefree.organisations.models import Organisation

KIND = "geopackage-round-trip"


def start_export_job(user: Any, organisation: Organisation) -> Job:
    """Queue the export; the permission is checked now and again when the job runs as its owner."""
    assert_may_export(user, organisation)
    return start_job(user, KIND, {"organisation": organisation.pk, "rows": row_count(user, organisation)})


@job_kind(KIND)
def run_export_job(job: Job, progress: Progress, workdir: Path) -> Result:
    organisation = Organisation.objects.get(pk=job.params["organisation"])
    total = int(job.params.get("rows") or 0)
    message = _("Writing the GeoPackage")
    path = workdir / "export.gpkg"
    export = export_geopackage(job.user, organisation, path, lambda done: progress.rows(done, total, message))
    return Result(path, file_name(organisation, export), CONTENT_TYPE)
