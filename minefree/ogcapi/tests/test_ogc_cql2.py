"""CQL2 text filters: each operator on declared properties, the same rows the ORM gives, and a 400
on `filter` saying where the text went wrong; nothing in a filter reaches SQL as text."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.contrib.gis.geos import Polygon
from django.db.models import Q

from minefree.hazards.models import HazardArea, OrdnanceFind

HAZARDS = "/ogc/collections/hazardous-areas/items?limit=10000&filter="


def ids(client: Any, url: str) -> set[int]:
    answer = client.get(url)
    assert answer.status_code == 200, answer.content[:400]
    return {f["id"] for f in answer.json()["features"]}


def orm(where: Q) -> set[int]:
    return set(HazardArea.objects.filter(where).values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("status = 'open' AND area_m2 > 10000", Q(status="open", area_m2__gt=10000)),
        ("classification <> 'SHA'", ~Q(classification="SHA")),
        ("NOT (classification = 'SHA') OR status = 'closed'", ~Q(classification="SHA") | Q(status="closed")),
        ("status IN ('open', 'suspended')", Q(status__in=["open", "suspended"])),
        ("status NOT IN ('open', 'suspended')", ~Q(status__in=["open", "suspended"])),
        ("reference LIKE 'TJK-HA-00001%'", Q(reference__startswith="TJK-HA-00001")),
        ("name LIKE '%0_1'", Q(name__regex=r"^.*0.1$")),
        ("operator IS NULL OR classification = 'SHA'", Q(operator__isnull=True) | Q(classification="SHA")),
        ("operator IS NOT NULL AND operator = 'NPA'", Q(operator__acronym="NPA")),
        ("recorded_on >= DATE('2020-01-01')", Q(recorded_on__gte="2020-01-01")),
        ("recorded_on BETWEEN '2010-01-01' AND '2012-12-31'", Q(recorded_on__range=("2010-01-01", "2012-12-31"))),
        (
            "mechanical_suitable = TRUE and admin_area = 'TJ-KT-PNJ'",
            Q(mechanical_suitable=True, admin_area__code="TJ-KT-PNJ"),
        ),
        (
            "S_INTERSECTS(geometry, BBOX(69.0, 37.3, 69.6, 37.9))",
            Q(geometry__intersects=Polygon.from_bbox((69.0, 37.3, 69.6, 37.9))),
        ),
        (
            "S_INTERSECTS(geometry, POLYGON((69 37.3, 69.6 37.3, 69.6 37.9, 69 37.9, 69 37.3))) AND status = 'open'",
            Q(geometry__intersects=Polygon.from_bbox((69.0, 37.3, 69.6, 37.9)), status="open"),
        ),
    ],
)
def test_each_operator_gives_what_the_database_gives(persona, text, where):
    expected = orm(where)
    assert expected, text  # the demo has rows for every case, so an empty answer cannot pass
    assert ids(persona("tnmac.im"), HAZARDS + quote(text)) == expected


def test_a_spatial_filter_in_another_crs(persona):
    box = Polygon.from_bbox((450000, 4130000, 520000, 4190000))
    box.srid = 32642
    expected = orm(Q(geometry__intersects=box.transform(4326, clone=True)))
    url = HAZARDS + quote("S_INTERSECTS(geometry, BBOX(450000, 4130000, 520000, 4190000))")
    url += "&filter-crs=http://www.opengis.net/def/crs/EPSG/0/32642"
    assert expected and ids(persona("tnmac.im"), url) == expected


def test_computed_properties_filter_too(persona):
    im = persona("tnmac.im")
    spot = ids(im, "/ogc/collections/ordnance/items?limit=10000&filter=" + quote("spot_task = true"))
    assert spot == set(OrdnanceFind.objects.filter(hazard__isnull=True).values_list("pk", flat=True))
    killed = im.get("/ogc/collections/accidents/items?limit=10000&filter=" + quote("killed >= 2")).json()
    assert killed["features"] and all(f["properties"]["killed"] >= 2 for f in killed["features"])


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("status = 'open'; DROP TABLE hazards_hazardarea", "character"),
        ("description = 'x'", "not a property"),
        ("status = ", "value"),
        ("status == 'open'", "value"),
        ("area_m2 > 'big'", "number"),
        ("recorded_on > DATE('31/12/2020')", "not a date"),
        ("status LIKE 5", "text"),
        ("area_m2 LIKE '1%'", "not text"),
        ("(status = 'open'", "expected"),
        ("status = 'open' status", "more after"),
        ("S_INTERSECTS(geometry, POLYGON((1 2, 3)))", "cannot be read"),
        ("1 = 1", "property name"),
        ("", "empty"),
        ("NOT " * 60 + "status = 'open'", "nested"),
    ],
)
def test_a_bad_filter_is_a_400_saying_where(persona, text, says):
    answer = persona("tnmac.im").get(HAZARDS + quote(text))
    assert answer.status_code == 400, answer.content
    body = answer.json()
    assert body["parameter"] == "filter"
    assert says in body["description"], body["description"]
    assert HazardArea.objects.exists()
