"""Dashboard pages: the NMAC dashboard (logged in, restricted) and the public one (no login).

Every block has a CSV twin (with the HXL hashtag row) and a JSON twin at <slug>.csv / <slug>.json.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from minefree.core.errors import ActionError
from minefree.core.forms import add_action_errors
from minefree.dashboards import cached, nmac, public
from minefree.dashboards.actions import may_publish, save_publication
from minefree.dashboards.blocks import Block
from minefree.dashboards.forms import PublicationForm
from minefree.dashboards.models import Publication
from minefree.gazetteer.models import AdminArea

# The public page changes when the record does, not by the second: let slow links keep a copy for
# five minutes. Private: the page carries the language form's CSRF token and, for a logged-in
# visitor, the navigation, so no shared cache may hand it to someone else.
PUBLIC_CACHE = {"private": True, "max_age": 300}


def _twin(block: Block | None, fmt: str) -> HttpResponse:
    if block is None:
        raise Http404(_("No such chart."))
    if fmt == "csv":
        response = HttpResponse(block.as_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{block.slug}.csv"'
        return response
    return HttpResponse(json.dumps(block.as_json()), content_type="application/json")


def _blocks_html(name: str, user: Any, blocks: Callable[[], list[Block]], context: dict[str, Any]) -> str:
    """The blocks' charts and tables as HTML, kept with their figures: drawing fourteen charts and
    formatting their tables costs more than reading kept figures (`cached.py`)."""

    def draw() -> str:
        return render_to_string("dashboards/_blocks.html", {**context, "blocks": blocks()})

    return cached.figures(f"html.{name}", user, draw)


def parse_year(text: str) -> int | None:
    """The `year` filter, or ActionError naming the field."""
    text = text.strip()
    if not text:
        return None
    if not (text.isdigit() and len(text) == 4):
        raise ActionError(_("%(value)r is not a year like 2019.") % {"value": text}, field="year")
    return int(text)


def _year(request: HttpRequest) -> int | None:
    return parse_year(request.GET.get("year", ""))


def _bad_request(error: ActionError) -> HttpResponse:
    return HttpResponse(json.dumps(error.errors), status=400, content_type="application/json")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    try:
        year, error = _year(request), None
    except ActionError as exc:
        year, error = None, exc.errors["year"][0]
    blocks = {"prefix": "", "query": f"?year={year}" if year else "", "by_year": list(nmac.BY_YEAR)}
    context = {
        **blocks,
        "blocks_html": _blocks_html(f"nmac.{year}", request.user, lambda: nmac.all_blocks(request.user, year), blocks),
        "headline": nmac.headline_figures(request.user),
        "year": year,
        "year_error": error,
        "may_publish": may_publish(request.user),
    }
    return render(request, "dashboards/nmac.html", context, status=400 if error else 200)


def _nmac_twin(request: HttpRequest, chart: str, fmt: str) -> HttpResponse:
    try:
        return _twin(nmac.block(chart, request.user, _year(request)), fmt)
    except ActionError as exc:
        return _bad_request(exc)


@login_required
def export_csv(request: HttpRequest, chart: str) -> HttpResponse:
    return _nmac_twin(request, chart, "csv")


@login_required
def export_json(request: HttpRequest, chart: str) -> HttpResponse:
    return _nmac_twin(request, chart, "json")


def _region(request: HttpRequest, code: str) -> AdminArea:
    area = nmac.region(request.user, code)
    if area is None:
        raise Http404(_("No such region."))
    return area


@login_required
def region(request: HttpRequest, code: str) -> HttpResponse:
    """One region's districts, with the same figures as the region's row on the dashboard."""
    area = _region(request, code)
    try:
        year, error = _year(request), None
    except ActionError as exc:
        year, error = None, exc.errors["year"][0]
    context = {
        "region": area,
        "blocks": nmac.district_blocks_of(request.user, area, year),
        "prefix": "",
        "query": f"?year={year}" if year else "",
        "year": year,
        "year_error": error,
        "by_year": ["released-by-district"],
    }
    return render(request, "dashboards/region.html", context, status=400 if error else 200)


def _region_twin(request: HttpRequest, code: str, chart: str, fmt: str) -> HttpResponse:
    area = _region(request, code)
    try:
        return _twin(nmac.district_block(chart, request.user, area, _year(request)), fmt)
    except ActionError as exc:
        return _bad_request(exc)


@login_required
def region_csv(request: HttpRequest, code: str, chart: str) -> HttpResponse:
    return _region_twin(request, code, chart, "csv")


@login_required
def region_json(request: HttpRequest, code: str, chart: str) -> HttpResponse:
    return _region_twin(request, code, chart, "json")


@cache_control(**PUBLIC_CACHE)
def public_dashboard(request: HttpRequest) -> HttpResponse:
    context = {
        "blocks_html": _blocks_html("public", None, public.all_blocks, {"prefix": "public/"}),
        "headline": public.headline_figures(),
        "prefix": "public/",
        "publication": Publication.current(),
    }
    return render(request, "dashboards/public.html", context)


@cache_control(**PUBLIC_CACHE)
def public_csv(request: HttpRequest, chart: str) -> HttpResponse:
    return _twin(public.block(chart), "csv")


@cache_control(**PUBLIC_CACHE)
def public_json(request: HttpRequest, chart: str) -> HttpResponse:
    return _twin(public.block(chart), "json")


@cache_control(**PUBLIC_CACHE)
def public_outlines(request: HttpRequest) -> HttpResponse:
    body = public.outlines_geojson()
    if body is None:
        raise Http404(_("The NMAC does not publish hazard outlines."))
    return HttpResponse(body, content_type="application/geo+json")


@login_required
def publication(request: HttpRequest) -> HttpResponse:
    if not may_publish(request.user):
        raise PermissionDenied
    current = Publication.current()
    initial = {"deadline": current.deadline, "baseline": current.baseline, "publish_outlines": current.publish_outlines}
    form = PublicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_publication(request.user, **form.cleaned_data)
            messages.success(request, _("Publication settings saved."))
            return redirect("dashboards:publication")
        except ActionError as exc:
            add_action_errors(form, exc)
    return render(request, "dashboards/publication.html", {"form": form, "publication": current})
