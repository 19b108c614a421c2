"""Land release history and ordnance found, from a legacy file.

Each release row is survey or clearance of a hazardous area an earlier import (or MineFree) knows,
named by its reference or IMSMA GUID / local id. It is written by `actions.release_land`, the named
action a progress report's approval runs, so the released polygon is clipped to the area as it
stood on the end date and the area's timeline replays exactly as it does for a report. A row
imported before updates only what does not move land (method, team, depth, start, operator).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.gis.geos import GEOSGeometry
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minefree.core.errors import ActionError
from minefree.core.geometry import SLIVER_M2, area_m2, cleaned
from minefree.fieldwork import legacy_lookups as lookups
from minefree.fieldwork import legacy_rows as rows_
from minefree.fieldwork import legacy_writes as writes
from minefree.fieldwork.declare import KINDS, Question
from minefree.hazards import actions, reports
from minefree.hazards.checks import placed
from minefree.hazards.legacy_ordnance import OrdnanceTarget
from minefree.hazards.models import HazardArea, HazardAreaState, LandReleaseActivity, Method, ReleaseKind
from minefree.legacy import external_ids
from minefree.legacy.targets import Context, Counts, Row, Target, register

assert reports.REPORTED_STATUSES  # the report kinds are declared when their module is imported

HAZARD = rows_.named_record("hazard", gettext_lazy("Hazardous area"), required=True)
# What a release imported before may not change: it moved land out of the area on its end date.
LAND_FIELDS = ("kind", "end_date", "geometry")


def states_of(hazards: Sequence[HazardArea]) -> dict[int, list[HazardAreaState]]:
    """Every state of the batch's hazardous areas, in one query."""
    found: dict[int, list[HazardAreaState]] = {}
    for state in HazardAreaState.objects.filter(hazard__in=[h.pk for h in hazards]).order_by("valid_from", "id"):
        found.setdefault(state.hazard_id, []).append(state)
    return found


def state_on(states: list[HazardAreaState], day: dt.date) -> HazardAreaState | None:
    """What `timeline.state_on` answers, from states already read."""
    return next((s for s in states if s.valid_from <= day and (s.valid_to is None or s.valid_to > day)), None)


class LandReleaseTarget(Target):
    name = "land_release"
    label = gettext_lazy("Land release history")
    model = LandReleaseActivity

    def questions(self) -> tuple[Question, ...]:
        kind = KINDS["progress"]
        return (
            HAZARD,
            rows_.ORGANISATION,
            *kind.questions,
            rows_.day_question("end_date", kind.date_label),
        )

    def _read(self, rows: Sequence[Row], context: Context) -> tuple[list[writes.Item], dict[int, int], rows_.Problems]:
        clean, problems = rows_.read_rows(self.questions(), rows)
        hazards = lookups.hazards_named(context, (v["hazard"] for v in clean.values()))
        batch = {v["hazard"]: hazards[v["hazard"]] for v in clean.values() if v["hazard"] in hazards}
        states = states_of(list(batch.values()))
        changeable = writes.may_change(context.user, HazardArea, (h.pk for h in batch.values()))
        known = external_ids.known(LandReleaseActivity, rows)
        earlier = LandReleaseActivity.objects.in_bulk(set(known.values()))
        # Row number -> (hazard, end date, polygon) of the releases this file makes: a dry run writes
        # nothing, so a later row is checked against what the rows before it will have released.
        released: dict[int, tuple[int, dt.date, GEOSGeometry]] = context.cache.setdefault("land_release.rows", {})
        items = []
        unread = {r.number for r, _f, _m in problems}  # rows with a value that did not read
        for row in rows:
            count = len(problems)
            v = clean[row.number]
            v["organisation"] = lookups.find_organisation(context, row, v["organisation"], problems)
            v["team"] = lookups.find_team(context, row, v["team"], v["organisation"], problems)
            named, hazard = v["hazard"], hazards.get(v["hazard"] or "")
            v["hazard"] = hazard
            if named and hazard is None:
                problems.append(
                    (row, "hazard", _("No hazardous area with reference or IMSMA id %(id)s.") % {"id": named})
                )
            problems += [(row, f, m) for f, m in _rules(v)]
            if hazard is not None:
                if hazard.pk not in changeable:
                    problems.append((row, "hazard", _("You may not change %(ref)s.") % {"ref": hazard.reference}))
                previous = earlier.get(known.get(row.number, 0))
                if previous is None:
                    before = [r for n, r in released.items() if n < row.number and r[0] == hazard.pk]
                    found = _released(v, hazard, states.get(hazard.pk, []), before)
                    problems += [(row, f, m) for f, m in found]
                    if len(problems) == count and row.number not in unread:  # a release the import will make
                        released[row.number] = (hazard.pk, v["end_date"], v["geometry"])
                else:
                    problems += [(row, f, m) for f, m in _moved(v, previous, states.get(hazard.pk, []))]
            items.append(writes.Item(row, v))
        by_number = {i.row.number: i for i in items}
        problems += writes.not_allowed(
            context.user, LandReleaseActivity, rows, known, lambda row: _owner(by_number[row.number])
        )
        return items, known, problems

    def check(self, rows: Sequence[Row], context: Context) -> list[tuple[Row, str, str]]:
        _items, _known, problems = self._read(rows, context)
        return problems + lookups.duplicates(self.name, rows, context)

    def write(self, rows: Sequence[Row], context: Context) -> Counts:
        items, known, problems = self._read(rows, context)
        writes.refuse(problems)
        made: list[tuple[Row, int]] = []
        for item in items:  # in file order: each release clips what the ones before it left
            if item.row.number in known:
                continue
            v = item.values
            try:
                activity = self._release(context, v)
            except ActionError as exc:  # an earlier row of this file released the same land first
                writes.refuse([(item.row, f, m) for f, messages in exc.errors.items() for m in messages])
                raise
            made.append((item.row, activity.pk))
        external_ids.remember(LandReleaseActivity, made)
        records = writes.changeable(context.user, LandReleaseActivity, known.values())
        changes = [
            (records[known[i.row.number]], {k: v for k, v in i.values.items() if k not in (*LAND_FIELDS, "hazard")})
            for i in items
            if i.row.number in known
        ]
        counts = writes.update(context.user, "update_land_release", changes)
        counts.created = len(made)
        return counts

    @staticmethod
    def _release(context: Context, v: dict[str, Any]) -> LandReleaseActivity:
        return actions.release_land(
            context.user,
            v["hazard"],
            kind=v["kind"],
            method=v["method"],
            geometry=v["geometry"],
            start_date=v["start_date"],
            end_date=v["end_date"],
            organisation=v["organisation"],
            team=v["team"],
            depth_cm=v["depth_cm"],
        )


