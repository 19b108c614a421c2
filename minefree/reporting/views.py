"""Treaty report pages: the years, one year's cover page and forms, the XLSX / PDF / JSON downloads.

Every figure is read through `restrict` (treaty/sources.py `Sources.for_user`); the NMAC's text
is written through the named actions in treaty/actions.py.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from minefree.core.dates import earliest_day
from minefree.core.errors import ActionError
from minefree.core.forms import add_action_errors
from minefree.core.permissions import Action, Capability, assert_may_add, has
from minefree.exports.jobs import start_job
from minefree.gazetteer.home import home_country_code, local_today
from minefree.reporting.models import Treaty, TreatyReport
from minefree.reporting.treaty import actions, build, jobs
from minefree.reporting.treaty.cli import render as render_file
from minefree.reporting.treaty.jobs import CONTENT_TYPES
from minefree.reporting.treaty.narrative import NarrativeForm
from minefree.reporting.treaty.sources import Sources


def _require_reader(request: HttpRequest) -> None:
    if not has(request.user, Capability.VIEW_RECORD):
        raise PermissionDenied(_("Treaty reports are for users who may read the national record."))


def _may_edit(request: HttpRequest) -> bool:
    try:
        assert_may_add(request.user, TreatyReport, None)
    except PermissionDenied:
        return False
    return True


def _treaty(treaty: str, year: int) -> str:
    """The treaty of the address, or 404; so is a year no report can be about (year 0 is no date)."""
    if treaty not in Treaty.values or not earliest_day().year <= year <= local_today().year:
        raise Http404
    return treaty


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    src = Sources.for_user(request.user)
    first = src.states.filter(hazard__country__code=home_country_code()).aggregate(first=Min("valid_from"))["first"]
    this_year = local_today().year
    years = list(range(this_year, (first or dt.date(this_year, 1, 1)).year - 1, -1))
    entered = {(r.treaty, r.year): r for r in TreatyReport.objects.restrict(request.user, Action.VIEW)}
    rows = [(year, [(code, label, entered.get((code, year))) for code, label in Treaty.choices]) for year in years]
    return render(request, "treaty/index.html", {"rows": rows, "treaties": Treaty.choices})


@login_required
def detail(request: HttpRequest, treaty: str, year: int) -> HttpResponse:
    _require_reader(request)
    treaty = _treaty(treaty, year)
    entered = TreatyReport.objects.restrict(request.user, Action.VIEW).filter(treaty=treaty, year=year).first()
    editable = _may_edit(request)
    form = None
    if editable:
        form = NarrativeForm(request.POST or None, titles=build.TITLES[treaty](), report=entered)
    elif request.method == "POST":
        raise PermissionDenied(_("Only NMAC staff who edit the national record write treaty reports."))
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            actions.save_treaty_report(
                request.user,
                treaty=treaty,
                year=year,
                narratives=form.narratives(),
                contact=form.cleaned_data["contact"] or "",
                submitted_on=form.cleaned_data["submitted_on"],
                expected_version=form.cleaned_data["version"],
            )
            return redirect("treaty:detail", treaty=treaty, year=year)
        except ActionError as exc:
            add_action_errors(form, exc)
    try:
        report = build.generate(Sources.for_user(request.user), treaty, year)
    except ActionError as exc:
        context = {"treaty": treaty, "year": year, "error": exc, "form": form}
        return render(request, "treaty/detail.html", context, status=404)
    context = {"treaty": treaty, "year": year, "report": report, "form": form, "entered": entered}
    return render(request, "treaty/detail.html", context)


@login_required
@require_POST
def submit(request: HttpRequest, treaty: str, year: int) -> HttpResponse:
    """Record the report as submitted on a date: its content becomes next year's baseline."""
    _require_reader(request)
    treaty = _treaty(treaty, year)
    try:
        day = dt.date.fromisoformat(request.POST.get("submitted_on", ""))
    except ValueError:
        day = None
    try:
        if day is None:
            raise ActionError(_("Give the date of submission like 2020-04-30."), field="submitted_on")
        actions.record_treaty_submission(request.user, treaty=treaty, year=year, submitted_on=day)
    except ActionError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    return redirect("treaty:detail", treaty=treaty, year=year)


@login_required
@require_http_methods(["GET", "POST"])
def download(request: HttpRequest, treaty: str, year: int, fmt: str) -> HttpResponse:
    _require_reader(request)
    treaty = _treaty(treaty, year)
    if fmt not in CONTENT_TYPES:
        raise Http404
    src = Sources.for_user(request.user)
    areas = jobs.too_large_for_a_request(src, home_country_code(), year)
    if areas is not None:
        if request.method == "POST":
            job = start_job(request.user, "article7", {"treaty": treaty, "year": year, "format": fmt})
            return redirect("exports:job", pk=job.pk)
        # A GET never starts long work: it offers the button that does.
        context = {"treaty": treaty, "year": year, "fmt": fmt, "areas": areas}
        return render(request, "treaty/large.html", context)
    try:
        report = build.generate(src, treaty, year)
    except ActionError as exc:
        return HttpResponse(str(exc), status=404, content_type="text/plain; charset=utf-8")
    response = HttpResponse(render_file(report, fmt), content_type=CONTENT_TYPES[fmt])
    if fmt != "json":
        name = f"article7-{treaty}-{year}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
