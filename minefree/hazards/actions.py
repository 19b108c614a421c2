"""Named write actions on hazardous areas: each atomic, permission-checked and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point
from django.db import transaction
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.dates import check_day
from minefree.core.errors import ActionError, Conflict, check_version
from minefree.core.geometry import SLIVER_M2, area_m2, check_polygon, cleaned
from minefree.core.permissions import Action, assert_can, assert_may_add
from minefree.core.references import next_reference
from minefree.gazetteer.models import AdminArea, Country
from minefree.hazards import timeline
from minefree.hazards.checks import checked_hazard_geometry, placed
from minefree.hazards.models import (
    REMAINING,
    CompletionReport,
    HazardArea,
    HazardEvent,
    LandReleaseActivity,
    Method,
    OrdnanceFind,
    ReleaseKind,
    Status,
)
from minefree.organisations.models import Organisation, Team

IDENTITY_FIELDS = ("name", "admin_area", "operator", "description")


def _not_future(day: dt.date, field: str) -> None:
    check_day(day, field)


def _locked(user: Any, hazard: HazardArea) -> HazardArea:
    """The area re-read under its row lock (SQLite: the IMMEDIATE transaction), then the permission
    checked on what it is now: a concurrent edit may have moved it to another operator or area."""
    hazard = HazardArea.objects.select_for_update().get(pk=hazard.pk)
    assert_can(hazard, user, Action.CHANGE)
    return hazard


@transaction.atomic
def create_hazard_area(
    user: Any,
    *,
    name: str,
    admin_area: AdminArea,
    classification: str,
    contamination: str,
    geometry: GEOSGeometry | None,
    recorded_on: dt.date,
    operator: Organisation | None = None,
    mechanical_suitable: bool = False,
    description: str = "",
    confirm: bool = False,
) -> HazardArea:
    assert_may_add(user, HazardArea, operator.pk if operator else None, admin_area)
    _not_future(recorded_on, "recorded_on")
    country = admin_area.country
    geom = checked_hazard_geometry(geometry, admin_area, confirm=confirm)
    hazard = HazardArea(
        reference=next_reference(HazardArea, f"{country.code}-HA-"),
        name=name,
        country=country,
        admin_area=admin_area,
        operator=operator,
        classification=classification,
        contamination=contamination,
        status=Status.OPEN,
        geometry=geom,
        area_m2=area_m2(geom),
        mechanical_suitable=mechanical_suitable,
        recorded_on=recorded_on,
        description=description,
    )
    hazard.save()
    timeline.record(
        hazard,
        recorded_on,
        HazardEvent.Kind.CREATE,
        "create_hazard_area",
        {name: getattr(hazard, name) for name in timeline.STATE_FIELDS},
    )
    hazard.save()
    # An editor limited to some admin areas may not create outside them; the transaction undoes it.
    assert_can(hazard, user, Action.CHANGE)
    audit.record(user, "create_hazard_area", hazard, None, audit.snapshot(hazard))
    return hazard


@transaction.atomic
def update_hazard_area(
    user: Any,
    hazard: HazardArea,
    *,
    expected_version: int | None,
    effective_date: dt.date,
    changes: dict[str, Any],
    confirm: bool = False,
) -> HazardArea:
    """Change attributes or geometry from `effective_date` on; refuses stale versions."""
    hazard = _locked(user, hazard)
    before = audit.snapshot(hazard)
    check_version(hazard.version, expected_version, before)
    _not_future(effective_date, "effective_date")
    unknown = set(changes) - set(IDENTITY_FIELDS) - set(timeline.STATE_FIELDS)
    if unknown:
        raise ActionError(_("These fields cannot be changed: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if changes.get("operator") is not None and changes["operator"] != hazard.operator:
        # Handing a hazard to an operator is adding a record for that operator.
        assert_may_add(user, HazardArea, changes["operator"].pk, hazard.admin_area)
    if changes.get("status") in (Status.CLOSED, Status.HANDED_OVER):
        raise ActionError(
            _(
                "A hazardous area closes when land release leaves nothing of it, and is handed over by a "
                "completion report; its status cannot be set to that by hand."
            ),
            field="status",
        )
    if changes.get("status") in REMAINING and hazard.geometry is None and "geometry" not in changes:
        raise ActionError(_("To reopen a closed area, give the polygon that is contaminated again."), field="geometry")
    district = changes.get("admin_area") or hazard.admin_area
    if "geometry" in changes:
        changes["geometry"] = checked_hazard_geometry(
            changes["geometry"], district, exclude_pk=hazard.pk, confirm=confirm
        )
    elif "admin_area" in changes and hazard.geometry is not None:
        moved = placed(hazard.geometry, district)  # a new district must hold the polygon too
        if moved.errors:
            raise ActionError(moved.errors)
    state_changes = {k: v for k, v in changes.items() if k in timeline.STATE_FIELDS}
    if state_changes:
        timeline.record(hazard, effective_date, HazardEvent.Kind.UPDATE, "update_hazard_area", state_changes)
    for name in IDENTITY_FIELDS:
        if name in changes:
            setattr(hazard, name, changes[name])
    hazard.version += 1
    hazard.save()
    audit.record(user, "update_hazard_area", hazard, before, audit.snapshot(hazard))
    return hazard


def _release_geometry(hazard: HazardArea, geometry: GEOSGeometry | None, day: dt.date) -> MultiPolygon:
    if geometry is None:
        raise ActionError(_("The released polygon is missing."), field="geometry")
    if geometry.srid is None:
        geometry.srid = 4326
    elif geometry.srid != 4326:  # e.g. UTM: clipping compares coordinates, so both must be lon/lat
        geometry = geometry.transform(4326, clone=True)
    result = check_polygon(geometry, country=hazard.country.boundary, country_name=hazard.country.name)
    if result.errors:
        raise ActionError({"geometry": result.errors})
    if day < hazard.recorded_on:
        raise ActionError(
            _("Land cannot be released on %(day)s, before the hazardous area was recorded (%(first)s).")
            % {"day": day, "first": hazard.recorded_on},
            field="end_date",
        )
    state = timeline.state_on(hazard, day)
    if state is None or state.geometry is None:
        raise ActionError(
            _("%(ref)s has no contaminated land on %(day)s to release.") % {"ref": hazard.reference, "day": day},
            field="end_date",
        )
    clipped = cleaned(geometry.intersection(state.geometry))  # no spikes along the hazard's edge
    if clipped is None or area_m2(clipped) < SLIVER_M2:
        raise ActionError(
            _("The released polygon does not overlap %(ref)s as it was on %(day)s.")
            % {"ref": hazard.reference, "day": day},
            field="geometry",
        )
    return clipped


@transaction.atomic
def release_land(
    user: Any,
    hazard: HazardArea,
    *,
    kind: str,
    method: str,
    geometry: GEOSGeometry | None,
    start_date: dt.date,
    end_date: dt.date,
    organisation: Organisation,
    team: Team | None = None,
    depth_cm: int | None = None,
) -> LandReleaseActivity:
    """Record survey or clearance and take the released land out of the hazardous area."""
    hazard = _locked(user, hazard)
    assert_may_add(user, LandReleaseActivity, organisation.pk, hazard.admin_area)
    if end_date < start_date:
        raise ActionError(_("The end date is before the start date."), field="end_date")
    _not_future(end_date, "end_date")
    if (kind == ReleaseKind.CANCEL) != (method == Method.SURVEY):
        raise ActionError(
            _(
                "Non-technical survey cancels land with method 'survey'; reduction and clearance "
                "need manual, mechanical or dogs."
            ),
            field="method",
        )
    if team is not None and team.organisation_id != organisation.pk:
        raise ActionError(_("Team %(team)s belongs to another organisation.") % {"team": team}, field="team")
    before = audit.snapshot(hazard)
    released = _release_geometry(hazard, geometry, end_date)
    activity = LandReleaseActivity.objects.create(
        reference=next_reference(LandReleaseActivity, f"{hazard.country.code}-LR-"),
        hazard=hazard,
        organisation=organisation,
        team=team,
        kind=kind,
        method=method,
        geometry=released,
        area_m2=area_m2(released),
        start_date=start_date,
        end_date=end_date,
        depth_cm=depth_cm,
    )
    timeline.record(hazard, end_date, HazardEvent.Kind.RELEASE, "release_land", activity=activity)
    hazard.version += 1
    hazard.save()
    audit.record(user, "release_land", activity, None, audit.snapshot(activity), related_to=hazard.reference)
    audit.record(user, "release_land", hazard, before, audit.snapshot(hazard), related_to=activity.reference)
    return activity


@transaction.atomic
def record_ordnance(
    user: Any,
    hazard: HazardArea | None,
    *,
    organisation: Organisation,
    category: str,
    ordnance_type: str,
    quantity: int,
    found_on: dt.date,
    disposal: str,
    disposed_on: dt.date,
    activity: LandReleaseActivity | None = None,
    location: Point | None = None,
    location_altitude_m: int | None = None,
    location_accuracy_m: int | None = None,
) -> OrdnanceFind:
    """Ordnance found in a hazardous area, or (no hazard, a location) by a spot task."""
    assert_may_add(user, OrdnanceFind, organisation.pk, hazard.admin_area if hazard else None)
    if hazard is not None:
        assert_can(hazard, user, Action.CHANGE)
    elif location is None:
        raise ActionError(_("A spot task needs the location where the ordnance was found."), field="location")
    _not_future(found_on, "found_on")
    _not_future(disposed_on, "disposed_on")
    if quantity < 1:
        raise ActionError(_("The quantity must be at least 1."), field="quantity")
    if disposed_on < found_on:
        raise ActionError(_("Disposal cannot come before the find."), field="disposed_on")
    if activity is not None and (hazard is None or activity.hazard_id != hazard.pk):
        raise ActionError(_("The activity belongs to another hazardous area."), field="activity")
    country: Country | None = hazard.country if hazard is not None else None
    if country is None:
        assert location is not None
        country = Country.objects.filter(boundary__covers=location).first()
        if country is None:
            raise ActionError(_("The location lies in no country this system knows."), field="location")
    find = OrdnanceFind.objects.create(
        country=country,
        hazard=hazard,
        activity=activity,
        location=location,
        location_altitude_m=location_altitude_m,
        location_accuracy_m=location_accuracy_m,
        organisation=organisation,
        category=category,
        ordnance_type=ordnance_type,
        quantity=quantity,
        found_on=found_on,
        disposal=disposal,
        disposed_on=disposed_on,
    )
    related = hazard.reference if hazard else "spot task"
    audit.record(user, "record_ordnance", find, None, audit.snapshot(find), related_to=related)
    return find


@transaction.atomic
def complete_hazard_area(
    user: Any,
    hazard: HazardArea,
    *,
    organisation: Organisation,
    completed_on: dt.date,
    certificate_number: str,
    handed_over_on: dt.date,
    handed_over_to: str,
    residual_risk_owner: str,
    notes: str = "",
) -> CompletionReport:
    """IMAS 08.30: close the file on a released area and hand it over to its users."""
    hazard = _locked(user, hazard)
    assert_may_add(user, CompletionReport, organisation.pk, hazard.admin_area)
    _not_future(handed_over_on, "handed_over_on")
    if hazard.status == Status.HANDED_OVER:
        raise Conflict(
            _("%(ref)s was already handed over; nothing was changed.") % {"ref": hazard.reference}, field="status"
        )
    if hazard.status != Status.CLOSED:
        raise ActionError(
            _("%(ref)s still has %(m2).0f m² of contaminated land; release it before completion.")
            % {"ref": hazard.reference, "m2": hazard.area_m2},
        )
    if handed_over_on < completed_on:
        raise ActionError(_("Handover cannot come before completion."), field="handed_over_on")
    before = audit.snapshot(hazard)
    report = CompletionReport.objects.create(
        hazard=hazard,
        organisation=organisation,
        completed_on=completed_on,
        certificate_number=certificate_number,
        handed_over_on=handed_over_on,
        handed_over_to=handed_over_to,
        residual_risk_owner=residual_risk_owner,
        notes=notes,
    )
    timeline.record(hazard, handed_over_on, HazardEvent.Kind.HANDOVER, "complete_hazard_area")
    hazard.version += 1
    hazard.save()
    audit.record(user, "complete_hazard_area", report, None, audit.snapshot(report), related_to=hazard.reference)
    audit.record(
        user, "complete_hazard_area", hazard, before, audit.snapshot(hazard), related_to=report.certificate_number
    )
    return report
