"""/api/v1/disaster/: post an affected area, get the overlay; list and read earlier ones, export them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from minefree.core.api import KeysetPagination
from minefree.core.errors import ActionError
from minefree.core.permissions import Action, can
from minefree.disaster import actions, exports, jobs
from minefree.disaster.models import AffectedArea
from minefree.disaster.results import overlay
from minefree.disaster.serializers import (
    PAGE_PARAMETERS,
    AffectedAreaSerializer,
    AffectedAreaWrite,
    OverlaySerializer,
    overlay_answer,
)
from minefree.exports import export as exporting
from minefree.exports.api import JOB_DOWNLOAD
from minefree.exports.views import job_json


def _as_job(request: Request, area: AffectedArea, fmt: str) -> Response | None:
    """Above the export threshold: POST answers 202 with the job; GET 400, as it starts nothing."""
    if not jobs.runs_as_job(request.user, area):
        return None
    if request.method != "POST":
        limit = exporting.ROWS_BEFORE_JOB
        message = _("More than %(limit)s rows: POST the same request to run it as a job.") % {"limit": limit}
        raise ActionError(message, field="fmt")
    job = jobs.start_overlay_job(request.user, area, fmt)
    location = reverse("api-job", args=[job.pk])
    return Response(job_json(job, JOB_DOWNLOAD), status=status.HTTP_202_ACCEPTED, headers={"Location": location})


# Each answer holds at most this many hazards and as many released land rows (`page_size` lowers it);
# the order is computed (distance), so paging is by position: `offset`, and `next` until it is null.
OVERLAY_PAGE = KeysetPagination.max_page_size


def _whole_number(request: Request, name: str, default: int, lowest: int, highest: int) -> int:
    given = request.query_params.get(name, "")
    if given == "":
        return default
    if not given.isdigit() or not lowest <= int(given) <= highest:
        raise ActionError(
            _("Give a whole number from %(lowest)s to %(highest)s.") % {"lowest": lowest, "highest": highest},
            field=name,
        )
    return int(given)


def _overlay_page(request: Request, area: AffectedArea) -> dict[str, Any]:
    """The overlay with one page of each list and `next`, the URL of the next page (null on the last)."""
    size = _whole_number(request, "page_size", OVERLAY_PAGE, 1, OVERLAY_PAGE)
    offset = _whole_number(request, "offset", 0, 0, 10**9)
    result = overlay(request.user, area, limit=size, offset=offset)
    following = offset + size
    more = following < max(result.hazard_count, result.released_count)
    query = urlencode({"page_size": size, "offset": following})
    here = request.build_absolute_uri(reverse("disaster-detail", args=[area.pk]))
    return overlay_answer(result, next_page=f"{here}?{query}" if more else None)


class NewestFirst(KeysetPagination):
    ordering = "-pk"


class DisasterViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[AffectedArea]):
    """Affected areas (flood, mudslide, earthquake) and what lies in or near them, for the reader's own access."""

    serializer_class = AffectedAreaSerializer
    pagination_class = NewestFirst

    def get_queryset(self) -> QuerySet[AffectedArea]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, not a request
            return AffectedArea.objects.restrict(self.request.user, Action.VIEW).none()
        if not can(self.request.user, Action.VIEW, AffectedArea):
            raise PermissionDenied("You may not use the disaster overlay.")
        return AffectedArea.objects.restrict(self.request.user, Action.VIEW).select_related(
            "organisation", "created_by"
        )

    @extend_schema(request=AffectedAreaWrite, responses={201: OverlaySerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record an affected area and answer with the hazards and released land in or near it."""
        self.get_queryset()
        data = AffectedAreaWrite(data=request.data)
        data.is_valid(raise_exception=True)
        area = actions.record_affected_area(request.user, **data.validated_data)
        return Response(_overlay_page(request, area), status=status.HTTP_201_CREATED)

    @extend_schema(parameters=PAGE_PARAMETERS, responses={200: OverlaySerializer})
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        """The overlay of an earlier affected area, computed now, with what this reader may see.

        Up to 1,000 hazards and 1,000 released land rows an answer; `next` gives the following page.
        """
        return Response(_overlay_page(request, self.get_object()))

    @extend_schema(responses={(200, "application/geopackage+sqlite3"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get", "post"])
    def geopackage(self, request: Request, pk: str | None = None) -> HttpResponseBase:
        """Layers affected_area, hazard_areas, released_land (and search_zone when a distance was given).

        A large overlay (above ROWS_BEFORE_JOB rows): POST answers 202 with a job, GET 400.
        """
        area = self.get_object()
        offered = _as_job(request, area, "gpkg")
        if offered is not None:
            return offered
        handle = exports.geopackage(overlay(request.user, area, geometry="wkb"))
        return FileResponse(handle, as_attachment=True, filename=f"overlay-{area.pk}.gpkg")

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get", "post"])
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponseBase:
        """The overlay as a PDF; a large one as a job, as for the GeoPackage."""
        area = self.get_object()
        offered = _as_job(request, area, "pdf")
        if offered is not None:
            return offered
        response = HttpResponse(
            exports.pdf(overlay(request.user, area, geometry="wkb", limit=exports.PDF_ROWS)),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = f'attachment; filename="overlay-{area.pk}.pdf"'
        return response
