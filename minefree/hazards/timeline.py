"""The dated timeline of a hazardous area: what it was on any day, changed in date order.

Every change is dated by its date of information. Land release subtracts the released polygon
from the state on that day and from every later state, so releases recorded out of order still
give the right present (subtraction commutes).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.utils.translation import gettext as _

from minefree.core.errors import ActionError
from minefree.core.geometry import area_m2, as_multipolygon
from minefree.hazards.models import HazardArea, HazardAreaState, Status

STATE_FIELDS = ("classification", "contamination", "status", "geometry", "mechanical_suitable")
# Slivers left by floating-point differences are not contamination.
SLIVER_M2 = 0.5


def latest_state(hazard: HazardArea) -> HazardAreaState | None:
    return hazard.states.order_by("-valid_from", "-id").first()


def begin(hazard: HazardArea, day: dt.date, cause: str) -> HazardAreaState:
    """The first state, copied from the hazard as created."""
    state = HazardAreaState(hazard=hazard, valid_from=day, cause=cause, area_m2=hazard.area_m2)
    for name in STATE_FIELDS:
        setattr(state, name, getattr(hazard, name))
    state.save()
    return state


def change_from(hazard: HazardArea, day: dt.date, cause: str, changes: dict[str, Any]) -> HazardAreaState:
    """A new state from `day` with `changes`; `day` may not precede the latest state."""
    last = latest_state(hazard)
    if last is None:
        raise ActionError(_("This hazardous area has no recorded state."))
    if day < last.valid_from:
        raise ActionError(
            _(
                "A change dated %(day)s comes before the latest recorded change (%(last)s); "
                "date it on or after %(last)s."
            )
            % {"day": day, "last": last.valid_from},
            field="effective_date",
        )
    if day == last.valid_from:
        state = last
        state.cause = cause
    else:
        last.valid_to = day
        last.save(update_fields=["valid_to"])
        state = HazardAreaState(hazard=hazard, valid_from=day, cause=cause)
        for name in STATE_FIELDS:
            setattr(state, name, getattr(last, name))
    for name, value in changes.items():
        setattr(state, name, value)
    state.area_m2 = area_m2(state.geometry)
    state.save()
    return state


def _remaining(geom: GEOSGeometry | None, released: GEOSGeometry) -> MultiPolygon | None:
    if geom is None:
        return None
    rest = as_multipolygon(geom.difference(released))
    rest.srid = 4326
    return None if rest.empty or area_m2(rest) < SLIVER_M2 else rest


def _after_release(state: HazardAreaState, released: GEOSGeometry, partial_status: str) -> None:
    state.geometry = _remaining(state.geometry, released)
    state.area_m2 = area_m2(state.geometry)
    if state.geometry is None:
        if state.status != Status.HANDED_OVER:
            state.status = Status.CLOSED
    elif state.status == Status.OPEN:
        state.status = partial_status


def subtract(hazard: HazardArea, released: GEOSGeometry, day: dt.date, cause: str, partial_status: str) -> None:
    """Remove `released` from the state on `day` and from every later state."""
    states = list(hazard.states.order_by("valid_from", "id"))
    if not states or day < states[0].valid_from:
        raise ActionError(
            _("Land cannot be released on %(day)s, before the hazardous area was recorded (%(first)s).")
            % {"day": day, "first": states[0].valid_from if states else "-"},
            field="end_date",
        )
    for state in states:
        ends = state.valid_to
        if state.valid_from < day and (ends is None or ends > day):
            # Split: the part before `day` stays as it was.
            later = HazardAreaState(hazard=hazard, valid_from=day, valid_to=ends, cause=cause)
            for name in STATE_FIELDS:
                setattr(later, name, getattr(state, name))
            state.valid_to = day
            state.save(update_fields=["valid_to"])
            _after_release(later, released, partial_status)
            later.save()
        elif state.valid_from >= day:
            _after_release(state, released, partial_status)
            state.save()


def sync_current(hazard: HazardArea) -> None:
    """Copy the latest state onto the hazard row that lists, maps and the API read."""
    last = latest_state(hazard)
    if last is None:
        return
    for name in STATE_FIELDS:
        setattr(hazard, name, getattr(last, name))
    hazard.area_m2 = last.area_m2
