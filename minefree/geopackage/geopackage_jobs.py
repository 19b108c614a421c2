"""Large GeoPackage exports and imports run as background jobs (exports/jobs.py) with progress.

An import is a job when the file holds more than exports.export.ROWS_BEFORE_JOB features: the
upload is kept under <data dir>/jobs/uploads/ (never served) until the job ends, and the job runs
the same all-or-nothing `import_geopackage` as a small file does in the request. A user has at most
one import queued or running; its progress counts the features checked, then the reports written.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from minefree.core.errors import ActionError
from minefree.exports import export as exporting
from minefree.exports.jobs import Progress, Result, result_file, start_job, sweep_uploads, uploads_dir
from minefree.exports.jobs import job_kind as register_kind
from minefree.exports.models import Job
from minefree.geopackage.geopackage_export import (
    CONTENT_TYPE,
    assert_may_export,
    export_geopackage,
    file_name,
    row_count,
)
from minefree.geopackage.geopackage_import import ImportRefused, Problem, feature_count, import_geopackage
from minefree.geopackage.geopackage_limits import ImportBusy, check_features, max_bytes, too_many_bytes
from minefree.organisations.models import Organisation

KIND = "geopackage-round-trip"
IMPORT_KIND = "geopackage-import"
RESULT_TYPE = "application/json"


def start_export_job(user: Any, organisation: Organisation, as_of: dt.date | None = None) -> Job:
    """Queue the export; the permission is checked now and again when the job runs as its owner."""
    assert_may_export(user, organisation)
    params: dict[str, Any] = {"organisation": organisation.pk, "rows": row_count(user, organisation)}
    if as_of is not None:
        params["as_of"] = as_of.isoformat()
    return start_job(user, KIND, params)


@register_kind(KIND)
def run_export_job(job: Job, progress: Progress, workdir: Path) -> Result:
    organisation = Organisation.objects.get(pk=job.params["organisation"])
    total = int(job.params.get("rows") or 0)
    message = _("Writing the GeoPackage")
    path = workdir / "export.gpkg"
    as_of = dt.date.fromisoformat(job.params["as_of"]) if job.params.get("as_of") else None
    export = export_geopackage(
        job.user, organisation, path, lambda done: progress.rows(done, total, message), as_of=as_of
    )
    return Result(path, file_name(organisation, export), CONTENT_TYPE)


def store_upload(upload: UploadedFile) -> Path:
    """Write the uploaded file under the jobs folder (outside every served folder), by a random name.

    Refuses it (TooLarge, nothing kept) past the size or feature limit. Uploads left by requests or
    jobs cut off long ago are swept first.
    """
    sweep_uploads()
    folder = uploads_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}.gpkg"
    try:
        written = 0
        with path.open("wb") as out:
            for chunk in upload.chunks():
                written += len(chunk)
                if written > max_bytes():
                    raise too_many_bytes()
                out.write(chunk)
        check_features(feature_count(path))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def active_import(user: Any) -> Job | None:
    """The user's import job still queued or running, if any."""
    live = (Job.State.QUEUED, Job.State.RUNNING)
    return Job.objects.filter(user_id=user.pk, kind=IMPORT_KIND, state__in=live).order_by("pk").first()


def assert_no_active_import(user: Any) -> None:
    found = active_import(user)
    if found is not None:
        raise ImportBusy(found.pk)


def import_runs_as_job(path: Path) -> bool:
    """Long work never blocks a request: a file with more features than the export threshold is a job."""
    return feature_count(path) > exporting.ROWS_BEFORE_JOB


def start_import_job(user: Any, path: Path, name: str) -> Job:
    """Queue the import of a stored upload (one per user); the job removes the file when it ends."""
    try:
        with transaction.atomic():
            User.objects.select_for_update().filter(pk=user.pk).first()  # two uploads at once: one waits here
            assert_no_active_import(user)  # checked again under the lock
            params = {"upload": path.name, "file_name": name, "features": feature_count(path)}
            return start_job(user, IMPORT_KIND, params)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _problem_dict(problem: Problem) -> dict[str, Any]:
    return {"layer": problem.layer, "fid": problem.fid, "field": problem.field, "message": problem.message}


def stage(progress: Progress, start: int, width: int, label: str) -> Callable[[int, int], None]:
    """Progress for one stage: `done` of `total` moves the bar from `start` over `width` percent."""

    def report(done: int, total: int) -> None:
        done = min(done, total)
        percent = start + (done * width // total if total else width)
        progress(percent, _("%(stage)s: %(done)s of %(total)s") % {"stage": label, "done": done, "total": total})

    return report


@register_kind(IMPORT_KIND)
def run_import_job(job: Job, progress: Progress, workdir: Path) -> Result:
    upload = uploads_dir() / Path(str(job.params["upload"])).name
    if not upload.is_file():
        raise ActionError(_("The uploaded file is no longer there; upload it again."))
    progress(1, _("Checking the file"))
    try:
        # Checking reads every feature (geometry rules, submission checks); writing makes the reports.
        result = import_geopackage(
            job.user,
            upload,
            str(job.params.get("file_name") or "upload.gpkg"),
            stage(progress, 50, 49, _("Writing the field reports")),
            checking=stage(progress, 1, 49, _("Checking features")),
        )
    except ImportRefused as refused:
        # Nothing was written (the import's transaction rolled back); the job keeps the list to show.
        problems = [_problem_dict(p) for p in refused.problems]
        Job.objects.filter(pk=job.pk).update(params={**job.params, "problems": problems})
        raise ActionError("\n".join(str(p) for p in refused.problems)) from refused
    outcome = {
        "import": result.source.pk if result.source else None,
        "repeated": [report.pk for report in result.repeated],
        "unchanged": result.unchanged,
    }
    path = workdir / "import.json"
    path.write_text(json.dumps(outcome), encoding="utf-8")
    return Result(path, "geopackage-import.json", RESULT_TYPE)


def import_outcome(job: Job) -> dict[str, Any] | None:
    """What a finished import job did: {"import": pk or None, "repeated": [report pks], "unchanged": n}."""
    path = result_file(job)
    if path is None:
        return None
    found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return found


def import_problems(job: Job) -> list[Problem]:
    """A failed import job's problems, by layer, feature and field ([] if it failed otherwise: see job.error)."""
    return [Problem(p["layer"], p["fid"], p["field"], p["message"]) for p in job.params.get("problems") or []]
