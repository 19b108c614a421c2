"""Hand-made geometry and readers for overlay tests; the geometry in northern Sughd where the demo has no hazards."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.contrib.gis.geos import MultiPolygon, Polygon

from minefree.core.geometry import utm_srid
from minefree.disaster import actions
from minefree.disaster.models import AffectedArea
from minefree.gazetteer.models import AdminArea
from minefree.hazards.tests.helpers import box
from minefree.organisations import actions as access
from minefree.organisations.models import Organisation, Role

# The affected area: a 0.02° × 0.01° box; one hazard inside, one ~300 m east, one ~3 km east.
WEST, SOUTH, EAST, NORTH = 69.40, 40.45, 69.42, 40.46
AREA = MultiPolygon(Polygon.from_bbox((WEST, SOUTH, EAST, NORTH)), srid=4326)
INSIDE = box(WEST + 0.005, SOUTH + 0.003)
NEAR = box(EAST + 0.0035, SOUTH + 0.003)
FAR = box(EAST + 0.035, SOUTH + 0.003)


def metres_apart(a: Any, b: Any) -> float:
    """The distance as the overlay defines it, computed here with GEOS alone."""
    srid = utm_srid(AREA)
    return float(a.transform(srid, clone=True).distance(b.transform(srid, clone=True)))


def record(user: Any, geometry: Any = AREA, distance_m: int = 0, **extra: Any) -> AffectedArea:
    fields: dict[str, Any] = {"name": "Test flood", "kind": "flood", "event_date": dt.date(2026, 5, 1)}
    fields.update(extra)
    return actions.record_affected_area(user, geometry=geometry, distance_m=distance_m, **fields)


def khatlon_clerk(admin: User) -> User:
    """A new operator clerk of NPA who may read records in Khatlon (TJ-KT) only, granted by admin."""
    clerk = User.objects.create_user("khatlon.clerk")
    access.grant_access(
        admin,
        grantee=clerk,
        organisation=Organisation.objects.get(acronym="NPA"),
        role=Role.objects.get(code="operator_clerk"),
        admin_areas=[AdminArea.objects.get(code="TJ-KT")],
        data_classes=["record"],
    )
    return User.objects.get(pk=clerk.pk)  # fresh, without cached grants


def around_khatlon() -> MultiPolygon:
    """Khatlon and beyond: a polygon across the south of the country, reaching into other regions."""
    return MultiPolygon(AdminArea.objects.get(code="TJ-KT").boundary.envelope.buffer(0.5), srid=4326)


def matrix_area() -> int:
    """An affected area for the route-by-role matrix: a small flood around one demo hazard in Panj."""
    from minefree.hazards.models import REMAINING, HazardArea

    existing = AffectedArea.objects.filter(name="Matrix flood").values_list("pk", flat=True).first()
    if existing:
        return existing
    hazard = HazardArea.objects.filter(status__in=REMAINING, admin_area__code="TJ-KT-PNJ").order_by("pk").first()
    assert hazard is not None and hazard.geometry is not None
    outline = MultiPolygon(hazard.geometry.envelope.buffer(0.003).envelope, srid=4326)
    return record(User.objects.get(username="coes.officer"), outline, 200, name="Matrix flood").pk
