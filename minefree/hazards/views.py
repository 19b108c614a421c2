"""Web pages for hazardous areas: map, list, detail, history, create and edit."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, Func, TextField, Value
from django.db.models.functions import Cast, Concat
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from minefree.core import history, labels, pagedata
from minefree.core.action_names import action_label
from minefree.core.errors import ActionError, ConcurrentEdit, NeedsConfirmation
from minefree.core.forms import add_action_errors, form_status
from minefree.core.json_sql import JSONText
from minefree.core.paging import keyset_page
from minefree.core.permissions import Action, can
from minefree.fieldwork.next_reports import next_reports
from minefree.gazetteer.home import local_today
from minefree.gazetteer.models import AdminArea
from minefree.hazards import actions, map_tiles
from minefree.hazards import area_basis as basis
from minefree.hazards.as_of import STATE_FILTERS, AsOfForm, parse_as_of, states_on
from minefree.hazards.drawing import drawing_context
from minefree.hazards.filters import HazardAreaFilter
from minefree.hazards.forms import HazardAreaEditForm, HazardAreaForm
from minefree.hazards.models import AreaBasis, HazardArea, HazardAreaState, LandReleaseActivity, OrdnanceFind
from minefree.hazards.symbology import LEGEND
from minefree.legacy import external_ids

PAGE_SIZE = 50
RELEASE_COLUMNS = ("reference", "kind", "method", "organisation", "team", "start_date", "end_date", "area_m2")
ORDNANCE_COLUMNS = ("found_on", "category", "ordnance_type", "quantity", "disposal", "activity")
COMPLETION_FACTS = ("completed_on", "certificate_number", "handed_over_on", "handed_over_to", "residual_risk_owner")


def _visible(request: HttpRequest, action: Action = Action.VIEW):  # type: ignore[no-untyped-def]
    return HazardArea.objects.restrict(request.user, action)


def _get(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> HazardArea:
    hazard = _visible(request, action).select_related("admin_area__parent", "operator", "country").filter(pk=pk).first()
    if hazard is None:
        # Same answer for "does not exist" and "not yours": ids reveal nothing.
        raise Http404(_("No such hazardous area."))
    return hazard


@login_required
def hazard_map(request: HttpRequest) -> HttpResponse:
    filters = HazardAreaFilter(request.GET, queryset=_visible(request))
    dated = AsOfForm(request.GET)
    day = dated.day()
    query = request.GET.copy()
    if day is None:
        query.pop("as_of", None)  # a date the form refused: the map stays on today, the message says why
    # Admin boundaries are public reference data: they give the map its bearings without tiles.
    regions = AdminArea.objects.filter(level=1).annotate(shape=AsGeoJSON("boundary", precision=4))
    outlines = pagedata.parsed(r.shape for r in regions)
    context = {
        "filter": filters,
        "as_of_form": dated,
        "as_of": day,
        "legend": LEGEND,
        "outlines": outlines,
        "query": query.urlencode(),
    }
    if day is None:  # today: drawn from vector tiles; a past day still comes as one GeoJSON (map.geojson)
        context["tiles"] = map_tiles.tiles_url(filters)
        context["figures"] = map_tiles.figures(filters)
    return render(request, "hazards/map.html", context, status=200 if dated.is_valid() else 400)


def _feature(hazard: str) -> Concat:
    """Each hazard's whole GeoJSON Feature as text from the database, so Python only joins strings.

    `hazard`: the path to the area from the rows read ("" for HazardArea, "hazard__" for its states).
    """
    return Concat(
        Value('{"type":"Feature","id":'),
        Cast(f"{hazard}id", TextField()),
        Value(',"properties":'),
        JSONText(
            reference=f"{hazard}reference",
            name=f"{hazard}name",
            classification="classification",
            status="status",
            area_m2=Cast(Func("area_m2", function="ROUND"), BigIntegerField()),  # Round() would go via numeric
        ),
        Value(',"geometry":'),
        AsGeoJSON("geometry", precision=6),
        Value("}"),
        output_field=TextField(),
    )


FEATURE = _feature("")
STATE_FEATURE = _feature("hazard__")


def _feature_collection(features: Any) -> HttpResponse:
    body = '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"
    return HttpResponse(body, content_type="application/geo+json")


@login_required
def map_geojson(request: HttpRequest) -> HttpResponse:
    """Every visible hazard polygon in one FeatureCollection; the database writes each Feature's text.

    With as_of=YYYY-MM-DD, each area's polygon, classification, status and area as they stood that day.
    """
    try:
        day = parse_as_of(request.GET.get("as_of"))
    except ActionError as error:
        return JsonResponse(error.errors, status=400)
    filters = HazardAreaFilter(request.GET, queryset=_visible(request))
    if day is None:
        rows = filters.qs.filter(geometry__isnull=False).annotate(feature=FEATURE)
        return _feature_collection(rows.values_list("feature", flat=True).order_by("id"))
    # The area's own filters (name, place, operator) pick the areas; the state's pick their state that day.
    areas = HazardAreaFilter(_without(request.GET, STATE_FILTERS), queryset=_visible(request)).qs
    states = states_on(day, areas).filter(geometry__isnull=False)
    filters.form.is_valid()  # a refused value drops that filter alone, as on today's map
    chosen = filters.form.cleaned_data
    if chosen.get("status"):
        states = states.filter(status__in=chosen["status"])
    for name in ("classification", "contamination"):
        if chosen.get(name):
            states = states.filter(**{name: chosen[name]})
    rows = states.annotate(feature=STATE_FEATURE)
    return _feature_collection(rows.values_list("feature", flat=True).order_by("hazard_id"))


def _without(query: QueryDict, names: tuple[str, ...]) -> QueryDict:
    kept = query.copy()
    for name in names:
        kept.pop(name, None)
    return kept


@login_required
def hazard_list(request: HttpRequest) -> HttpResponse:
    filters = HazardAreaFilter(request.GET, queryset=_visible(request).select_related("admin_area", "operator"))
    qs = filters.qs.order_by("reference")
    page = keyset_page(request, qs, PAGE_SIZE, key="reference", descending=False)
    rows, next_query = page.rows, page.next_query
    return render(
        request,
        "hazards/list.html",
        {
            "filter": filters,
            "rows": rows,
            "next_query": next_query,
            "first_query": page.first_query,
            "can_add": can(request.user, Action.ADD, HazardArea),
        },
    )


@login_required
def hazard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    hazard = _get(request, pk)
    activities = (
        LandReleaseActivity.objects.restrict(request.user)
        .filter(hazard=hazard)
        .select_related("organisation", "team__organisation")
    )
    ordnance = OrdnanceFind.objects.restrict(request.user).filter(hazard=hazard).select_related("activity")
    completion = getattr(hazard, "completion", None)
    place = (hazard.admin_area, hazard.admin_area.parent, hazard.country)
    return render(
        request,
        "hazards/detail.html",
        {
            "hazard": hazard,
            "facts": [
                *labels.facts(hazard, ("classification", "status", "contamination", "area_m2", "mechanical_suitable")),
                (labels.label(HazardArea, "admin_area"), ", ".join(str(p) for p in place if p)),
                *labels.facts(hazard, ("operator", "recorded_on", "version", "description")),
                *legacy_facts(hazard),
            ],
            "activities": labels.table(activities, RELEASE_COLUMNS),
            "ordnance": labels.table(ordnance, ORDNANCE_COLUMNS),
            "completion": completion and labels.facts(completion, COMPLETION_FACTS),
            "geojson": pagedata.geojson(hazard.geometry or hazard.location),
            "released_geojson": [pagedata.geojson(a.geometry) for a in activities],
            "can_change": _visible(request, Action.CHANGE).filter(pk=pk).exists(),
            # Work on the area reaches the record through a field report, for operators and the NMAC alike.
            "next_reports": next_reports(request.user, hazard),
        },
    )


def legacy_facts(hazard: HazardArea) -> list[tuple[str, str]]:
    """What a legacy import kept: the officially recorded area, a recorded point, the IMSMA ids."""
    found = []
    if hazard.recorded_area_m2 is not None:
        found += labels.facts(hazard, ("recorded_area_m2",))
    if hazard.location is not None:
        found.append((labels.label(HazardArea, "location"), f"{hazard.location.y:.6f}, {hazard.location.x:.6f}"))
    ids = external_ids.of(hazard)
    if ids is not None:
        if ids.guid:
            found.append((str(_("IMSMA GUID")), ids.guid))
        if ids.local_id:
            found.append((str(_("IMSMA local id")), ids.local_id))
    return found


@login_required
def hazard_history(request: HttpRequest, pk: int) -> HttpResponse:
    hazard = _get(request, pk)
    columns = ("valid_from", "valid_to", "classification", "status", "area_m2")
    states = [
        ([labels.shown(state, name) for name in columns], action_label(state.cause))
        for state in hazard.states.order_by("valid_from", "id")
    ]
    return render(
        request,
        "hazards/history.html",
        {
            "hazard": hazard,
            "entries": history.history(hazard, request.user),
            "state_headers": [labels.label(HazardAreaState, name) for name in columns],
            "states": states,
        },
    )


@login_required
def hazard_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.ADD, HazardArea):
        raise PermissionDenied
    form = HazardAreaForm(request.POST or None, request.FILES or None, initial={"recorded_on": local_today()})
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            hazard = actions.create_hazard_area(
                request.user, geometry=form.geometry(), confirm=form.cleaned_data["confirm"], **form.action_fields()
            )
            return redirect("hazards:detail", pk=hazard.pk)
        except NeedsConfirmation as exc:
            warnings = [m for ms in exc.errors.values() for m in ms]
        except ActionError as exc:
            add_action_errors(form, exc)
    context = {"form": form, "warnings": warnings, "title": _("New hazardous area"), "drawing": drawing_context(form)}
    return render(request, "hazards/form.html", context, status=form_status(request, form))


@login_required
def hazard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    hazard = _get(request, pk, Action.CHANGE)
    initial = {
        name: getattr(hazard, name)
        for name in (
            "name",
            "operator",
            "classification",
            "contamination",
            "status",
            "mechanical_suitable",
            "description",
        )
    }
    initial.update(version=hazard.version, effective_date=local_today())
    form = HazardAreaEditForm(request.POST or None, request.FILES or None, initial=initial)
    warnings: list[str] = []
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_hazard_area(
                request.user,
                hazard,
                expected_version=form.cleaned_data["version"],
                effective_date=form.cleaned_data["effective_date"],
                changes=form.changes(hazard),
                confirm=form.cleaned_data["confirm"],
            )
            return redirect("hazards:detail", pk=hazard.pk)
        except NeedsConfirmation as exc:
            warnings = [m for ms in exc.errors.values() for m in ms]
        except ConcurrentEdit as exc:
            add_action_errors(form, exc)
            current = exc.current
        except ActionError as exc:
            add_action_errors(form, exc)
    return render(
        request,
        "hazards/form.html",
        {
            "form": form,
            "warnings": warnings,
            "hazard": hazard,
            "current": current,
            "geojson": pagedata.geojson(hazard.geometry or hazard.location),
            "title": _("Edit %(ref)s") % {"ref": hazard.reference},
            "drawing": drawing_context(form, own=hazard.pk),
        },
        status=form_status(request, form),
    )


@login_required
def area_basis(request: HttpRequest) -> HttpResponse:
    """The centre's choice of the area its contamination figures add up (hazards/area_basis.py)."""
    if not basis.may_choose(request.user):
        raise PermissionDenied(_("Only national editors choose which area the figures use."))
    error = ""
    if request.method == "POST":
        try:
            basis.set_area_basis(request.user, request.POST.get("area_basis", ""))
        except ActionError as exc:
            error = str(exc)
        else:
            return redirect("hazards:area-basis")
    context = {"choices": AreaBasis.choices, "current": basis.current(), "error": error}
    return render(request, "hazards/area_basis.html", context, status=400 if error else 200)
