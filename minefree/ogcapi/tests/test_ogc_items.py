"""Items: every page to the end, bbox, CRS, datetime (the hazardous areas as of a day), property
filters, single features, and a 400 naming the parameter for each bad one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import GEOSGeometry, Polygon

from minefree.casualties.models import Casualty
from minefree.hazards.as_of import states_on
from minefree.hazards.models import HazardArea
from minefree.ogcapi.registry import COLLECTIONS

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG = "http://www.opengis.net/def/crs/EPSG/0/"
ITEMS = "/ogc/collections/{}/items"


def every_page(client: Any, url: str) -> tuple[list[dict[str, Any]], int]:
    features, pages = [], 0
    while url:
        answer = client.get(url)
        assert answer.status_code == 200, answer.content[:300]
        assert answer["Content-Type"].startswith("application/geo+json")
        body = answer.json()
        assert body["numberReturned"] == len(body["features"])
        features += body["features"]
        pages += 1
        url = next((link["href"] for link in body["links"] if link["rel"] == "next"), None)
    return features, pages


def visible_ids(collection_id: str, username: str) -> list[int]:
    rows = COLLECTIONS[collection_id].visible(User.objects.get(username=username))
    assert rows is not None
    return sorted(rows.values_list("pk", flat=True))


def test_the_landing_page_leads_to_the_api_conformance_and_collections(persona):
    im = persona("tnmac.im")
    page = im.get("/ogc/").json()
    rels = {link["rel"]: link["href"] for link in page["links"]}
    assert rels["service-desc"].endswith("/ogc/api") and rels["conformance"].endswith("/ogc/conformance")
    assert rels["data"].endswith("/ogc/collections")
    classes = im.get("/ogc/conformance").json()["conformsTo"]
    for part in (
        "ogcapi-features-1/1.0/conf/core",
        "ogcapi-features-1/1.0/conf/geojson",
        "ogcapi-features-1/1.0/conf/oas30",
        "ogcapi-features-2/1.0/conf/crs",
        "cql2/1.0/conf/cql2-text",
        "ogcapi-features-3/1.0/conf/filter",
    ):
        assert f"http://www.opengis.net/spec/{part}" in classes
    listed = {c["id"]: c for c in im.get("/ogc/collections").json()["collections"]}
    assert set(listed) == set(COLLECTIONS)
    assert f"{EPSG}32642" in listed["accidents"]["crs"] and f"{EPSG}3857" in listed["accidents"]["crs"]
    assert im.get("/ogc/collections/nothing-here").status_code == 404


@pytest.mark.parametrize("collection_id", sorted(COLLECTIONS))
def test_next_links_lead_through_every_feature_once(persona, collection_id):
    features, pages = every_page(persona("npa.khatlon"), ITEMS.format(collection_id) + "?limit=25")
    ids = [f["id"] for f in features]
    assert ids == visible_ids(collection_id, "npa.khatlon")  # in order, none twice, none missing
    assert pages >= len(ids) // 25


def test_prev_goes_back_a_page(persona):
    im = persona("tnmac.im")
    first = im.get(ITEMS.format("accidents") + "?limit=10").json()
    second = im.get(next(x["href"] for x in first["links"] if x["rel"] == "next")).json()
    back = im.get(next(x["href"] for x in second["links"] if x["rel"] == "prev")).json()
    assert [f["id"] for f in back["features"]] == [f["id"] for f in first["features"]]
    assert not any(x["rel"] == "prev" for x in first["links"])


def test_limit_reaches_ten_thousand(persona):
    body = persona("tnmac.im").get(ITEMS.format("ordnance") + "?limit=10000").json()
    assert body["numberReturned"] == len(visible_ids("ordnance", "tnmac.im")) or body["numberReturned"] == 10000


def test_bbox_in_each_crs_keeps_the_features_it_touches(persona):
    im = persona("tnmac.im")
    box = (69.0, 37.3, 69.6, 37.9)
    expected = set(HazardArea.objects.filter(geometry__intersects=Polygon.from_bbox(box)).values_list("pk", flat=True))
    assert expected
    got, _pages = every_page(im, ITEMS.format("hazardous-areas") + "?limit=1000&bbox=" + ",".join(map(str, box)))
    assert {f["id"] for f in got} == expected
    lat_first = f"{box[1]},{box[0]},{box[3]},{box[2]}"
    got, _pages = every_page(im, ITEMS.format("hazardous-areas") + f"?limit=1000&bbox-crs={EPSG}4326&bbox={lat_first}")
    assert {f["id"] for f in got} == expected
    utm = Polygon.from_bbox((450000, 4130000, 520000, 4190000))
    utm.srid = 32642
    wgs = utm.transform(4326, clone=True)
    expected_utm = set(HazardArea.objects.filter(geometry__intersects=wgs).values_list("pk", flat=True))
    url = ITEMS.format("hazardous-areas") + f"?limit=1000&bbox-crs={EPSG}32642&bbox=450000,4130000,520000,4190000"
    got, _pages = every_page(im, url)
    assert expected_utm and {f["id"] for f in got} == expected_utm


@pytest.mark.parametrize("code", [4326, 3857, 32642, 32643])
def test_geometries_come_in_the_crs_asked_for(persona, code):
    im = persona("tnmac.im")
    hazard = HazardArea.objects.filter(geometry__isnull=False).order_by("pk").first()
    assert hazard is not None
    answer = im.get(ITEMS.format("hazardous-areas") + f"/{hazard.pk}?crs={EPSG}{code}")
    assert answer.status_code == 200
    assert answer["Content-Crs"] == f"<{EPSG}{code}>"
    x, y = answer.json()["geometry"]["coordinates"][0][0][0]
    lon, lat = hazard.geometry.coords[0][0][0]
    if code == 4326:
        assert (x, y) == pytest.approx((lat, lon), abs=1e-6)  # EPSG:4326 puts latitude first
    else:
        point = GEOSGeometry(f"SRID=4326;POINT({lon} {lat})").transform(code, clone=True)
        assert (x, y) == pytest.approx((point.x, point.y), abs=0.05)
    default = im.get(ITEMS.format("hazardous-areas") + f"/{hazard.pk}")
    assert default["Content-Crs"] == f"<{CRS84}>"
    assert default.json()["geometry"]["coordinates"][0][0][0] == pytest.approx([lon, lat], abs=1e-6)


def test_datetime_gives_the_hazardous_areas_as_they_stood_that_day(persona):
    im = persona("tnmac.im")
    day = dt.date(2015, 6, 30)
    states = {s.hazard_id: s for s in states_on(day, HazardArea.objects.all())}
    got, _pages = every_page(im, ITEMS.format("hazardous-areas") + f"?limit=5000&datetime={day}")
    assert {f["id"] for f in got} == set(states)
    assert len(states) < HazardArea.objects.count()  # areas recorded later are absent
    changed = [f for f in got if f["properties"]["status"] != HazardArea.objects.get(pk=f["id"]).status]
    assert changed  # the past differs from today
    for feature in got[:50]:
        assert feature["properties"]["status"] == states[feature["id"]].status
        assert feature["properties"]["area_m2"] == round(states[feature["id"]].area_m2)
    one = im.get(ITEMS.format("hazardous-areas") + f"/{got[0]['id']}?datetime={day}").json()
    assert one["properties"] == got[0]["properties"]


def test_datetime_interval_and_property_filters(persona):
    im = persona("tnmac.im")
    got, _pages = every_page(im, ITEMS.format("accidents") + "?limit=1000&datetime=2019-01-01/2019-12-31&kind=civilian")
    assert got and all("2019-01-01" <= f["properties"]["date"] <= "2019-12-31" for f in got)
    assert {f["properties"]["kind"] for f in got} == {"civilian"}
    opened, _pages = every_page(
        im, ITEMS.format("hazardous-areas") + "?limit=1000&status=open&mechanical_suitable=true"
    )
    assert opened and all(
        f["properties"]["status"] == "open" and f["properties"]["mechanical_suitable"] for f in opened
    )
    later, _pages = every_page(im, ITEMS.format("land-release") + "?limit=5000&datetime=2024-01-01/..")
    assert later and all(f["properties"]["end_date"] >= "2024-01-01" for f in later)


def test_accidents_carry_casualty_counts_and_no_personal_data(persona):
    body = persona("tnmac.im").get(ITEMS.format("accidents") + "?limit=200").json()
    for feature in body["features"]:
        props = feature["properties"]
        casualties = Casualty.objects.filter(accident_id=feature["id"])
        assert props["killed"] == casualties.filter(outcome="killed").count()
        assert props["injured"] == casualties.filter(outcome="injured").count()
        assert props["girls"] + props["boys"] + props["women"] + props["men"] == casualties.count()
        assert not {"name", "age", "injuries", "injuries_sealed", "findings", "evidence"} & set(props)
        assert feature["geometry"] is None or feature["geometry"]["type"] == "Point"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("limit=0", "limit"),
        ("limit=10001", "limit"),
        ("limit=many", "limit"),
        ("bbox=1,2,3", "bbox"),
        ("bbox=69,38,68,37", "bbox"),
        ("bbox=a,b,c,d", "bbox"),
        ("crs=EPSG:2000", "crs"),
        ("bbox-crs=http://example.com/crs&bbox=1,2,3,4", "bbox-crs"),
        ("datetime=last-tuesday", "datetime"),
        ("datetime=2020-01-01/2019-01-01", "datetime"),
        ("datetime=2999-01-01", "datetime"),
        ("datetime=1900-01-01", "datetime"),
        ("filter-lang=cql2-json&filter=x", "filter-lang"),
        ("filter=status%20%3D", "filter"),
        ("area_m2=large", "area_m2"),
        ("recorded_on=yesterday", "recorded_on"),
        ("colour=red", "colour"),
        ("after=abc", "after"),
        ("status=open&status=closed", "status"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(persona, query, parameter):
    answer = persona("tnmac.im").get(ITEMS.format("hazardous-areas") + "?" + query)
    assert answer.status_code == 400, answer.content
    body = answer.json()
    assert body["code"] == "InvalidParameterValue"
    assert body["parameter"] == parameter
    assert body["description"]


def test_a_feature_outside_the_readers_area_is_not_found(persona):
    far = HazardArea.objects.filter(admin_area__parent__code="TJ-GB").order_by("pk").first()
    assert far is not None
    assert persona("tnmac.im").get(ITEMS.format("hazardous-areas") + f"/{far.pk}").status_code == 200
    answer = persona("npa.khatlon").get(ITEMS.format("hazardous-areas") + f"/{far.pk}")
    assert answer.status_code == 404
    assert answer.json()["code"] == "NotFound"
    assert persona("tnmac.im").get(ITEMS.format("hazardous-areas") + "/99999999").status_code == 404
