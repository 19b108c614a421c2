"""Small builders for hazard tests, placed in northern Sughd where the demo has no hazards."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.gis.geos import MultiPolygon, Polygon

from minefree.gazetteer.models import AdminArea
from minefree.hazards import actions
from minefree.hazards.models import HazardArea
from minefree.organisations.models import Organisation


def box(lon: float, lat: float, d: float = 0.002) -> MultiPolygon:
    return MultiPolygon(Polygon.from_bbox((lon, lat, lon + d, lat + d)), srid=4326)


def district() -> AdminArea:
    return AdminArea.objects.get(code="TJ-SU-GFR")


def new_hazard(user: Any, lon: float = 69.60, lat: float = 40.60, **overrides: Any) -> HazardArea:
    fields: dict[str, Any] = dict(
        name="Test field",
        admin_area=district(),
        operator=Organisation.objects.get(acronym="NPA"),
        classification="CHA",
        contamination="ap_mines",
        geometry=box(lon, lat),
        recorded_on=dt.date(2015, 5, 1),
    )
    fields.update(overrides)
    return actions.create_hazard_area(user, **fields)


def cleared(user: Any, hazard: HazardArea) -> HazardArea:
    """`hazard` (made by new_hazard) cleared whole in January 2019 by its operator, read back: Closed, 0 m²."""
    actions.release_land(
        user,
        hazard,
        kind="clear",
        method="dogs",
        geometry=box(69.599, 40.599, d=0.004),
        start_date=dt.date(2019, 1, 1),
        end_date=dt.date(2019, 2, 1),
        organisation=hazard.operator,
    )
    hazard.refresh_from_db()
    return hazard
