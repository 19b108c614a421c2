import json

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from minefree.hazards.models import HazardArea
from minefree.hazards.tests.helpers import box, district
from minefree.organisations.models import Organisation


@pytest.fixture
def api(db):
    def as_user(username: str | None) -> APIClient:
        client = APIClient()
        if username:
            token, _ = Token.objects.get_or_create(user=User.objects.get(username=username))
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return as_user


def payload(**overrides):
    data = {
        "name": "API field",
        "admin_area": district().pk,
        "classification": "SHA",
        "contamination": "ap_mines",
        "geometry": json.loads(box(69.62, 40.62).geojson),
        "recorded_on": "2020-02-02",
    }
    data.update(overrides)
    return data


def test_anonymous_gets_nothing(api):
    assert api(None).get("/api/v1/hazards/").status_code in (401, 403)


def test_list_is_paged_geojson_by_key(api):
    page = api("donor.usdos").get("/api/v1/hazards/?page_size=10").json()
    assert page["type"] == "FeatureCollection" and len(page["features"]) == 10
    assert page["features"][0]["geometry"]["type"] == "MultiPolygon" or page["features"][0]["geometry"] is None
    assert "cursor=" in page["next"]
    second = api("donor.usdos").get(page["next"]).json()
    first_ids = {f["id"] for f in page["features"]}
    assert not first_ids & {f["id"] for f in second["features"]}


def test_filters_match_the_database(api):
    client = api("tnmac.im")
    got = client.get(
        "/api/v1/hazards/?classification=CHA&status=open&operator=%d&page_size=1000"
        % HazardArea.objects.get(reference="TJK-HA-000001").operator_id
    ).json()
    expected = HazardArea.objects.filter(
        classification="CHA", status="open", operator__hazard_areas__reference="TJK-HA-000001"
    ).count()
    assert len(got["features"]) == expected > 0
    assert all(f["properties"]["classification"] == "CHA" for f in got["features"])


def test_create_then_history(api):
    client = api("tnmac.im")
    response = client.post("/api/v1/hazards/", payload(), format="json")
    assert response.status_code == 201, response.content
    feature = response.json()
    assert feature["properties"]["reference"].startswith("TJK-HA-")
    history = client.get(f"/api/v1/hazards/{feature['id']}/history/").json()
    assert history[0]["action"] == "create_hazard_area" and history[0]["user"] == "tnmac.im"


def test_bad_geometry_names_the_field(api):
    response = api("tnmac.im").post(
        "/api/v1/hazards/", payload(geometry=json.loads(box(10, 50).geojson)), format="json"
    )
    assert response.status_code == 400
    assert "outside Tajikistan" in response.json()["errors"]["geometry"][0]


def test_overlap_answers_409_until_confirmed(api):
    client = api("tnmac.im")
    assert client.post("/api/v1/hazards/", payload(), format="json").status_code == 201
    again = client.post("/api/v1/hazards/", payload(name="Twin"), format="json")
    assert again.status_code == 409 and "Overlaps" in again.json()["warnings"]["geometry"][0]
    assert client.post("/api/v1/hazards/", payload(name="Twin", confirm=True), format="json").status_code == 201


def test_stale_version_answers_409(api):
    client = api("tnmac.im")
    created = client.post("/api/v1/hazards/", payload(), format="json").json()
    url = f"/api/v1/hazards/{created['id']}/"
    ok = client.patch(url, {"version": 1, "effective_date": "2021-01-01", "name": "Renamed"}, format="json")
    assert ok.status_code == 200 and ok.json()["properties"]["version"] == 2
    stale = client.patch(url, {"version": 1, "effective_date": "2021-01-02", "name": "Mine"}, format="json")
    assert stale.status_code == 409 and stale.json()["current"]["name"] == "Renamed"


def test_donor_cannot_create(api):
    assert api("donor.usdos").post("/api/v1/hazards/", payload(), format="json").status_code == 403


def test_release_land_through_the_api(api):
    client = api("tnmac.im")
    created = client.post("/api/v1/hazards/", payload(), format="json").json()
    response = client.post(
        "/api/v1/land-release/",
        {
            "hazard": created["id"],
            "organisation": Organisation.objects.get(acronym="UST").pk,
            "kind": "cancel",
            "method": "survey",
            "geometry": json.loads(box(69.62, 40.62).geojson),
            "start_date": "2021-01-01",
            "end_date": "2021-02-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert HazardArea.objects.get(pk=created["id"]).status == "closed"


def test_contamination_report_endpoint(api):
    data = api("donor.usdos").get("/api/v1/reports/contamination/?as_of=2019-03-31").json()
    assert data["total"] == {"areas": 249, "m2": 12098210}
    assert api("donor.usdos").get("/api/v1/reports/contamination/?as_of=31.03.2019").status_code == 400


def test_schema_and_docs(api):
    client = api("tnmac.im")
    assert client.get("/api/v1/schema/").status_code == 200
    assert client.get("/api/v1/docs/").status_code == 200
