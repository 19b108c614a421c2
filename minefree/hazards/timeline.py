"""The dated timeline of a hazardous area: its events replayed in date-of-information order.

Each named action adds a HazardEvent and calls `rebuild`, which recomputes the derived
HazardAreaState rows (what the area was from one day to the next) and the current row. So a
change recorded late lands on its own date, and every later state reflects it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon

from minefree.core.bulk_rows import create_all
from minefree.core.geometry import SLIVER_M2, area_m2, as_multipolygon, cleaned
from minefree.hazards.models import HazardArea, HazardAreaState, HazardEvent, LandReleaseActivity, Status

STATE_FIELDS = ("classification", "contamination", "status", "geometry", "mechanical_suitable")


def record(
    hazard: HazardArea,
    day: dt.date,
    kind: str,
    cause: str,
    changes: dict[str, Any] | None = None,
    activity: LandReleaseActivity | None = None,
) -> HazardEvent:
    """Add one event and bring the states and the current row up to date."""
    encoded = {k: (v.wkt if isinstance(v, GEOSGeometry) else v) for k, v in (changes or {}).items()}
    event = HazardEvent.objects.create(
        hazard=hazard, day=day, kind=kind, changes=encoded, activity=activity, cause=cause
    )
    rebuild(hazard)
    return event


def _remaining(geom: GEOSGeometry | None, released: GEOSGeometry) -> MultiPolygon | None:
    if geom is None:
        return None
    rest = cleaned(geom.difference(released))  # no spikes or slivers along the released edge
    return None if rest is None or area_m2(rest) < SLIVER_M2 else rest


def _apply(state: dict[str, Any], event: HazardEvent) -> None:
    for name, value in event.changes.items():
        state[name] = GEOSGeometry(value, srid=4326) if name == "geometry" and value else value
    if event.kind == HazardEvent.Kind.RELEASE and event.activity is not None:
        state["geometry"] = _remaining(state["geometry"], event.activity.geometry)
        if state["geometry"] is None:
            if state["status"] != Status.HANDED_OVER:
                state["status"] = Status.CLOSED
        elif state["status"] == Status.OPEN and event.activity.kind != "cancel":
            state["status"] = Status.WORKED_ON
    elif event.kind == HazardEvent.Kind.HANDOVER:
        state["status"] = Status.HANDED_OVER


def rebuild(hazard: HazardArea) -> None:
    """Replay every event of `hazard` in date order into fresh states; update the current row."""
    events = list(hazard.events.select_related("activity").order_by("day", "id"))
    hazard.states.all().delete()  # derived rows: the events are the record
    state: dict[str, Any] = {}
    rows: list[HazardAreaState] = []
    for event in events:
        _apply(state, event)
        if rows and rows[-1].valid_from == event.day:
            row = rows[-1]
        else:
            if rows:
                rows[-1].valid_to = event.day
            row = HazardAreaState(hazard=hazard, valid_from=event.day)
            rows.append(row)
        for name in STATE_FIELDS:
            setattr(row, name, state.get(name))
        row.geometry = as_multipolygon(state["geometry"]) if state.get("geometry") else None
        row.area_m2 = area_m2(row.geometry)
        row.cause = event.cause
    HazardAreaState.objects.bulk_create(rows)
    if rows:
        last = rows[-1]
        for name in STATE_FIELDS:
            setattr(hazard, name, getattr(last, name))
        hazard.area_m2 = last.area_m2


def state_on(hazard: HazardArea, day: dt.date) -> HazardAreaState | None:
    return hazard.states.as_of(day).first()


def record_created(hazards: list[HazardArea], cause: str) -> None:
    """The CREATE event and first state of each newly saved hazard, in two inserts (an import's batch).

    What `record(hazard, recorded_on, CREATE, ...)` then `rebuild` give a hazard with one event: its
    state fields from `recorded_on` on, open-ended.
    """
    events, states = [], []
    for hazard in hazards:
        changes = {name: getattr(hazard, name) for name in STATE_FIELDS}
        encoded = {k: (v.wkt if isinstance(v, GEOSGeometry) else v) for k, v in changes.items()}
        events.append(
            HazardEvent(
                hazard=hazard, day=hazard.recorded_on, kind=HazardEvent.Kind.CREATE, changes=encoded, cause=cause
            )
        )
        states.append(
            HazardAreaState(
                hazard=hazard, valid_from=hazard.recorded_on, area_m2=hazard.area_m2, cause=cause, **changes
            )
        )
    create_all(HazardEvent, events)  # COPY on PostgreSQL
    create_all(HazardAreaState, states)
