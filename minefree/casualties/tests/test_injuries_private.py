"""A casualty's injuries are medical detail, so personal data: sealed at rest and in the report,
never on a page, in the API, an export or the audit log; read only on the victim's audited page."""

from __future__ import annotations

import pytest
from django.db import connection

from minefree.casualties import assistance
from minefree.casualties.models import Accident, Casualty
from minefree.fieldwork import actions
from minefree.fieldwork.models import FieldReport
from minefree.gazetteer.models import AdminArea
from minefree.organisations.models import Organisation

INJURY = "Shrapnel-Left-Eye-Blinded"
VIEWERS = ["donor.usdos", "coes.officer", "ciihl.viewer", "npa.clerk", "tnmac.admin", "tnmac.im"]


@pytest.fixture
def accident(user):
    """An accident reported by NPA with one casualty's injuries, approved into the national record."""
    payload = {
        "kind": "civilian",
        "admin_area": "TJ-KT-PNJ",
        "activity_at_time": "herding",
        "casualties": [
            {"sex": "male", "age": 12, "outcome": "injured", "injuries": INJURY},
            {"sex": "female", "age": 40, "outcome": "killed"},
        ],
    }
    report, _ = actions.save_report(
        user("npa.clerk"),
        kind="accident",
        organisation=Organisation.objects.get(acronym="NPA"),
        client_id="injuries-1",
        date_of_information=Accident.objects.order_by("-date").first().date,
        payload=payload,
    )
    report = actions.approve_report(user("tnmac.im"), actions.submit_report(user("npa.clerk"), report))
    return report, Accident.objects.get(pk=report.applied["accident"])


def test_injuries_are_sealed_at_rest_in_the_record_and_the_report(accident):
    report, made = accident
    with connection.cursor() as cursor:
        cursor.execute("SELECT injuries_sealed FROM casualties_casualty WHERE accident_id = %s", [made.pk])
        stored = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SELECT payload FROM fieldwork_fieldreport WHERE id = %s", [report.pk])
        stored += str(cursor.fetchone()[0])
    assert stored.strip() and INJURY not in stored


@pytest.mark.parametrize("username", VIEWERS)
def test_no_role_sees_injuries_on_pages_api_exports_or_history(persona, accident, username):
    report, made = accident
    client = persona(username)
    urls = [
        f"/records/accidents/{made.pk}/",
        f"/api/v1/accidents/{made.pk}/",
        f"/field-reports/{report.pk}/",
        f"/api/v1/field-reports/{report.pk}/",
        "/api/v1/accidents/?page_size=1000",
    ]
    for url in urls:
        response = client.get(url)
        assert INJURY not in response.content.decode(), url
    for fmt in ("csv", "xlsx", "geojson"):
        response = client.post("/exports/accidents/", {"fmt": fmt})
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert INJURY.encode() not in body
    if username.startswith("tnmac"):
        audit_csv = b"".join(client.get("/audit/export.csv").streaming_content).decode()
        assert INJURY not in audit_csv and made.reference in audit_csv


def test_the_victims_audited_page_reads_them(user, accident):
    _report, made = accident
    casualty = Casualty.objects.filter(accident=made, outcome="injured").get()
    victim = assistance.register_victim(
        user("tnmac.im"),
        organisation=Organisation.objects.get(acronym="TNMAC"),
        admin_area=AdminArea.objects.get(code="TJ-KT-PNJ"),
        sex="male",
        name="Test Survivor",
        casualty=casualty,
    )
    assert assistance.read_personal_data(user("tnmac.qa"), victim)["injuries"] == INJURY


def test_a_sealed_looking_injury_from_a_client_is_refused_naming_it(persona):
    body = {
        "kind": "accident",
        "organisation": "NPA",
        "client_id": "forged-injury",
        "date_of_information": "2025-09-09",
        "payload": {
            "kind": "civilian",
            "admin_area": "TJ-KT-PNJ",
            "activity_at_time": "herding",
            "casualties": [{"sex": "male", "outcome": "injured", "injuries": {"sealed": "x"}}],
        },
    }
    before = FieldReport.objects.count()
    response = persona("npa.clerk").post("/api/v1/field-reports/", body, content_type="application/json")
    assert response.status_code == 400 and "casualties.1.injuries" in response.json()["errors"]
    assert FieldReport.objects.count() == before


def test_the_report_page_shows_sealed_injuries_as_a_mark_not_ciphertext(persona, accident):
    report, _ = accident
    page = persona("tnmac.im").get(f"/field-reports/{report.pk}/").content.decode()
    sealed = report.payload["casualties"][0]["injuries"]["sealed"]
    assert sealed[:24] not in page and "(personal data, encrypted)" in page
