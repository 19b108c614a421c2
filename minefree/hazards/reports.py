"""The field reports that change the national record of hazardous areas: a new or changed area,
land release progress, completion and handover, and an ordnance spot task."""

from __future__ import annotations

from typing import Any

from django.contrib.gis.geos import Point
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minefree.fieldwork.declare import from_model, report_kind
from minefree.fieldwork.payload import Apply, Fields, Reader
from minefree.hazards import actions
from minefree.hazards.models import CompletionReport, HazardArea, LandReleaseActivity, OrdnanceFind, Status

# A report may move an area between these; opening, closing and cancelling are other reports' work.
REPORTED_STATUSES = (Status.OPEN, Status.WORKED_ON, Status.SUSPENDED)
GEOPACKAGE_KEYS = frozenset({"version", "geopackage"})  # a GeoPackage edit's origin: area version, file, feature

HAZARD_QUESTIONS = (
    from_model(HazardArea, "name"),
    from_model(
        HazardArea,
        "admin_area",
        required=False,
        help=gettext_lazy("Left empty, the district that holds the polygon."),
    ),
    from_model(HazardArea, "classification"),
    from_model(HazardArea, "contamination"),
    from_model(HazardArea, "geometry", label=gettext_lazy("Polygon")),
    from_model(HazardArea, "mechanical_suitable", on_phones=False),  # decided by technical survey, at the desk
    from_model(HazardArea, "description"),
    from_model(
        HazardArea,
        "status",
        required=False,
        choices=tuple((s.value, s.label) for s in REPORTED_STATUSES),
        help=gettext_lazy("Only for a change to an existing area."),
        on_phones=False,  # the phone form reports new areas; their status is open
    ),
)


@report_kind(
    "hazard", gettext_lazy("Hazardous area report"), HAZARD_QUESTIONS, reads_given=True, known_elsewhere=GEOPACKAGE_KEYS
)
def hazard_report(read: Reader, _answers: Fields, report: Any) -> Apply:
    """A new area gives every field; a change to an existing one only what it changes."""
    hazard, day, org = report.hazard, report.date_of_information, report.organisation
    given = read.payload
    fields: Fields = {}
    for name in ("name", "classification", "contamination", "geometry"):
        if hazard is None or name in given:
            fields[name] = read.ask(name, required=True)
    geometry = fields.get("geometry")
    if hazard is None:
        # The district as given, checked against the polygon; or, left empty, the one holding it.
        area = read.ask("admin_area", required=geometry is None and "geometry" not in given)
        if geometry is not None and "admin_area" not in read.errors:
            area = read.place(geometry, area)
        fields["admin_area"] = area
    elif geometry is not None:
        read.place(geometry, hazard.admin_area)
    for name in ("mechanical_suitable", "description"):
        if name in given:
            fields[name] = read.ask(name)
    if "status" in given and hazard is not None:  # the web form offers it; a new area is open anyway
        fields["status"] = read.ask("status", required=True)
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        if hazard is None:
            made = actions.create_hazard_area(user, operator=org, recorded_on=day, confirm=confirm, **fields)
            return {"hazard": made.pk}
        actions.update_hazard_area(
            user, hazard, expected_version=None, effective_date=day, changes=fields, confirm=confirm
        )
        return {"hazard": hazard.pk}

    return apply


@report_kind(
    "progress",
    gettext_lazy("Land release progress report"),
    (
        from_model(LandReleaseActivity, "kind"),
        from_model(LandReleaseActivity, "method"),
        from_model(LandReleaseActivity, "geometry"),
        from_model(LandReleaseActivity, "start_date"),
        from_model(LandReleaseActivity, "depth_cm", high=10_000, unit="cm"),
        from_model(LandReleaseActivity, "team", required=False),
    ),
    date_label=gettext_lazy("End date (land released on)"),
    needs_hazard=True,
    known_elsewhere=GEOPACKAGE_KEYS,
)
def progress_report(read: Reader, answers: Fields, report: Any) -> Apply:
    hazard, day, org = report.hazard, report.date_of_information, report.organisation
    geometry, start = answers["geometry"], answers["start_date"]
    if geometry is not None and hazard is not None:  # clipped to the area, so its country is enough
        read.place(geometry, None, country=hazard.country, with_district=False)
    if start is not None and start > day:
        read.fail("start_date", _("The start date is after the date of information (the end)."))
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        activity = actions.release_land(
            user,
            hazard,
            kind=answers["kind"],
            method=answers["method"],
            geometry=geometry,
            start_date=start,
            end_date=day,
            organisation=org,
            team=answers["team"],
            depth_cm=answers["depth_cm"],
        )
        return {"hazard": hazard.pk, "activity": activity.pk}

    return apply


@report_kind(
    "completion",
    gettext_lazy("Completion report"),
    (
        from_model(CompletionReport, "certificate_number"),
        from_model(CompletionReport, "handed_over_on"),
        from_model(CompletionReport, "handed_over_to"),
        from_model(CompletionReport, "residual_risk_owner"),
        from_model(CompletionReport, "notes"),
    ),
    date_label=gettext_lazy("Completed on"),
    needs_hazard=True,
)
def completion_report(read: Reader, answers: Fields, report: Any) -> Apply:
    hazard, day = report.hazard, report.date_of_information
    handed_on = answers["handed_over_on"]
    if handed_on is not None and handed_on < day:
        read.fail("handed_over_on", _("Handover cannot come before completion."))
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        made = actions.complete_hazard_area(user, hazard, organisation=report.organisation, completed_on=day, **answers)
        return {"hazard": hazard.pk, "completion": made.pk}

    return apply


@report_kind(
    "spot_task",
    gettext_lazy("Explosive ordnance spot task"),
    (
        from_model(OrdnanceFind, "category"),
        from_model(OrdnanceFind, "ordnance_type"),
        from_model(OrdnanceFind, "quantity", low=1),
        from_model(OrdnanceFind, "disposal"),
        from_model(OrdnanceFind, "disposed_on"),
        from_model(OrdnanceFind, "location", help=gettext_lazy("Required when no hazardous area is named.")),
        # From the phone's GPS with the location (fieldcollection/mapping.py); typed at the desk if known.
        from_model(OrdnanceFind, "location_altitude_m", on_phones=False, low=-500, high=9000),
        from_model(OrdnanceFind, "location_accuracy_m", on_phones=False, high=100_000),
    ),
    date_label=gettext_lazy("Found on"),
)
def spot_task_report(read: Reader, answers: Fields, report: Any) -> Apply:
    hazard, day = report.hazard, report.date_of_information
    disposed_on = answers["disposed_on"]
    if disposed_on is not None and disposed_on < day:
        read.fail("disposed_on", _("Disposal cannot come before the find."))
    location: Point | None = answers["location"]
    if location is None and hazard is None and "location" not in read.errors:
        read.fail("location", _("This field is required."))
    read.place_point(location, None, country=hazard.country if hazard is not None else None)
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        find = actions.record_ordnance(user, hazard, organisation=report.organisation, found_on=day, **answers)
        return {"ordnance": find.pk}

    return apply
