"""A clerk records land release from the hazard's page: the form names the hazardous area."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User

from minefree.fieldwork import actions
from minefree.fieldwork.models import FieldReport
from minefree.hazards.models import HazardArea, LandReleaseActivity, Status
from minefree.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def npa_open_hazard() -> HazardArea:
    hazard = (
        HazardArea.objects.filter(operator__acronym="NPA", status=Status.OPEN, geometry__isnull=False)
        .order_by("reference")
        .first()
    )
    assert hazard is not None
    return hazard


def release_form(hazard: HazardArea, reference: str | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "hazard": hazard.reference if reference is None else reference,
        "client_id": f"release-{hazard.pk}-{reference}",
        "date_of_information": "2024-06-30",
        "kind": "clear",
        "method": "manual",
        "start_date": "2024-06-01",
        "coordinate_order": "latlon",
        "drawn": hazard.geometry.geojson,
        "submit": "1",
        **extra,
    }


def test_the_hazard_page_links_to_the_land_release_form_with_the_area_chosen(persona: Any) -> None:
    hazard = npa_open_hazard()
    link = f'href="/field-reports/new/progress/?hazard={hazard.pk}"'
    assert link in persona("npa.clerk").get(f"/hazards/{hazard.pk}/").content.decode()
    assert link not in persona("donor.usdos").get(f"/hazards/{hazard.pk}/").content.decode()
    form = persona("npa.clerk").get(f"/field-reports/new/progress/?hazard={hazard.pk}").content.decode()
    assert f'name="hazard" value="{hazard.reference}"' in form


def test_a_clerk_records_clearance_and_the_reviewer_applies_it(persona: Any) -> None:
    hazard = npa_open_hazard()
    clerk = persona("npa.clerk")
    response = clerk.post(f"/field-reports/new/progress/?hazard={hazard.pk}", release_form(hazard))
    assert response.status_code == 302, response.content.decode()[:3000]
    report = FieldReport.objects.get(client_id=f"release-{hazard.pk}-None")
    assert report.hazard == hazard and report.state == FieldReport.State.SUBMITTED
    page = clerk.get(response["Location"]).content.decode()
    assert "Name the hazardous area" not in page
    persona("tnmac.im").post(f"/field-reports/{report.pk}/approve/", {"version": report.version})
    report.refresh_from_db()
    assert report.state == FieldReport.State.APPROVED
    assert LandReleaseActivity.objects.filter(hazard=hazard, pk=report.applied["activity"]).exists()


def test_the_area_can_be_typed_and_an_unknown_or_closed_one_is_refused(persona: Any) -> None:
    hazard = npa_open_hazard()
    closed = HazardArea.objects.filter(status=Status.HANDED_OVER).first()
    assert closed is not None
    clerk = persona("npa.clerk")
    before = FieldReport.objects.count()
    for reference in ("TJK-HA-999999", closed.reference, ""):
        page = clerk.post("/field-reports/new/progress/", release_form(hazard, reference=reference))
        assert page.status_code == 400 and 'id="id_hazard"' in page.content.decode()
    assert FieldReport.objects.count() == before
    typed = clerk.post(
        "/field-reports/new/progress/", release_form(hazard, reference=hazard.reference, client_id="typed")
    )
    assert typed.status_code == 302 and FieldReport.objects.get(client_id="typed").hazard == hazard


def test_a_draft_without_its_area_gets_one_on_edit(persona: Any) -> None:
    hazard = npa_open_hazard()
    clerk = persona("npa.clerk")
    clerk.post("/field-reports/new/progress/", {**release_form(hazard, client_id="no-area"), "hazard": ""})
    assert not FieldReport.objects.filter(client_id="no-area").exists()  # the form asks for it first
    draft, _created = actions.save_report(
        clerk_user(),
        kind="progress",
        organisation=Organisation.objects.get(acronym="NPA"),
        client_id="old-draft",
        date_of_information=dt.date(2024, 6, 30),
        payload={"kind": "clear", "method": "manual", "start_date": "2024-06-01"},
    )
    form = release_form(hazard, version=draft.version, client_id="old-draft")
    assert clerk.post(f"/field-reports/{draft.pk}/edit/", form).status_code == 302
    draft.refresh_from_db()
    assert draft.hazard == hazard and draft.state == FieldReport.State.SUBMITTED


def clerk_user() -> User:
    return User.objects.get(username="npa.clerk")