def _owner(item: writes.Item) -> tuple[Any, Any]:
    hazard = item.values["hazard"]
    return item.values["organisation"], hazard.admin_area if hazard is not None else None


def _rules(v: dict[str, Any]) -> list[tuple[str, str]]:
    """The rules between fields that `release_land` and the progress report enforce, with their messages."""
    found = []
    if v["start_date"] and v["end_date"] and v["end_date"] < v["start_date"]:
        found.append(("end_date", _("The end date is before the start date.")))
    if v["kind"] and v["method"] and (v["kind"] == ReleaseKind.CANCEL) != (v["method"] == Method.SURVEY):
        found.append(
            (
                "method",
                _(
                    "Non-technical survey cancels land with method 'survey'; reduction and clearance "
                    "need manual, mechanical or dogs."
                ),
            )
        )
    return found


def _released(
    v: dict[str, Any],
    hazard: HazardArea,
    states: list[HazardAreaState],
    before: list[tuple[int, dt.date, GEOSGeometry]],
) -> list[tuple[str, str]]:
    """Whether the polygon releases land of the area as it stood on the end date, after the releases
    of earlier rows dated no later (what release_land refuses when it writes this row)."""
    geometry, day = v["geometry"], v["end_date"]
    if geometry is None or day is None:
        return []
    place = placed(geometry, None, country=hazard.country, with_district=False)
    if place.errors:
        return [(f, m) for f, messages in place.errors.items() for m in messages]
    if day < hazard.recorded_on:
        return [
            (
                "end_date",
                _("Land cannot be released on %(day)s, before the hazardous area was recorded (%(first)s).")
                % {"day": day, "first": hazard.recorded_on},
            )
        ]
    state = state_on(states, day)
    if state is None or state.geometry is None:
        return [
            (
                "end_date",
                _("%(ref)s has no contaminated land on %(day)s to release.") % {"ref": hazard.reference, "day": day},
            )
        ]
    remaining: GEOSGeometry = state.geometry
    for _hazard, done_on, polygon in before:
        if done_on <= day:  # already written (a real run's earlier batch) or yet to be: the same land
            remaining = remaining.difference(polygon)
    clipped = cleaned(geometry.intersection(remaining)) if not remaining.empty else None
    if clipped is None or area_m2(clipped) < SLIVER_M2:
        return [
            (
                "geometry",
                _("The released polygon does not overlap %(ref)s as it was on %(day)s.")
                % {"ref": hazard.reference, "day": day},
            )
        ]
    return []


def _moved(v: dict[str, Any], previous: LandReleaseActivity, states: list[HazardAreaState]) -> list[tuple[str, str]]:
    """A release imported before, given again: its land may not move (another hazard, kind, day or polygon)."""
    message = _(
        "%(ref)s was imported with another %(field)s; land it released cannot be changed by importing it again. "
        "Correct it in MineFree."
    )
    moved = []
    if v["hazard"] is not None and v["hazard"].pk != previous.hazard_id:
        moved.append("hazard")
    moved += [name for name in ("kind", "end_date") if v[name] is not None and v[name] != getattr(previous, name)]
    if (
        v["geometry"] is not None
        and v["end_date"] == previous.end_date
        and _other_land(v["geometry"], previous, states)
    ):
        moved.append("geometry")
    return [(name, message % {"ref": previous.reference, "field": name}) for name in moved]


def _other_land(geometry: GEOSGeometry, previous: LandReleaseActivity, states: list[HazardAreaState]) -> bool:
    """Whether `geometry`, clipped as it was then (to what remained plus what it released), differs from
    what the earlier import released."""
    state = state_on(states, previous.end_date)
    before = previous.geometry if state is None or state.geometry is None else state.geometry.union(previous.geometry)
    clipped = cleaned(geometry.intersection(before))
    if clipped is None:
        return True
    return area_m2(clipped.sym_difference(previous.geometry)) >= SLIVER_M2


register(LandReleaseTarget())
register(OrdnanceTarget())
