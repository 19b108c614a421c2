"""The planner page (scenarios side by side), the NMAC's parameter form and saving a scenario."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Field
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minefree.core.errors import ActionError
from minefree.core.permissions import Capability, has
from minefree.gazetteer.models import AdminArea
from minefree.planning import actions, chart, compare, derived, forms, store
from minefree.planning.models import Method, ParameterSet


def _require_reader(request: HttpRequest) -> None:
    if not has(request.user, Capability.VIEW_RECORD):
        raise PermissionDenied(_("The planner needs access to the national record."))


def _grid(params: ParameterSet, post: Any = None) -> list[dict[str, Any]]:
    """Each band with its productivity per method (in the order of Method); a refused POST's values win."""
    grid = []
    for band in params.bands.prefetch_related("productivity"):
        rates: dict[str, Any] = {p.method: p.m2_per_unit_day for p in band.productivity.all()}
        fields: dict[str, Any] = {name: getattr(band, name) for name in ("name", *forms.BAND_INTEGERS)}
        if post is not None:
            rates = {m: post.get(f"rate_{m}_{band.code}", "") for m in Method.values}
            fields = {name: post.get(f"band_{band.code}_{name}", "") for name in fields}
        grid.append(
            {"band": band, "fields": fields, "rates": [(m, label, rates.get(m)) for m, label in Method.choices]}
        )
    return grid


def _districts(params: ParameterSet) -> list[dict[str, Any]]:
    listed = dict(params.district_bands.values_list("admin_area_id", "band__code"))
    return [
        {"area": area, "band": listed.get(area.pk, params.default_band), "listed": area.pk in listed}
        for area in AdminArea.objects.filter(level=2).select_related("country").order_by("code")
    ]


def _comparison(forecasts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of the side-by-side table: one per region, each with every scenario's completion."""
    if not forecasts:
        return []
    rows = []
    for index, region in enumerate(forecasts[0]["regions"]):
        rows.append({"region": region, "cells": [f["regions"][index] for f in forecasts]})
    return rows


def _years(forecasts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    years = sorted({year for f in forecasts for year in f["budget_by_year"]})
    return [{"year": y, "cells": [f["budget_by_year"].get(y) for f in forecasts]} for y in years]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    params = store.current_set()
    errors: dict[str, list[str]] = {}
    forecasts: list[dict[str, Any]] = []
    try:
        forecasts = compare.compare(request.user, request.GET)["scenarios"]
    except ActionError as exc:
        errors = exc.errors
    context = {
        "params": params,
        "grid": _grid(params),
        "districts": [d for d in _districts(params) if d["listed"]],
        "scenarios": list(params.scenarios.all()),
        "forecasts": forecasts,
        "columns": forecasts or [{}] * compare.MAX_SCENARIOS,
        "blank_columns": range(compare.MAX_SCENARIOS - len(forecasts)),
        "rows": _comparison(forecasts),
        "years": _years(forecasts),
        "chart": chart.timeline(forecasts),
        "errors": errors,
        "survey_shares": derived.survey_shares(request.user),
        "manual_productivity": derived.manual_productivity(request.user),
        "on_record": derived.capacity_on_record(request.user),
        "may_edit": has(request.user, Capability.EDIT_RECORD),
        "query": request.GET.urlencode(),
    }
    return render(request, "planning/index.html", context, status=400 if errors else 200)


def _fields(params: ParameterSet, post: Any) -> list[dict[str, Any]]:
    """The parameter set's inputs, showing what was posted when the save was refused."""
    result = []
    for name in forms.TEXTS + forms.DATES + forms.INTEGERS + forms.NUMBERS:
        field = cast("Field[Any, Any]", ParameterSet._meta.get_field(name))
        value = getattr(params, name)
        if post is not None:
            shown: Any = post.get(name, "")
        elif isinstance(value, float):
            shown = f"{value:g}" if value < 1 else f"{value:.0f}"
        else:
            shown = value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else value)
        kind = {"notes": "textarea", "default_band": "band"}.get(
            name, "date" if name in forms.DATES else "text" if name in forms.TEXTS else "number"
        )
        result.append(
            {"name": name, "label": field.verbose_name, "kind": kind, "value": shown, "help": field.help_text}
        )
    return result


@login_required
def parameters(request: HttpRequest) -> HttpResponse:
    actions.assert_planner(request.user)
    params = store.current_set()
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values, errors = forms.parse(params, request.POST)
        if not errors:
            try:
                actions.save_parameters(request.user, params, **values)
                return redirect("planning:index")
            except ActionError as exc:
                errors = exc.errors
    context = {
        "params": params,
        "fields": _fields(params, request.POST if request.method == "POST" else None),
        "grid": _grid(params, request.POST if request.method == "POST" else None),
        "districts": _districts(params),
        "bands": list(params.bands.all()),
        "errors": errors,
    }
    return render(request, "planning/parameters.html", context, status=400 if errors else 200)


@login_required
@require_POST
def save_scenario(request: HttpRequest) -> HttpResponse:
    actions.assert_planner(request.user)
    params = store.current_set()
    post = request.POST
    try:
        teams = post.get("teams", "").strip()
        actions.save_scenario(
            request.user,
            params,
            name=post.get("name", ""),
            deminers=compare.whole_number(post.get("deminers", ""), "deminers"),
            machines=compare.whole_number(post.get("machines", ""), "machines"),
            dogs=compare.whole_number(post.get("dogs", ""), "dogs"),
            teams=compare.whole_number(teams, "teams") if teams else None,
            notes=post.get("notes", ""),
        )
    except ActionError as exc:
        return render(request, "planning/error.html", {"errors": exc.errors}, status=400)
    return redirect("planning:index")
