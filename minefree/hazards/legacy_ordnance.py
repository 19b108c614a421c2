"""Explosive ordnance found, from a legacy file: the spot task report's questions, plus who found
it and when, and where: the land release activity or hazardous area it was found in (by MineFree
reference or IMSMA id), or, for a spot task, only its location."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minefree.fieldwork import legacy_lookups as lookups
from minefree.fieldwork import legacy_rows as rows_
from minefree.fieldwork import legacy_writes as writes
from minefree.fieldwork.declare import KINDS, Question
from minefree.hazards import reports
from minefree.hazards.checks import placed_point
from minefree.hazards.models import HazardArea, LandReleaseActivity, OrdnanceFind
from minefree.legacy.targets import Context, Row

assert reports.REPORTED_STATUSES  # the report kinds are declared when their module is imported

WHERE = (
    rows_.named_record("activity", gettext_lazy("Land release activity")),
    rows_.named_record("hazard", gettext_lazy("Hazardous area")),
)


class OrdnanceTarget(writes.BulkTarget):
    name = "ordnance"
    label = gettext_lazy("Explosive ordnance found")
    model = OrdnanceFind
    create_action = "record_ordnance"
    update_action = "update_ordnance"
    prefix = ""  # a find has no reference of its own

    def questions(self) -> tuple[Question, ...]:
        kind = KINDS["spot_task"]
        return (rows_.ORGANISATION, rows_.day_question("found_on", kind.date_label), *kind.questions, *WHERE)

    def owner(self, item: writes.Item) -> tuple[Any, Any]:
        hazard = item.values["hazard"]
        return item.values["organisation"], hazard.admin_area if hazard is not None else None

    def read(self, rows: Sequence[Row], context: Context) -> tuple[list[writes.Item], rows_.Problems]:
        clean, problems = rows_.read_rows(self.questions(), rows)
        activities = lookups.records_named(LandReleaseActivity, (v["activity"] for v in clean.values()), ("hazard",))
        hazards = lookups.hazards_named(
            context, [v["hazard"] for v in clean.values()] + [a.hazard.reference for a in activities.values()]
        )
        changeable = writes.may_change(context.user, HazardArea, (h.pk for h in hazards.values()))
        items = []
        for row in rows:
            v = clean[row.number]
            v["organisation"] = lookups.find_organisation(context, row, v["organisation"], problems)
            problems += [(row, f, m) for f, m in _where(v, activities, hazards)]
            hazard = v["hazard"]
            if hazard is not None and hazard.pk not in changeable:
                problems.append((row, "hazard", _("You may not change %(ref)s.") % {"ref": hazard.reference}))
            if v["found_on"] and v["disposed_on"] and v["disposed_on"] < v["found_on"]:
                problems.append((row, "disposed_on", _("Disposal cannot come before the find.")))
            v["country"] = hazard.country if hazard is not None else None
            point = v["location"]
            if point is not None:
                if hazard is not None:
                    problems += [(row, "location", m) for m in placed_point(point, None, country=hazard.country)]
                else:
                    v["country"] = lookups.country_of(context, point)
                    if v["country"] is None:
                        problems.append((row, "location", _("The location lies in no country this system knows.")))
            items.append(writes.Item(row, v))
        return items, problems


def _where(v: dict[str, Any], activities: dict[str, Any], hazards: dict[str, Any]) -> list[tuple[str, str]]:
    """Resolve the activity and the hazard a row names (the activity's hazard when only it is named)."""
    found: list[tuple[str, str]] = []
    named_activity, named_hazard = v["activity"], v["hazard"]
    activity = activities.get(named_activity) if named_activity else None
    hazard = hazards.get(named_hazard) if named_hazard else None
    if named_activity and activity is None:
        found.append(
            ("activity", _("No land release activity with reference or IMSMA id %(id)s.") % {"id": named_activity})
        )
    if named_hazard and hazard is None:
        found.append(("hazard", _("No hazardous area with reference or IMSMA id %(id)s.") % {"id": named_hazard}))
    if activity is not None:
        if hazard is None and not named_hazard:
            hazard = hazards.get(activity.hazard.reference)
        elif hazard is not None and activity.hazard_id != hazard.pk:
            found.append(("activity", _("The activity belongs to another hazardous area.")))
    if not (hazard or named_hazard or named_activity or v["location"]):
        found.append(("location", _("A spot task needs the location where the ordnance was found.")))
    v["activity"], v["hazard"] = activity, hazard
    return found
