"""/api/v1/disaster/ for the disaster agency's scripts: token in, overlay out, nothing for strangers."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.authtoken.models import Token

from minefree.disaster.models import AffectedArea
from minefree.disaster.tests.helpers import AREA, FAR, INSIDE, NEAR, metres_apart, record
from minefree.hazards.tests.helpers import new_hazard


def _token_client(username: str) -> Client:
    token, _created = Token.objects.get_or_create(user=User.objects.get(username=username))
    return Client(headers={"Authorization": f"Token {token.key}"})


def _post(client: Client, body: dict[str, object]):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/disaster/", json.dumps(body), content_type="application/json")


def test_the_disaster_officer_posts_an_area_and_gets_the_overlay(user):
    im = user("tnmac.im")
    inside, near, _far = (new_hazard(im, name=n, geometry=g) for n, g in (("In", INSIDE), ("Near", NEAR), ("Far", FAR)))
    client = _token_client("coes.officer")
    body = {"name": "Mudslide", "kind": "mudslide", "event_date": "2026-04-02", "distance_m": 500}
    response = _post(client, {**body, "geometry": json.loads(AREA.geojson)})
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["counts"] == {"hazards": 2, "hazards_inside": 1, "released_land": 0}
    features = answer["hazards"]["features"]
    assert [f["properties"]["reference"] for f in features] == [inside.reference, near.reference]
    assert features[1]["properties"]["distance_m"] == pytest.approx(metres_apart(AREA, NEAR), abs=0.5)
    assert features[1]["geometry"]["type"] == "MultiPolygon"
    assert answer["affected_area"]["properties"]["distance_m"] == 500
    assert answer["distance_measured_in"] == "EPSG:32642"
    pk = answer["affected_area"]["id"]
    listed = client.get("/api/v1/disaster/").json()["features"]
    assert listed[0]["id"] == pk  # newest first
    again = client.get(f"/api/v1/disaster/{pk}/").json()
    assert again["counts"] == answer["counts"]
    assert client.get(f"/api/v1/disaster/{pk}/geopackage/").status_code == 200
    assert client.get(f"/api/v1/disaster/{pk}/pdf/")["Content-Type"] == "application/pdf"


def test_anonymous_callers_get_nothing(client, user):
    area = record(user("coes.officer"))
    assert client.get("/api/v1/disaster/").status_code in (401, 403)
    assert client.get(f"/api/v1/disaster/{area.pk}/").status_code in (401, 403)
    assert _post(client, {"geometry": json.loads(AREA.geojson), "kind": "flood"}).status_code in (401, 403)
    assert client.get(f"/disaster/{area.pk}/overlay.gpkg").status_code == 302


def test_a_user_without_the_national_record_is_refused(db):
    public = User.objects.create_user("passer.by")
    client = _token_client("passer.by")
    assert client.get("/api/v1/disaster/").status_code == 403
    assert _post(client, {"name": "x", "kind": "flood", "geometry": json.loads(AREA.geojson)}).status_code == 403
    assert not AffectedArea.objects.filter(created_by=public).exists()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"geometry": None}, "geometry"),
        ({"geometry": {"type": "Point", "coordinates": [69.4, 40.45]}}, "geometry"),
        ({"distance_m": -10}, "distance_m"),
        ({"distance_m": 1e9}, "distance_m"),
        ({"kind": "comet"}, "kind"),
        ({"event_date": "yesterday"}, "event_date"),
    ],
)
def test_bad_input_answers_400_naming_the_field_and_writes_nothing(db, change, field):
    client = _token_client("coes.officer")
    before = AffectedArea.objects.count()
    body = {"name": "Flood", "kind": "flood", "event_date": "2026-04-02", "geometry": json.loads(AREA.geojson)}
    response = _post(client, {**body, **change})
    assert response.status_code == 400
    payload = response.json()
    assert field in payload.get("errors", payload), payload
    assert AffectedArea.objects.count() == before


def test_the_schema_describes_the_endpoint(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()
    assert "/api/v1/disaster/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/disaster/"]
