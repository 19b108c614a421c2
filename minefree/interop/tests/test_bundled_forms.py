"""Every XLSForm in the repository compiles, and a filled-in instance of it ends in the national record."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from minefree.fieldwork import actions as reports
from minefree.fieldwork.models import FieldReport
from minefree.hazards.models import HazardArea
from minefree.interop.models import XForm
from minefree.interop.tests.test_openrosa import collect

FORMS = sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "xlsforms").glob("*.md"))


def ring_around(hazard: HazardArea) -> str:
    west, south, east, north = hazard.geometry.extent
    corners = [(south, west), (south, east), (north, east), (north, west), (south, west)]
    return ";".join(f"{lat} {lon} 0 0" for lat, lon in corners)


def answers(kind: str) -> dict[str, str]:
    npa = HazardArea.objects.filter(operator__acronym="NPA")
    if kind == "hazard":
        return {
            "date": "2025-07-01",
            "name": "Bundled",
            "admin_area": "TJ-SU-ISF",
            "classification": "SHA",
            "contamination": "ap_mines",
            "geometry": "40.95 69.95 0 0;40.95 69.952 0 0;40.952 69.952 0 0;40.952 69.95 0 0;40.95 69.95 0 0",
        }
    if kind == "spot_task":
        return {
            "date": "2025-07-01",
            "location": "37.4 69.1 0 0",
            "category": "uxo",
            "ordnance_type": "VOG-17",
            "quantity": "2",
            "disposal": "in_situ",
            "disposed_on": "2025-07-01",
        }
    if kind == "progress":
        hazard = npa.filter(status="open", recorded_on__lt="2025-01-01").order_by("reference").first()
        return {
            "hazard": hazard.reference,
            "kind": "clear",
            "method": "manual",
            "team": "Manual team 1",
            "start_date": "2025-06-01",
            "date": "2025-07-01",
            "depth_cm": "20",
            "geometry": ring_around(hazard),
        }
    if kind == "eore":
        return {
            "date": "2025-07-01",
            "admin_area": "TJ-RA-RSH",
            "place": "School 5",
            "facilitator": "teacher",
            "audience": "schoolchildren",
            "method": "presentation",
            "grouping": "mixed",
            "materials": "10",
            "girls": "10",
            "boys": "12",
            "women": "0",
            "men": "0",
            "total": "22",
        }
    if kind == "accident":
        return {
            "date": "2025-05-05",
            "kind": "civilian",
            "admin_area": "TJ-KT-PNJ",
            "location": "37.4 69.1 0 0",
            "activity_at_time": "herding",
            "device": "PMN-2",
            "casualties": [
                {"sex": "male", "age": "11", "outcome": "injured", "deminer": "no"},
                {"sex": "female", "age": "", "outcome": "killed", "deminer": "no"},
            ],
        }
    if kind == "completion":
        hazard = npa.filter(status="closed", completion__isnull=True).order_by("reference").first()
        return {
            "hazard": hazard.reference,
            "date": str(hazard.states.order_by("-valid_from").first().valid_from),
            "certificate_number": "HC-B-1",
            "handed_over_on": "2026-06-01",
            "handed_over_to": "Jamoat",
            "residual_risk_owner": "Hukumat",
        }
    raise AssertionError(f"no sample answers for {kind}")


def render(values: dict) -> str:
    parts = []
    for key, value in values.items():
        items = value if isinstance(value, list) else [value]
        for item in items:  # a list is a repeat: one group per item
            parts.append(f"<{key}>{render(item) if isinstance(item, dict) else item}</{key}>")
    return "".join(parts)


def instance(form: XForm, values: dict) -> bytes:
    body = render(values)
    return (
        f'<data id="{form.form_id}" version="{form.version}">{body}'
        f"<meta><instanceID>uuid:{uuid.uuid4()}</instanceID></meta></data>"
    ).encode()


@pytest.mark.parametrize("name", FORMS)
def test_a_filled_in_form_reaches_the_national_record(user, name):
    form = XForm.objects.get(form_id=f"minefree_{name}")
    xml = instance(form, answers(form.kind))
    response = collect().post(
        "/openrosa/submission", {"xml_submission_file": SimpleUploadedFile("i.xml", xml, "text/xml")}
    )
    assert response.status_code == 201, response.content.decode()
    report = FieldReport.objects.order_by("-pk").first()
    assert report.kind == form.kind and report.state == "submitted"
    approved = reports.approve_report(user("tnmac.im"), report, confirm=True)
    assert approved.state == "approved" and approved.applied
    if form.kind == "accident":
        from minefree.casualties.models import Accident

        groups = sorted(
            Accident.objects.get(pk=approved.applied["accident"]).casualties.values_list("group", "deminer")
        )
        assert groups == [("boy", False), ("girl", False)]  # no age: the group comes from the adult flag


def test_a_wrong_total_is_refused_with_the_field_named(db):
    form = XForm.objects.get(form_id="minefree_eore")
    xml = instance(form, answers("eore") | {"total": "25"})
    response = collect().post(
        "/openrosa/submission", {"xml_submission_file": SimpleUploadedFile("i.xml", xml, "text/xml")}
    )
    assert response.status_code == 400 and "total" in response.content.decode()
