"""REST twins of the GeoPackage pages: export a file, import an edited one, read an import's changes."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.http.response import HttpResponseBase
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from minefree.core.errors import ActionError
from minefree.core.permissions import Action
from minefree.exports.models import Job
from minefree.geopackage.geopackage_conflicts import acknowledge_conflict
from minefree.geopackage.geopackage_import import ImportRefused, ImportResult, Problem
from minefree.geopackage.geopackage_jobs import assert_no_active_import, import_problems, start_export_job
from minefree.geopackage.geopackage_limits import ImportBusy, SizeLimit, TooLarge, limit_upload, too_many_bytes
from minefree.geopackage.geopackage_views import (
    chosen_organisation,
    conflict_rows,
    export_response,
    finished_result,
    own_import_job,
    run_import,
    runs_as_job,
)
from minefree.geopackage.models import GeoPackageImport, ImportedChange
from minefree.hazards.as_of import parse_as_of


def _changes(user: Any, source: GeoPackageImport) -> list[dict[str, Any]]:
    return [
        {
            "layer": row["change"].layer,
            "fid": row["change"].fid,
            "change": row["change"].change,
            "report": row["change"].report.reference,
            "report_id": row["change"].report_id,
            "kind": row["change"].report.kind,
            "state": row["change"].report.state,
            "hazard": row["change"].hazard_id,
            "changed_fields": row["change"].changed_fields,
            "exported_version": row["change"].exported_version,
            "server_version": row["server_version"],
            "conflict": row["conflict"],
            "acknowledged": row["conflict"] and not row["needs_acknowledging"],
        }
        for row in conflict_rows(user, source)
    ]


def _problems(problems: list[Problem]) -> list[dict[str, Any]]:
    return [{"layer": p.layer, "fid": p.fid, "field": p.field, "message": p.message} for p in problems]


def _result(user: Any, result: ImportResult) -> dict[str, Any]:
    return {
        "import": result.source.pk if result.source else None,
        "changes": _changes(user, result.source) if result.source else [],
        "already_received": [r.reference for r in result.repeated],
        "unchanged": result.unchanged,
    }


class GeoPackageExportView(APIView):
    """POST {"organisation": "NPA", "as_of": "2023-06-30"} (organisation optional when you report for one; as_of
    optional: the areas as they stood that day): the file, or 202 with a job if large; 400 for a bad as_of."""

    @extend_schema(
        request=OpenApiTypes.OBJECT, responses={(200, "application/geopackage+sqlite3"): OpenApiTypes.BINARY}
    )
    def post(self, request: Request) -> HttpResponseBase:
        data = request.data if isinstance(request.data, dict) else {}
        organisation = chosen_organisation(request.user, data.get("organisation"))
        try:
            as_of = parse_as_of(data.get("as_of"))
        except ActionError as error:
            return Response(error.errors, status=400)
        if runs_as_job(request.user, organisation):
            job = start_export_job(request.user, organisation, as_of)
            return Response({"job": job.pk, "status": reverse("api-job", args=[job.pk])}, status=202)
        return export_response(request.user, organisation, as_of)


class GeoPackageImportView(APIView):
    """POST multipart `file`: 201 with the reports made, 200 if nothing new, 400 with every problem.

    A file with more features than ROWS_BEFORE_JOB answers 202 with a job (`import_job` to poll).
    A file over the size or feature limit answers 413; a second import while one runs, 409.
    """

    parser_classes = [MultiPartParser]
    size_limit: SizeLimit | None = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Before authentication, whose CSRF check may read the body: a declared length over the limit is refused.
        self.size_limit = limit_upload(request._request)
        super().initial(request, *args, **kwargs)

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, TooLarge | ImportBusy):
            code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE if isinstance(exc, TooLarge) else status.HTTP_409_CONFLICT
            return Response({"errors": [{"field": "file", "message": m} for m in exc.errors["file"]]}, status=code)
        return super().handle_exception(exc)

    @extend_schema(
        request={"multipart/form-data": OpenApiTypes.OBJECT},
        responses={201: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT, 413: OpenApiTypes.OBJECT},
    )
    def post(self, request: Request) -> Response:
        assert_no_active_import(request.user)  # before the body is parsed, when the token authenticated
        upload = request.FILES.get("file")
        if upload is None and self.size_limit is not None and self.size_limit.exceeded:
            raise too_many_bytes()
        if upload is None:
            return Response({"errors": [{"field": "file", "message": "Send the GeoPackage as `file`."}]}, status=400)
        try:
            result = run_import(request.user, upload)
        except ImportRefused as refused:
            return Response({"errors": _problems(refused.problems)}, status=status.HTTP_400_BAD_REQUEST)
        if isinstance(result, Job):
            body = {
                "job": result.pk,
                "status": reverse("api-job", args=[result.pk]),
                "import_job": reverse("geopackage-import-job", args=[result.pk]),
            }
            return Response(body, status=status.HTTP_202_ACCEPTED)
        code = status.HTTP_201_CREATED if result.source else status.HTTP_200_OK
        return Response(_result(request.user, result), status=code)


class GeoPackageImportJob(APIView):
    """A large import job of the caller's: state and progress; once done the import's result, or its errors."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, pk: int) -> Response:
        job = own_import_job(request.user, pk)
        body: dict[str, Any] = {"job": job.pk, "state": job.state, "progress": job.progress, "message": job.message}
        if job.state == Job.State.FAILED:
            body["errors"] = _problems(import_problems(job) or [Problem("", None, "", job.error)])
        result = finished_result(request.user, job) if job.state == Job.State.DONE else None
        if result is not None:
            body["result"] = _result(request.user, result)
        return Response(body)


class GeoPackageImportDetail(APIView):
    """One import: each change, its report, versions and whether it is a conflict to acknowledge."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, pk: int) -> Response:
        source = GeoPackageImport.objects.restrict(request.user, Action.VIEW).filter(pk=pk).first()
        if source is None:
            raise Http404
        return Response({"import": source.pk, "export": source.export_id, "changes": _changes(request.user, source)})


class GeoPackageAcknowledge(APIView):
    """POST: a reviewer acknowledges the conflict of one change (its server version now); 409 if none."""

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    def post(self, request: Request, pk: int) -> Response:
        visible = GeoPackageImport.objects.restrict(request.user, Action.VIEW)
        change = ImportedChange.objects.filter(pk=pk, source__in=visible).first()
        if change is None:
            raise Http404
        try:
            change = acknowledge_conflict(request.user, change)
        except ActionError as error:
            return Response({"errors": error.errors}, status=status.HTTP_409_CONFLICT)
        return Response({"change": change.pk, "acknowledged_version": change.acknowledged_version})
