"""A large overlay's GeoPackage or PDF is written by a background job (exports/jobs.py), not the request.

Large means more hazards and released land together than exports.export.ROWS_BEFORE_JOB, the one
threshold every export that may become a job uses (docs/exports.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from minefree.core.errors import ActionError
from minefree.core.permissions import Action
from minefree.disaster import exports
from minefree.disaster.models import AffectedArea
from minefree.disaster.results import overlay, overlay_size
from minefree.exports import export as exporting
from minefree.exports.jobs import Progress, Result, job_kind, start_job
from minefree.exports.models import Job

KIND = "disaster-overlay"
FORMATS = {"gpkg": "application/geopackage+sqlite3", "pdf": "application/pdf"}


def file_name(area: AffectedArea, suffix: str) -> str:
    return f"overlay-{area.pk}-{slugify(area.name) or area.kind}.{suffix}"


def runs_as_job(user: Any, area: AffectedArea) -> bool:
    """Long work never blocks a request: an overlay above the export threshold is written by a job."""
    limit = exporting.ROWS_BEFORE_JOB
    return overlay_size(user, area, limit) > limit


def start_overlay_job(user: Any, area: AffectedArea, fmt: str) -> Job:
    if fmt not in FORMATS:
        raise ActionError(_("Choose GeoPackage or PDF."), field="fmt")
    return start_job(user, KIND, {"area": area.pk, "fmt": fmt, "name": area.name})


@job_kind(KIND)
def run_overlay_job(job: Job, progress: Progress, workdir: Path) -> Result:
    # Read as the owner when it runs: access withdrawn since the start means no file.
    area = AffectedArea.objects.restrict(job.user, Action.VIEW).filter(pk=job.params["area"]).first()
    if area is None:
        raise ActionError(_("The affected area is gone, or you may no longer see it."))
    fmt = str(job.params["fmt"])
    progress(5, _("Finding the hazards and released land in and near the area"))
    limit = exports.PDF_ROWS if fmt == "pdf" else None
    result = overlay(job.user, area, geometry="wkb", limit=limit)
    progress(50, _("Writing the file"))
    path = workdir / f"overlay.{fmt}"
    if fmt == "pdf":
        path.write_bytes(exports.pdf(result))
    else:
        exports.write_geopackage_file(result, path)
    return Result(path, file_name(area, fmt), FORMATS[fmt])
