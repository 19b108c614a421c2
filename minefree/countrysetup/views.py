"""The NMAC administrator's set-up pages: the country, and its areas from a boundaries file
(upload, preview, pick the columns, load). Everyone else is refused (actor.assert_administrator)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from minefree.core.errors import ActionError
from minefree.core.forms import add_action_errors, form_status
from minefree.countrysetup import actions, columns, sources, uploads
from minefree.countrysetup.actor import assert_administrator
from minefree.countrysetup.boundaries import load_areas
from minefree.countrysetup.forms import BoundaryUploadForm, ColumnsForm, CountryForm
from minefree.countrysetup.outline import outline_from_file
from minefree.countrysetup.sources import BoundaryFileError
from minefree.dashboards.models import Publication
from minefree.gazetteer.home import home_country
from minefree.gazetteer.models import Country
from minefree.organisations.models import Organisation, Team

View = Callable[..., HttpResponse]


def administrator_only(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assert_administrator(request.user)
        return view(request, *args, **kwargs)

    return wrapped


@administrator_only
def overview(request: HttpRequest) -> HttpResponse:
    countries = Country.objects.annotate(
        regions=Count("admin_areas", filter=Q(admin_areas__level=1)),
        districts=Count("admin_areas", filter=Q(admin_areas__level=2)),
    ).order_by("code")
    context = {
        "countries": countries,
        "home": home_country(),
        "publication": Publication.current(),
        "organisations": Organisation.objects.count(),
        "teams": Team.objects.count(),
        "users": User.objects.filter(is_active=True).count(),
    }
    return render(request, "countrysetup/overview.html", context)


def _stored_boundary(upload: Any, layer: str) -> Any:
    """The uploaded outline joined into one MultiPolygon (the file is kept only while it is read)."""
    with uploads.temporary(upload) as path:
        return outline_from_file(path, layer or None, label=Path(upload.name or "").name)


@administrator_only
def country_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    country = Country.objects.filter(code=code).first() if code else None
    if code and country is None:
        raise Http404
    initial: dict[str, Any] = {"time_zone": "UTC"}
    if country is not None:
        initial = {"code": country.code, "name": country.name, "time_zone": country.time_zone}
        initial |= {f"name_{k}": v for k, v in country.names.items()}
        initial["approximate"] = country.approximate
        initial["working_srids"] = ", ".join(str(code) for code in country.working_srids)
    form = CountryForm(request.POST or None, request.FILES or None, initial=initial, new=country is None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            boundary = _stored_boundary(data["boundary"], data["boundary_layer"]) if data["boundary"] else None
            actions.save_country(
                request.user,
                code=country.code if country else data["code"],
                name=data["name"],
                names=form.names(),
                time_zone=data["time_zone"],
                boundary=boundary,
                approximate=data["approximate"],
                working_srids=data["working_srids"],
            )
            return redirect("countrysetup:overview")
        except BoundaryFileError as exc:
            for problem in exc.problems:
                form.add_error("boundary", problem)
        except ActionError as exc:
            add_action_errors(form, exc)
    title = _("Country %(name)s") % {"name": country.display_name} if country else _("New country")
    context = {"form": form, "title": title, "multipart": True}
    return render(request, "countrysetup/form.html", context, status=form_status(request, form))


@administrator_only
def areas_upload(request: HttpRequest) -> HttpResponse:
    initial = {"country": home_country(), "level": request.GET.get("level", 1)}
    form = BoundaryUploadForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token = uploads.keep(request, data["file"], data["country"].code, data["level"])
            return redirect("countrysetup:areas-preview", token=token)
        except BoundaryFileError as exc:
            for problem in exc.problems:
                form.add_error("file", problem)
    context = {"form": form, "title": _("Load regions or districts"), "multipart": True}
    return render(request, "countrysetup/form.html", context, status=form_status(request, form))


def _refused(request: HttpRequest, entry: dict[str, Any], problems: list[str]) -> HttpResponse:
    return render(request, "countrysetup/preview.html", {"entry": entry, "problems": problems}, status=400)


@administrator_only
def areas_preview(request: HttpRequest, token: str) -> HttpResponse:
    path, entry = uploads.kept(request, token)
    label, level = str(entry["name"]), int(entry["level"])
    country = Country.objects.filter(code=entry["country"]).first()
    if country is None:
        raise Http404
    try:
        layers = sources.layer_names(path, label)
        asked = request.GET.get("layer", "")
        layer = asked if asked in layers else layers[0]
        info = sources.describe(path, label, layer)
        sample = sources.preview(path, label, layer)
    except BoundaryFileError as exc:
        uploads.forget(request, token)
        return _refused(request, entry, exc.problems)
    guessed = columns.guess(level, info.columns, sample)
    form = ColumnsForm(request.POST or None, columns=info.columns, level=level, guessed=guessed)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        chosen = columns.chosen(level, info.columns, sample, **form.given())
        try:
            result = load_areas(request.user, country, level, path, chosen, layer=layer, label=label)
        except BoundaryFileError as exc:
            problems = exc.problems
        else:
            uploads.forget(request, token)
            return render(request, "countrysetup/loaded.html", {"result": result, "country": country, "label": label})
    context = {
        "entry": entry,
        "country": country,
        "level": level,
        "layers": layers,
        "info": info,
        "sample": sample,
        "form": form,
        "problems": problems,
    }
    return render(request, "countrysetup/preview.html", context, status=400 if problems else form_status(request, form))
