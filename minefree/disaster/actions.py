"""The one write of the disaster overlay: record an affected area (atomic, audited)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.dates import day_problem
from minefree.core.errors import ActionError
from minefree.core.geometry import area_m2, as_multipolygon, check_polygon
from minefree.core.permissions import Action, Capability, DataClass, can, organisations_with
from minefree.disaster.models import MAX_DISTANCE_M, AffectedArea, Kind


@transaction.atomic
def record_affected_area(
    user: Any,
    *,
    name: str,
    kind: str,
    event_date: dt.date | None,
    geometry: GEOSGeometry | None,
    distance_m: int | float | None = 0,
) -> AffectedArea:
    """Save the outline of a disaster; every problem is reported against its field, nothing is written."""
    if not can(user, Action.ADD, AffectedArea):
        raise PermissionDenied(_("You may not record an affected area."))
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Give the affected area a name.")]
    elif len(name) > 200:
        errors["name"] = [_("The name is longer than 200 characters.")]
    if kind not in Kind.values:
        errors["kind"] = [_("Choose the kind of disaster.")]
    if event_date is None:
        errors["event_date"] = [_("Give the date of the event.")]
    elif problem := day_problem(event_date):
        errors["event_date"] = [problem]
    distance = _distance(distance_m, errors)
    geom = _geometry(geometry, errors)
    if errors or event_date is None or geom is None:
        raise ActionError(errors)
    organisations = organisations_with(user, Capability.VIEW_RECORD, DataClass.RECORD)
    area = AffectedArea.objects.create(
        name=name,
        kind=kind,
        event_date=event_date,
        geometry=geom,
        distance_m=distance,
        area_m2=area_m2(geom),
        created_by=user if getattr(user, "is_authenticated", False) else None,
        organisation_id=organisations[0] if organisations else None,
    )
    audit.record(user, "record_affected_area", area, None, audit.snapshot(area))
    return area


def _distance(value: int | float | None, errors: dict[str, list[str]]) -> int:
    if value is None or value == "":
        return 0
    try:
        metres = float(value)
    except (TypeError, ValueError):
        metres = math.nan
    if not math.isfinite(metres):
        errors["distance_m"] = [_("The distance must be a number of metres.")]
        return 0
    if metres < 0:
        errors["distance_m"] = [_("The distance cannot be negative.")]
    elif metres > MAX_DISTANCE_M:
        errors["distance_m"] = [
            _("The distance may be at most %(km)s km (%(m)s m).") % {"km": MAX_DISTANCE_M // 1000, "m": MAX_DISTANCE_M}
        ]
    return round(metres)


def _geometry(geometry: GEOSGeometry | None, errors: dict[str, list[str]]) -> MultiPolygon | None:
    if geometry is None or geometry.empty:
        errors["geometry"] = [_("Draw the affected area on the map or upload it (GeoJSON, KML or WKT).")]
        return None
    if geometry.srid is None:
        geometry.srid = 4326
    elif geometry.srid != 4326:
        geometry = geometry.transform(4326, clone=True)  # the UTM zone and the area are read from lon/lat
    # Disasters cross borders, so no country test; the other geocheck rules hold. Long edges are normal here.
    result = check_polygon(geometry)
    if result.errors:
        errors["geometry"] = result.errors
        return None
    return as_multipolygon(geometry)
