"""Legacy imports from the pages run as background jobs (exports/jobs.py) with progress.

The uploaded file is kept under <data dir>/jobs/legacy/<token>/ (never served) while the centre
builds its mapping, dry-runs and imports it: the job machinery removes a job's own input when the
job ends, and a dry run's file is needed again by the real run. A source is its uploader's alone;
sources older than SOURCE_MAX_AGE_HOURS are swept at the next upload, and a real run that wrote
removes its source.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import uuid
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import Http404
from django.utils.translation import gettext as _

from minefree.core.errors import ActionError
from minefree.exports.jobs import Progress, Result, job_kind, jobs_dir, result_file, start_job
from minefree.exports.models import Job
from minefree.legacy.mapping import Mapping, parse
from minefree.legacy.run import ImportRefused, Outcome, assert_may_import, dry_run, import_file
from minefree.legacy.targets import Problem

KIND = "legacy-import"
SOURCE_MAX_AGE_HOURS = 48
SUFFIXES = (".gpkg", ".zip", ".csv", ".xlsx")
OWNER = "owner.txt"


def sources_dir() -> Path:
    return jobs_dir() / "legacy"


def _safe_name(name: str) -> str:
    base = re.sub(r"[^\w.\-]+", "_", Path(name).name).strip("._") or "upload"
    return base[:120]


def sweep_sources() -> None:
    cutoff = time.time() - SOURCE_MAX_AGE_HOURS * 3600
    folder = sources_dir()
    if folder.is_dir():
        for source in folder.iterdir():
            if source.is_dir() and source.stat().st_mtime < cutoff:
                shutil.rmtree(source, ignore_errors=True)


def store_source(user: Any, upload: UploadedFile) -> str:
    """Keep the uploaded file for its uploader; returns the token naming it."""
    name = _safe_name(upload.name or "upload")
    if not name.lower().endswith(SUFFIXES):
        raise ActionError(
            _("Upload a GeoPackage, a zipped File Geodatabase or Shapefile, a CSV or an XLSX file."), field="file"
        )
    sweep_sources()
    token = uuid.uuid4().hex
    folder = sources_dir() / token
    folder.mkdir(parents=True)
    (folder / OWNER).write_text(str(user.pk), encoding="utf-8")
    with (folder / name).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token


def source_path(user: Any, token: str) -> Path:
    """The stored file of `token`, if `user` uploaded it (anyone else: no such file)."""
    folder = sources_dir() / token
    if not re.fullmatch(r"[0-9a-f]{32}", token) or not (folder / OWNER).is_file():
        raise Http404(_("No such uploaded file; upload it again."))
    if (folder / OWNER).read_text(encoding="utf-8").strip() != str(user.pk):
        raise Http404(_("No such uploaded file; upload it again."))
    found = [p for p in folder.iterdir() if p.name != OWNER]
    if not found:
        raise Http404(_("No such uploaded file; upload it again."))
    return found[0]


def start_legacy_job(user: Any, token: str, mapping: Mapping, layer: str, *, dry: bool) -> Job:
    path = source_path(user, token)
    assert_may_import(user, mapping.target_object())
    params = {
        "source": token,
        "file_name": path.name,
        "mapping": mapping.as_json(),
        "layer": layer,
        "dry_run": dry,
    }
    return start_job(user, KIND, params)


def problem_dicts(problems: list[Problem]) -> list[dict[str, Any]]:
    return [{"file": p.file, "layer": p.layer, "row": p.row, "field": p.field, "message": p.message} for p in problems]


def _summary(outcome: Outcome, dry: bool) -> dict[str, Any]:
    return {
        "dry_run": dry,
        "file": outcome.file,
        "layer": outcome.layer,
        "target": outcome.target,
        "rows": outcome.rows,
        "created": outcome.counts.created,
        "updated": outcome.counts.updated,
        "unchanged": outcome.counts.unchanged,
        "import": outcome.record.pk if outcome.record else None,
        "problems": problem_dicts(outcome.problems),
    }


@job_kind(KIND)
def run_legacy_job(job: Job, progress: Progress, workdir: Path) -> Result:
    params = job.params
    path = source_path(job.user, str(params["source"]))
    mapping = parse(params["mapping"])
    dry = bool(params.get("dry_run"))
    label = _("Checking rows") if dry else _("Checking and writing rows")

    def report(done: int, total: int) -> None:
        progress.rows(
            done, total, _("%(stage)s: %(done)s of %(total)s") % {"stage": label, "done": done, "total": total}
        )

    progress(1, label)
    run = dry_run if dry else import_file
    try:
        outcome = run(
            path, mapping, user=job.user, file_name=path.name, layer=params.get("layer") or None, progress=report
        )
    except ImportRefused as refused:
        summary = _summary(refused.outcome, dry)
        Job.objects.filter(pk=job.pk).update(params={**params, "outcome": summary})
        raise ActionError(_("%(n)s problems; nothing was written.") % {"n": len(refused.outcome.problems)}) from refused
    if not dry:
        shutil.rmtree(path.parent, ignore_errors=True)  # written: the source is not needed again
    result = workdir / "outcome.json"
    result.write_text(json.dumps(_summary(outcome, dry)), encoding="utf-8")
    return Result(result, "legacy-import.json", "application/json")


def outcome_of(job: Job) -> dict[str, Any] | None:
    """What a legacy job found or did (also a refused real run's problems), or None while it runs."""
    path = result_file(job)
    if path is not None:
        found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return found
    refused = job.params.get("outcome")
    return refused if isinstance(refused, dict) else None
