"""The map GeoJSON is written by the database: same hazards as the list, a fixed number of queries."""

import json

from django.contrib.gis.geos import GEOSGeometry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minefree.hazards.tests.helpers import new_hazard

MAX_QUERIES = 6  # session, user, two permission look-ups, the one feature query, one to spare: never one per row


def listed(client, query):
    """Every row the HTML list shows for a filter, following its pages."""
    rows, page = [], client.get("/hazards/list/?" + query)
    while True:
        rows += page.context["rows"]
        if not page.context["next_query"]:
            return rows
        page = client.get("/hazards/list/?" + page.context["next_query"])


def test_map_geojson_shows_what_the_filtered_list_shows(persona, user):
    # Names a hand-built JSON string would break: quotes, a backslash, Cyrillic, a newline.
    for i, name in enumerate(['Field "north" \\ 2', "Поле Ёлка", "Two\nlines"]):
        new_hazard(user("tnmac.im"), lon=69.60 + 0.01 * i, name=name, classification="SHA")
    client = persona("npa.clerk")
    for query in ("classification=SHA&status=open", "q=Field", "classification=CHA&contamination=ap_mines"):
        data = json.loads(client.get("/hazards/map.geojson?" + query).content)
        mapped = [h for h in listed(client, query) if h.geometry is not None]
        assert data["type"] == "FeatureCollection" and mapped
        features = {f["id"]: f for f in data["features"]}
        assert set(features) == {h.pk for h in mapped}
        for hazard in mapped:
            feature = features[hazard.pk]
            assert feature["properties"] == {
                "reference": hazard.reference,
                "name": hazard.name,
                "classification": hazard.classification,
                "status": hazard.status,
                "area_m2": round(hazard.area_m2),
            }
            assert GEOSGeometry(json.dumps(feature["geometry"])).equals_exact(hazard.geometry, 1e-6)
    assert [f["id"] for f in data["features"]] == sorted(features)  # in id order, as before


def test_map_geojson_takes_the_same_few_queries_for_any_number_of_hazards(persona, user):
    client = persona("tnmac.im")
    client.get("/hazards/map.geojson")  # the backend's one-off feature checks (JSON, rttopo) happen here
    with CaptureQueriesContext(connection) as demo:
        before = len(json.loads(client.get("/hazards/map.geojson").content)["features"])
    for i in range(10):
        new_hazard(user("tnmac.im"), lon=69.60 + 0.01 * i, lat=40.50)
    with CaptureQueriesContext(connection) as more:
        after = len(json.loads(client.get("/hazards/map.geojson").content)["features"])
    assert after == before + 10
    assert len(more) == len(demo) <= MAX_QUERIES
