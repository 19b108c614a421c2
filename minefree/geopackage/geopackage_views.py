"""Pages for the GeoPackage round trip: download for QGIS or QField, upload the edited file, conflicts."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from minefree.core import pagedata
from minefree.core.errors import ActionError
from minefree.core.permissions import Action
from minefree.exports.models import Job
from minefree.exports.views import own_job
from minefree.fieldwork.models import FieldReport
from minefree.geopackage import geopackage_export
from minefree.geopackage.geopackage_conflicts import acknowledge_conflict
from minefree.geopackage.geopackage_export import (
    CONTENT_TYPE,
    export_geopackage,
    exporting_organisations,
    file_name,
    hazards_in_scope,
    row_count,
)
from minefree.geopackage.geopackage_import import ImportRefused, ImportResult, import_geopackage
from minefree.geopackage.geopackage_jobs import (
    IMPORT_KIND,
    assert_no_active_import,
    import_outcome,
    import_problems,
    import_runs_as_job,
    start_export_job,
    start_import_job,
    store_upload,
)
from minefree.geopackage.geopackage_limits import ImportBusy, SizeLimit, TooLarge, limit_upload, too_many_bytes
from minefree.geopackage.models import GeoPackageExport, GeoPackageImport, ImportedChange
from minefree.hazards.as_of import AsOfForm, parse_as_of
from minefree.organisations.models import Organisation


def chosen_organisation(user: Any, value: Any) -> Organisation:
    """The organisation asked for (id or acronym), or the user's only one; must be one they report for."""
    choices = exporting_organisations(user)
    if value in (None, ""):
        if choices.count() != 1:
            raise PermissionDenied(_("Choose the organisation to export for."))
        return choices.get()
    found = choices.filter(pk=int(value)).first() if str(value).isdigit() else choices.filter(acronym=value).first()
    if found is None:
        raise PermissionDenied(_("You do not write field reports for that organisation."))
    return found


def export_response(user: Any, organisation: Organisation, as_of: dt.date | None = None) -> FileResponse:
    """Run the export into a temporary file and stream it; the file is gone once the response closes."""
    folder = Path(tempfile.mkdtemp(prefix="minefree-gpkg-"))
    try:
        path = folder / "export.gpkg"
        export = export_geopackage(user, organisation, path, as_of=as_of)
        handle = path.open("rb")
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # the open handle keeps the data readable on POSIX
    name = file_name(organisation, export)
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=CONTENT_TYPE)
    response["X-MineFree-Export"] = str(export.pk)
    return response


def runs_as_job(user: Any, organisation: Organisation) -> bool:
    """Long work never blocks a request: above LARGE_EXPORT_ROWS rows the export is a background job."""
    return row_count(user, organisation) > geopackage_export.LARGE_EXPORT_ROWS


def run_import(user: Any, upload: UploadedFile) -> ImportResult | Job:
    """Import a small file now; a large one (more features than ROWS_BEFORE_JOB) becomes a job."""
    path = store_upload(upload)
    name = upload.name or "upload.gpkg"
    if import_runs_as_job(path):
        return start_import_job(user, path, name)  # the job removes the file
    try:
        return import_geopackage(user, path, name)
    finally:
        path.unlink(missing_ok=True)


def own_import_job(user: Any, pk: int) -> Job:
    job = own_job(user, pk)
    if job.kind != IMPORT_KIND:
        raise Http404
    return job


def finished_result(user: Any, job: Job) -> ImportResult | None:
    """A done import job's result, rebuilt from what it recorded (reports read as the user may see them)."""
    outcome = import_outcome(job)
    if outcome is None:
        return None
    visible = GeoPackageImport.objects.restrict(user, Action.VIEW)
    source = visible.filter(pk=outcome["import"]).first() if outcome["import"] else None
    repeated = list(FieldReport.objects.restrict(user, Action.VIEW).filter(pk__in=outcome["repeated"]))
    created = list(source.changes.all()) if source else []
    return ImportResult(source, created, repeated, int(outcome["unchanged"]))


