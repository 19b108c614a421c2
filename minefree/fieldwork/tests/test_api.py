import json

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from minefree.fieldwork.models import FieldReport
from minefree.hazards.tests.helpers import box


@pytest.fixture
def api(db):
    def as_user(username):
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=User.objects.get(username=username))
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return as_user


def body(client_id="api-1", **payload):
    content = {
        "name": "API report",
        "admin_area": "TJ-SU-GFR",
        "classification": "SHA",
        "contamination": "ap_mines",
        "geometry": json.loads(box(69.85, 40.85).geojson),
    }
    content.update(payload)
    return {
        "kind": "hazard",
        "organisation": "NPA",
        "client_id": client_id,
        "date_of_information": "2024-04-04",
        "payload": content,
    }


def test_the_whole_workflow_over_the_api(api):
    clerk, im = api("npa.clerk"), api("tnmac.im")
    created = clerk.post("/api/v1/field-reports/", body(), format="json")
    assert created.status_code == 201, created.content
    report = created.json()
    url = f"/api/v1/field-reports/{report['id']}/"
    assert clerk.post("/api/v1/field-reports/", body(name="changed"), format="json").json() == report
    assert im.get(url).status_code == 404  # a draft is not the NMAC's yet
    assert clerk.post(url + "submit/", {"version": 1}, format="json").status_code == 200
    returned = im.post(url + "return/", {"comment": "Add the nearest village"}, format="json")
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    notes = clerk.get("/api/v1/notifications/").json()["results"]
    assert any("returned" in n["text"] for n in notes)
    fixed = clerk.patch(
        url,
        {"version": returned.json()["version"], "payload": {**report["payload"], "description": "Near Vorukh"}},
        format="json",
    )
    assert fixed.status_code == 200
    clerk.post(url + "submit/", {}, format="json")
    approved = im.post(url + "approve/", {}, format="json").json()
    assert approved["state"] == "approved" and approved["hazard_reference"].startswith("TJK-HA-")
    assert [c["state"] for c in approved["comments"]] == ["returned"]


def test_state_filter(api):
    clerk = api("npa.clerk")
    clerk.post("/api/v1/field-reports/", body("f-1"), format="json")
    drafts = clerk.get("/api/v1/field-reports/?state=draft").json()["results"]
    assert drafts and all(r["state"] == "draft" for r in drafts)
    assert FieldReport.objects.filter(state="draft", organisation__acronym="NPA").count() == len(drafts)


def test_bad_content_names_the_field(api):
    clerk = api("npa.clerk")
    report = clerk.post("/api/v1/field-reports/", body("b-1", classification="XYZ"), format="json").json()
    answer = clerk.post(f"/api/v1/field-reports/{report['id']}/submit/", {}, format="json")
    assert answer.status_code == 400 and "classification" in answer.json()["errors"]


def test_duplicate_candidates_are_ranked(api):
    clerk, im = api("npa.clerk"), api("tnmac.im")
    first = clerk.post("/api/v1/field-reports/", body("d-1"), format="json").json()
    clerk.post(f"/api/v1/field-reports/{first['id']}/submit/", {}, format="json")
    im.post(f"/api/v1/field-reports/{first['id']}/approve/", {}, format="json")
    near = clerk.post(
        "/api/v1/field-reports/", body("d-2", geometry=json.loads(box(69.8505, 40.85).geojson)), format="json"
    ).json()
    far = clerk.post(
        "/api/v1/field-reports/", body("d-3", geometry=json.loads(box(69.8515, 40.85).geojson)), format="json"
    ).json()
    for report in (near, far):
        clerk.post(f"/api/v1/field-reports/{report['id']}/submit/", {}, format="json")
    ranked = im.get(f"/api/v1/field-reports/{near['id']}/candidates/").json()
    assert [c["kind"] for c in ranked] == ["hazard", "report"]  # the approved area, then the other report
    assert ranked[0]["overlap_share"] > 0.7 > ranked[1]["overlap_share"] > 0
    assert [c["score"] for c in ranked] == sorted((c["score"] for c in ranked), reverse=True)
    conflict = im.post(f"/api/v1/field-reports/{near['id']}/approve/", {}, format="json")
    assert conflict.status_code == 409 and "Overlaps" in conflict.json()["warnings"]["geometry"][0]


@pytest.mark.parametrize(
    "username,sees_submitted,decides",
    [
        ("tnmac.admin", True, True),
        ("tnmac.im", True, True),
        ("tnmac.qa", True, False),
        ("ciihl.viewer", True, False),
        ("npa.manager", True, False),
        ("fsd.clerk", False, False),
        ("donor.usdos", False, False),
        ("coes.officer", False, False),
        ("rcst.clerk", False, False),
    ],
)
def test_every_role_on_the_field_report_paths(api, username, sees_submitted, decides):
    clerk = api("npa.clerk")
    report = clerk.post("/api/v1/field-reports/", body(f"r-{username}"), format="json").json()
    clerk.post(f"/api/v1/field-reports/{report['id']}/submit/", {}, format="json")
    client = api(username)
    url = f"/api/v1/field-reports/{report['id']}/"
    listed = {r["id"] for r in client.get("/api/v1/field-reports/?state=submitted&page_size=1000").json()["results"]}
    assert (report["id"] in listed) == sees_submitted
    assert (client.get(url).status_code == 200) == sees_submitted
    assert (client.get(url + "candidates/").status_code == 200) == sees_submitted
    answer = client.post(url + "reject/", {"comment": "no"}, format="json")
    assert (answer.status_code == 200) == decides, answer.status_code
