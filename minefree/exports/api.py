"""The exports for scripts (token or session): the same lists, formats and jobs as the pages."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from minefree.core.errors import ActionError
from minefree.exports import export as exporting
from minefree.exports.exportable import Export
from minefree.exports.formats import Format
from minefree.exports.jobs import result_file, start_job
from minefree.exports.views import job_json, options, own_job, respond

FMT = OpenApiParameter("fmt", str, description="csv, xlsx, geojson, gpkg or shp; then the list's own filters")
JOB_DOWNLOAD = "api-job-download"


class ExportView(APIView):
    """A list as a file, filtered by the list's own filters in the query string.

    Up to ROWS_BEFORE_JOB rows the file comes back at once. Above, POST starts a job and answers
    202 with the job (its `Location` is the job's URL); GET answers 400 then, as it starts nothing.
    """

    def _prepare(self, request: Request, slug: str) -> tuple[Export, Format, str, dict[str, str]]:
        def given(name: str) -> str:
            body = request.data.get(name) if hasattr(request.data, "get") else None
            return str(body or request.query_params.get(name, ""))

        fmt = given("fmt")
        chosen_options = options(given)
        try:
            export, chosen = exporting.prepare(request.user, slug, fmt, request.query_params, chosen_options)
        except exporting.UnknownList as exc:
            raise Http404(str(exc)) from exc
        return export, chosen, fmt, chosen_options

    @extend_schema(parameters=[FMT], responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        export, chosen, _fmt, _options = self._prepare(request, slug)
        if exporting.too_large_for_a_request(export):
            limit = exporting.ROWS_BEFORE_JOB
            message = _("More than %(limit)s rows: POST the same request to run it as a job.") % {"limit": limit}
            raise ActionError(message, field="fmt")
        return respond(export, chosen)

    @extend_schema(parameters=[FMT], request=None, responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def post(self, request: Request, slug: str) -> HttpResponseBase:
        export, chosen, fmt, chosen_options = self._prepare(request, slug)
        if not exporting.too_large_for_a_request(export):
            return respond(export, chosen)
        params = exporting.job_params(slug, fmt, request.query_params, chosen_options)
        job = start_job(request.user, "export", params)
        location = reverse("api-job", args=[job.pk])
        return Response(job_json(job, JOB_DOWNLOAD), status=202, headers={"Location": location})


class JobView(APIView):
    """One of the caller's own jobs: state, progress, message, error and, when done, `download`."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, pk: int) -> Response:
        return Response(job_json(own_job(request.user, pk), JOB_DOWNLOAD))


class JobDownloadView(APIView):
    """The finished job's file; 404 for anyone but its owner, and before it is done."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: int) -> Any:
        job = own_job(request.user, pk)
        path = result_file(job)
        if path is None:
            raise Http404(_("This job has no file (not finished, failed, or removed after some days)."))
        return FileResponse(path.open("rb"), as_attachment=True, filename=job.result_name, content_type=job.result_type)