def _index(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    organisations = list(exporting_organisations(request.user))
    if not organisations:
        raise PermissionDenied(_("Only organisations that write field reports take data out to edit."))
    scope = [(org, hazards_in_scope(request.user, org).count()) for org in organisations]
    context = {
        "scope": scope,
        "as_of_form": AsOfForm(),
        "exports": GeoPackageExport.objects.restrict(request.user, Action.VIEW).select_related(
            "organisation", "exported_by"
        )[:20],
        "imports": GeoPackageImport.objects.restrict(request.user, Action.VIEW).select_related("export", "imported_by")[
            :20
        ],
        **extra,
    }
    refused = request.method == "POST" and bool(extra.get("problems"))
    return render(request, "geopackage/geopackage.html", context, status=400 if refused and status == 200 else status)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return _index(request)


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponseBase:
    organisation = chosen_organisation(request.user, request.POST.get("organisation"))
    try:
        as_of = parse_as_of(request.POST.get("as_of"))
    except ActionError as error:
        return _index(request, problems=error.errors["as_of"], refused=True)
    if runs_as_job(request.user, organisation):
        return redirect("exports:job", pk=start_export_job(request.user, organisation, as_of).pk)
    return export_response(request.user, organisation, as_of)


@login_required
@require_POST
@csrf_exempt  # the CSRF check reads the body; the limits come first, then _upload checks the token
def upload(request: HttpRequest) -> HttpResponse:
    if not exporting_organisations(request.user).exists():
        raise PermissionDenied
    try:
        limit = limit_upload(request)  # a declared length over the limit: 413 before a byte is read
        assert_no_active_import(request.user)
    except TooLarge as error:
        return _index(request, status=413, problems=[str(m) for m in error.errors["file"]], refused=True)
    except ImportBusy as busy:
        return _index(request, status=409, problems=[str(m) for m in busy.errors["file"]], refused=True)
    return _upload(request, limit)


@csrf_protect
def _upload(request: HttpRequest, limit: SizeLimit) -> HttpResponse:
    file = request.FILES.get("file")
    if file is None and limit.exceeded:  # the body was longer than it said
        return _index(request, status=413, problems=[str(too_many_bytes().errors["file"][0])], refused=True)
    if file is None:
        return _index(request, problems=[_("Choose the edited GeoPackage file (.gpkg).")])
    try:
        result = run_import(request.user, file)
    except TooLarge as error:
        return _index(request, status=413, problems=[str(m) for m in error.errors["file"]], refused=True)
    except ImportBusy as busy:
        return _index(request, status=409, problems=[str(m) for m in busy.errors["file"]], refused=True)
    except ImportRefused as refused:
        return _index(request, problems=[str(p) for p in refused.problems], refused=True)
    if isinstance(result, Job):
        return redirect("geopackage:import-job", pk=result.pk)
    if result.source is not None:
        return redirect("geopackage:import", pk=result.source.pk)
    return _index(request, nothing_new=True, result=result)


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A large import's progress; once done, the same pages a small import answers with."""
    job = own_import_job(request.user, pk)
    if job.state == Job.State.FAILED:
        problems = [str(p) for p in import_problems(job)] or [job.error]
        return _index(request, problems=problems, refused=True)
    result = finished_result(request.user, job) if job.state == Job.State.DONE else None
    if result is not None and result.source is not None:
        return redirect("geopackage:import", pk=result.source.pk)
    if result is not None:
        return _index(request, nothing_new=True, result=result)
    return render(request, "geopackage/geopackage_job.html", {"job": job})


def conflict_rows(user: Any, source: GeoPackageImport) -> list[dict[str, Any]]:
    reviewable = set(
        FieldReport.objects.restrict(user, Action.REVIEW)
        .filter(geopackage_change__source=source)
        .values_list("pk", flat=True)
    )
    rows = []
    for change in source.changes.select_related("report", "hazard"):
        decided = change.report.state in (FieldReport.State.APPROVED, FieldReport.State.REJECTED)
        now = None if decided else change.conflict_version()
        rows.append(
            {
                "change": change,
                "conflict": now is not None or change.acknowledged_version is not None,
                "server_version": now or change.server_version,
                "needs_acknowledging": now is not None and not change.acknowledged,
                "may_acknowledge": change.report_id in reviewable and now is not None and not change.acknowledged,
                "map_id": f"conflict-{change.pk}",
                "shapes": {
                    "server": pagedata.geojson(change.hazard.geometry) if change.hazard else None,
                    "field": change.report.payload.get("geometry"),
                },
            }
        )
    return rows


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = GeoPackageImport.objects.restrict(request.user, Action.VIEW).filter(pk=pk).first()
    if source is None:
        raise Http404
    return render(
        request, "geopackage/geopackage_import.html", {"source": source, "rows": conflict_rows(request.user, source)}
    )


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    visible = GeoPackageImport.objects.restrict(request.user, Action.VIEW)
    change = ImportedChange.objects.filter(pk=pk, source__in=visible).first()
    if change is None:
        raise Http404
    with contextlib.suppress(ActionError):  # no longer in conflict: the page shows the state as it is
        acknowledge_conflict(request.user, change)
    return redirect("geopackage:import", pk=change.source_id)
