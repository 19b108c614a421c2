"""Where a reported polygon lies is checked when the report is submitted, on every path in.

Swapped axes, a polygon outside the country, or a district that does not hold the polygon (a
Khatlon polygon filed under a GBAO district would count in GBAO's figures) are refused then, with
the field named; a report without a district gets the one holding its polygon.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import MultiPolygon, Polygon
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from minefree.core.errors import ActionError
from minefree.fieldcollection.models import XForm
from minefree.fieldcollection.tests.collect import device
from minefree.fieldwork import actions
from minefree.fieldwork.models import FieldReport
from minefree.gazetteer.models import AdminArea
from minefree.hazards.models import HazardArea
from minefree.hazards.tests.helpers import box, new_hazard
from minefree.organisations.models import Organisation

pytestmark = pytest.mark.django_db

PANJ = box(69.10, 37.30)  # Khatlon, Panj district
SWAPPED = MultiPolygon(Polygon.from_bbox((37.30, 69.10, 37.302, 69.102)), srid=4326)  # Panj, lat/lon typed
OUTSIDE = box(66.50, 39.00)  # Uzbekistan

# (district code, polygon, field that must be named, words of the message)
BAD = [
    pytest.param("TJ-KT-PNJ", SWAPPED, "geometry", "swapped", id="swapped axes"),
    pytest.param("", SWAPPED, "geometry", "swapped", id="swapped axes, no district"),
    pytest.param("TJ-KT-PNJ", OUTSIDE, "geometry", "outside Tajikistan", id="outside the country"),
    pytest.param("TJ-GB-DRV", PANJ, "admin_area", "lies mostly in Panj", id="Khatlon polygon under GBAO"),
]


def api(username: str) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=User.objects.get(username=username))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def hazard_payload(district: str, geom: MultiPolygon) -> dict[str, Any]:
    payload = {"name": "Checked on submit", "classification": "SHA", "contamination": "ap_mines"}
    payload["geometry"] = json.loads(geom.geojson)
    if district:
        payload["admin_area"] = district
    return payload


@pytest.mark.parametrize(("district", "geom", "field", "words"), BAD)
def test_the_api_refuses_the_submission_naming_the_field(district, geom, field, words):
    clerk = api("npa.clerk")
    body = {
        "kind": "hazard",
        "organisation": "NPA",
        "client_id": f"geo-{uuid.uuid4()}",
        "date_of_information": "2024-04-04",
        "payload": hazard_payload(district, geom),
    }
    created = clerk.post("/api/v1/field-reports/", body, format="json")
    assert created.status_code == 201, created.content  # a draft may be unfinished
    answer = clerk.post(f"/api/v1/field-reports/{created.json()['id']}/submit/", {}, format="json")
    assert answer.status_code == 400
    messages = answer.json()["errors"][field]
    assert any(words in m for m in messages), messages
    assert FieldReport.objects.get(pk=created.json()["id"]).state == "draft"


@pytest.mark.parametrize(("district", "geom", "field", "words"), BAD)
def test_odk_collect_is_told_which_answer_is_wrong(district, geom, field, words):
    ring = ";".join(f"{lat} {lon} 0 0" for lon, lat in geom[0][0].coords)
    version = XForm.objects.get(form_id="minefree_hazard").version
    instance_id = f"uuid:{uuid.uuid4()}"
    xml = (
        f'<data id="minefree_hazard" version="{version}"><date>2025-07-01</date><name>Collect</name>'
        f"<admin_area>{district}</admin_area><classification>SHA</classification>"
        f"<contamination>ap_mines</contamination><geometry>{ring}</geometry><description/>"
        f"<meta><instanceID>{instance_id}</instanceID></meta></data>"
    ).encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = device().post(
        "/openrosa/submission", {"xml_submission_file": SimpleUploadedFile("i.xml", xml, "text/xml")}
    )
    text = answer.content.decode()
    assert answer.status_code == 400 and 'nature="error"' in text
    assert f"{field}:" in text and words in text, text
    assert not FieldReport.objects.filter(client_id=instance_id).exists()  # nothing half-written


def test_the_web_form_refuses_a_district_that_does_not_hold_the_polygon(persona):
    clerk = persona("npa.clerk")
    data = {
        "client_id": "web-geo",
        "date_of_information": "2024-06-06",
        "name": "Web report",
        "admin_area": AdminArea.objects.get(code="TJ-GB-DRV").pk,
        "classification": "SHA",
        "contamination": "ap_mines",
        "coordinate_order": "latlon",
        "drawn": PANJ.geojson,
        "submit": "1",
    }
    page = clerk.post("/field-reports/new/hazard/", data)
    assert page.status_code == 400 and "lies mostly in Panj" in page.content.decode()
    assert FieldReport.objects.get(client_id="web-geo").state == "draft"


def test_a_report_without_a_district_is_filed_under_the_one_holding_its_polygon():
    clerk, im = User.objects.get(username="npa.clerk"), User.objects.get(username="tnmac.im")
    report, _new = actions.save_report(
        clerk,
        kind="hazard",
        organisation=Organisation.objects.get(acronym="NPA"),
        client_id="derive-district",
        date_of_information=dt.date(2024, 4, 4),
        payload=hazard_payload("", PANJ),
    )
    actions.submit_report(clerk, report)
    approved = actions.approve_report(im, report, confirm=True)
    assert HazardArea.objects.get(pk=approved.applied["hazard"]).admin_area.code == "TJ-KT-PNJ"


def test_a_polygon_across_a_boundary_belongs_to_the_district_holding_most_of_it():
    clerk = User.objects.get(username="npa.clerk")
    # Panj / Farkhor boundary at 69.30 E: 75 % in Farkhor, 25 % in Panj.
    across = MultiPolygon(Polygon.from_bbox((69.299, 37.45, 69.303, 37.452)), srid=4326)
    for code, accepted in (("TJ-KT-FRK", True), ("TJ-KT-PNJ", False)):
        report, _new = actions.save_report(
            clerk,
            kind="hazard",
            organisation=Organisation.objects.get(acronym="NPA"),
            client_id=f"across-{code}",
            date_of_information=dt.date(2024, 4, 4),
            payload=hazard_payload(code, across),
        )
        if accepted:
            assert actions.submit_report(clerk, report).state == "submitted"
        else:
            with pytest.raises(ActionError) as refused:
                actions.submit_report(clerk, report)
            assert "75%" in str(refused.value.errors["admin_area"])


def test_a_changed_polygon_must_stay_in_the_areas_district():
    clerk, im = User.objects.get(username="npa.clerk"), User.objects.get(username="tnmac.im")
    hazard = new_hazard(im)  # Ghafurov
    report, _new = actions.save_report(
        clerk,
        kind="hazard",
        organisation=Organisation.objects.get(acronym="NPA"),
        client_id="moved-away",
        date_of_information=dt.date(2024, 4, 4),
        payload={"geometry": json.loads(PANJ.geojson)},
        hazard=hazard,
    )
    with pytest.raises(ActionError) as refused:
        actions.submit_report(clerk, report)
    assert "lies mostly in Panj" in str(refused.value.errors["admin_area"])


def test_hazards_created_or_moved_directly_are_checked_against_their_district():
    im = User.objects.get(username="tnmac.im")
    with pytest.raises(ActionError) as refused:
        new_hazard(im, admin_area=AdminArea.objects.get(code="TJ-GB-DRV"), geometry=PANJ)
    assert "lies mostly in Panj" in str(refused.value.errors["admin_area"])
    hazard = new_hazard(im)
    from minefree.hazards import actions as hazard_actions

    with pytest.raises(ActionError) as moved:
        hazard_actions.update_hazard_area(
            im,
            hazard,
            expected_version=hazard.version,
            effective_date=dt.date(2020, 1, 1),
            changes={"admin_area": AdminArea.objects.get(code="TJ-GB-DRV")},
        )
    assert "admin_area" in moved.value.errors
