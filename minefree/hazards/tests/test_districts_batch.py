"""`Districts`, read once for a batch of polygons, answers as one `district_shares` query per polygon does."""

from __future__ import annotations

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minefree.gazetteer.models import AdminArea
from minefree.hazards.checks import Districts, district_shares
from minefree.hazards.models import HazardArea

pytestmark = pytest.mark.django_db


def straddling() -> list[MultiPolygon]:
    """Squares across the corner of each of a few districts: shared by two or more districts."""
    squares = []
    for area in AdminArea.objects.filter(level=AdminArea.Level.DISTRICT).order_by("code")[:6]:
        x, y = area.boundary.point_on_surface.coords
        squares.append(MultiPolygon(Polygon.from_bbox((x, y, x + 0.3, y + 0.3)), srid=4326))
    return squares


def test_the_batch_gives_the_same_districts_and_shares_as_a_query_each() -> None:
    polygons = [h.geometry for h in HazardArea.objects.filter(geometry__isnull=False).order_by("pk")[:40]]
    polygons += straddling()
    with CaptureQueriesContext(connection) as queries:
        districts = Districts(polygons)
        batch = [districts.shares(g) for g in polygons]
    assert len(queries) == 2  # the districts, then their countries
    for geom, found in zip(polygons, batch, strict=True):
        expected = district_shares(geom)
        assert [a.pk for a, _s in found] == [a.pk for a, _s in expected]
        assert [s for _a, s in found] == pytest.approx([s for _a, s in expected], abs=1e-9)
    assert any(len(found) > 1 for found in batch)  # some polygons really are shared


def test_codes_are_answered_from_the_batch_and_unknown_codes_are_none() -> None:
    code = AdminArea.objects.filter(level=AdminArea.Level.DISTRICT).order_by("code").values_list("code", flat=True)[0]
    districts = Districts([], [code, "XX-NONE"])
    with CaptureQueriesContext(connection) as queries:
        assert districts.code(code) is not None and districts.code(code).code == code  # type: ignore[union-attr]
        assert districts.code("XX-NONE") is None
    assert len(queries) == 0


def test_every_district_read_once_answers_anywhere_and_the_filed_district_first() -> None:
    polygons = [h for h in HazardArea.objects.filter(geometry__isnull=False).select_related("admin_area")[:20]]
    with CaptureQueriesContext(connection) as queries:
        districts = Districts.everywhere()
    assert len(queries) == 2  # the districts, then their countries
    for hazard in polygons:
        expected = district_shares(hazard.geometry)
        found = districts.shares(hazard.geometry)
        assert [a.pk for a, _s in found] == [a.pk for a, _s in expected]
        filed = districts.shares(hazard.geometry, hazard.admin_area)
        assert filed[0][0].pk == expected[0][0].pk  # the district holding the most, as the query says
    for square in straddling():  # not held whole by the district filed under: measured as before
        expected = district_shares(square)
        found = districts.shares(square, expected[0][0])
        assert [a.pk for a, _s in found] == [a.pk for a, _s in expected]
        assert [s for _a, s in found] == pytest.approx([s for _a, s in expected], abs=1e-9)
