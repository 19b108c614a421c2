"""Export pages: a filtered list as a file (small: at once; large: a job), and the jobs' pages."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from minefree.core.errors import ActionError
from minefree.exports import export as exporting
from minefree.exports.exportable import Export
from minefree.exports.formats import FORMATS, Format
from minefree.exports.jobs import result_file, start_job
from minefree.exports.models import Job
from minefree.exports.sources import sources

JOBS_LISTED = 50


def options(given: Callable[[str], str]) -> dict[str, str]:
    return {
        "hxl": "1" if given("hxl") == "1" else "0",
        "bom": "0" if given("bom") == "0" else "1",
        "headers": "labels" if given("headers") == "labels" else "names",
        "crs": given("crs").strip()[:30],  # checked by `prepare` (exports/crs.py)
    }


def _given(request: HttpRequest) -> Callable[[str], str]:
    return lambda name: request.POST.get(name) or request.GET.get(name, "")


def _attachment(response: HttpResponse | StreamingHttpResponse | FileResponse, name: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{name}"'


def respond(export: Export, fmt: Format) -> StreamingHttpResponse | FileResponse:
    name = exporting.file_name(export, fmt)
    if fmt.stream is not None:
        response: StreamingHttpResponse | FileResponse = StreamingHttpResponse(
            fmt.stream(export), content_type=fmt.content_type
        )
        _attachment(response, name)
        return response
    folder = Path(tempfile.mkdtemp(prefix="minefree-export-"))
    try:
        path = folder / name
        fmt.write(export, path)
        handle = path.open("rb")  # the open file outlives the folder removed below
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return FileResponse(handle, as_attachment=True, filename=name, content_type=fmt.content_type)


@login_required
@require_http_methods(["GET", "POST"])
def export_list(request: HttpRequest, slug: str) -> HttpResponse | StreamingHttpResponse | FileResponse:
    """`/exports/<list>/?fmt=gpkg&<the list's filters>`: the filters travel in the query string."""
    fmt = _given(request)("fmt")
    chosen_options = options(_given(request))
    try:
        export, chosen = exporting.prepare(request.user, slug, fmt, request.GET, chosen_options)
    except exporting.UnknownList as exc:
        raise Http404(str(exc)) from exc
    except ActionError as exc:
        return render(request, "exports/refused.html", {"errors": exc.errors}, status=400)
    if not exporting.too_large_for_a_request(export):
        return respond(export, chosen)
    if request.method == "POST":
        job = start_job(request.user, "export", exporting.job_params(slug, fmt, request.GET, chosen_options))
        return redirect("exports:job", pk=job.pk)
    # A GET never starts work: it offers the button that does.
    context = {"export": export, "format": chosen, "options": chosen_options, "limit": exporting.ROWS_BEFORE_JOB}
    return render(request, "exports/large.html", context)


def own_job(user: Any, pk: int) -> Job:
    # A job is its owner's alone: anyone else gets the answer for "no such job".
    job = Job.objects.filter(pk=pk, user_id=user.pk or 0).first()
    if job is None:
        raise Http404(_("No such job."))
    return job


def job_json(job: Job, download: str = "exports:job-download") -> dict[str, object]:
    return {
        "id": job.pk,
        "kind": job.kind,
        "state": job.state,
        "progress": job.progress,
        "message": job.message,
        "error": job.error,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "file_name": job.result_name or None,
        "download": reverse(download, args=[job.pk]) if result_file(job) else None,
    }


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = Job.objects.filter(user_id=request.user.pk or 0)[:JOBS_LISTED]
    return render(request, "exports/jobs.html", {"jobs": jobs})


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = own_job(request.user, pk)
    source = sources().get(job.params.get("list", ""))
    fmt = FORMATS.get(job.params.get("fmt", ""))
    context = {
        "job": job,
        "ready": result_file(job) is not None,
        "title": source.title if source else job.params.get("list", job.kind),
        "format": fmt.label if fmt else job.params.get("fmt", ""),
        "list_url": source.list_url if source else None,
    }
    return render(request, "exports/job.html", context)


@login_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(job_json(own_job(request.user, pk)))


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = own_job(request.user, pk)
    path = result_file(job)
    if path is None:
        raise Http404(_("This job has no file (not finished, failed, or removed after some days)."))
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result_name, content_type=job.result_type)
