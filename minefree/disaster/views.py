"""Disaster overlay pages: draw or upload an affected area, see what lies in and near it, export it."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from minefree.core import pagedata
from minefree.core.errors import ActionError
from minefree.core.forms import add_action_errors
from minefree.core.permissions import Action, can
from minefree.disaster import actions, exports, jobs
from minefree.disaster.forms import AffectedAreaForm
from minefree.disaster.models import AffectedArea
from minefree.disaster.results import overlay
from minefree.exports import export as exporting
from minefree.gazetteer.home import local_today
from minefree.gazetteer.models import AdminArea
from minefree.hazards.symbology import LEGEND

# The page lists and maps the nearest ones; the exports and the API hold them all.
PAGE_LIMIT = 1000
PREVIOUS = 50


def _areas(request: HttpRequest) -> Any:
    if not can(request.user, Action.VIEW, AffectedArea):
        raise PermissionDenied
    return AffectedArea.objects.restrict(request.user, Action.VIEW)


def _get(request: HttpRequest, pk: int) -> AffectedArea:
    area = _areas(request).filter(pk=pk).first()
    if area is None:
        raise Http404(_("No such affected area."))
    return area


def _outlines() -> list[Any]:
    """Region outlines (public reference data) give the maps their bearings when there are no tiles."""
    regions = AdminArea.objects.filter(level=1).annotate(shape=AsGeoJSON("boundary", precision=4))
    return pagedata.parsed(r.shape for r in regions)


def _on_form(error: ActionError) -> ActionError:
    """The action names the geometry `geometry`; on the form it came through the file field."""
    return ActionError({("geometry_file" if k == "geometry" else k): v for k, v in error.errors.items()})


@login_required
def index(request: HttpRequest) -> HttpResponse:
    areas = _areas(request)
    form = AffectedAreaForm(
        request.POST or None, request.FILES or None, initial={"event_date": local_today(), "distance_m": 0}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            area = actions.record_affected_area(
                request.user,
                name=data["name"],
                kind=data["kind"],
                event_date=data["event_date"],
                geometry=form.geometry(),
                distance_m=data["distance_m"],
            )
            return redirect("disaster:detail", pk=area.pk)
        except ActionError as exc:
            add_action_errors(form, _on_form(exc))
    previous = areas.select_related("organisation", "created_by")[:PREVIOUS]
    return render(request, "disaster/index.html", {"form": form, "previous": previous, "outlines": _outlines()})


def _collection(rows: list[dict[str, Any]], names: tuple[str, ...]) -> dict[str, Any]:
    """A FeatureCollection from rows whose geometry the database already wrote as GeoJSON."""
    features = [
        {
            "type": "Feature",
            "id": row["id"],
            "properties": {n: row[n] for n in names},
            "geometry": json.loads(row["shape"]),
        }
        for row in rows
    ]
    return {"type": "FeatureCollection", "features": features}


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    area = _get(request, pk)
    result = overlay(request.user, area, limit=PAGE_LIMIT)
    hazard_props = ("reference", "name", "classification", "status", "inside", "distance")
    released_props = ("reference", "hazard_reference", "kind_label", "inside", "distance")
    context = {
        "area": area,
        "result": result,
        "limit": PAGE_LIMIT,
        "legend": LEGEND,
        "area_geojson": pagedata.geojson(area.geometry),
        "zone_geojson": pagedata.geojson(result.zone.search) if area.distance_m else None,
        "hazards_geojson": _collection(result.hazards, hazard_props),
        "released_geojson": _collection(result.released, released_props),
        "outlines": _outlines(),
    }
    return render(request, "disaster/detail.html", context)


def _as_job(request: HttpRequest, area: AffectedArea, fmt: str) -> HttpResponse | None:
    """A large overlay's file is a job: a POST starts it, a GET offers the button (a GET starts nothing)."""
    if not jobs.runs_as_job(request.user, area):
        return None
    if request.method == "POST":
        return redirect("exports:job", pk=jobs.start_overlay_job(request.user, area, fmt).pk)
    context = {"area": area, "fmt": fmt, "limit": exporting.ROWS_BEFORE_JOB}
    return render(request, "disaster/large.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def geopackage(request: HttpRequest, pk: int) -> HttpResponseBase:
    area = _get(request, pk)
    offered = _as_job(request, area, "gpkg")
    if offered is not None:
        return offered
    handle = exports.geopackage(overlay(request.user, area, geometry="wkb"))
    return FileResponse(
        handle, as_attachment=True, filename=jobs.file_name(area, "gpkg"), content_type=jobs.FORMATS["gpkg"]
    )


@login_required
@require_http_methods(["GET", "POST"])
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    area = _get(request, pk)
    offered = _as_job(request, area, "pdf")
    if offered is not None:
        return offered
    body = exports.pdf(overlay(request.user, area, geometry="wkb", limit=exports.PDF_ROWS))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{jobs.file_name(area, "pdf")}"'
    return response
