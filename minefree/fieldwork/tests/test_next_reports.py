"""Issue 13: from a hazardous area's page one click starts its next report, already about that area."""

from __future__ import annotations

import html
import re
import uuid
from typing import Any

import pytest

from minefree.fieldwork.models import FieldReport
from minefree.hazards.models import REMAINING, HazardArea
from minefree.organisations.models import Organisation

BUTTONS = {
    "progress": "Report progress",
    "completion": "Report completion",
    "spot_task": "Report ordnance found",
    "marking": "Report marking",
}


def npa_area() -> HazardArea:
    """A remaining area NPA works on, which NPA's clerk may report on."""
    npa = Organisation.objects.get(acronym="NPA")
    return HazardArea.objects.filter(status__in=REMAINING, operator=npa).order_by("pk").first()  # type: ignore[return-value]


def links(page: str) -> dict[str, str]:
    """The next-report buttons of a hazard page: label -> URL."""
    block = page.split('id="next-reports"', 1)[1].split("</p>", 1)[0] if 'id="next-reports"' in page else ""
    return {label: html.unescape(url) for url, label in re.findall(r'href="([^"]+)">([^<]+)</a>', block)}


def test_the_hazard_page_offers_each_next_report_for_that_area(persona: Any) -> None:
    hazard = npa_area()
    offered = links(persona("npa.clerk").get(f"/hazards/{hazard.pk}/").content.decode())
    assert list(offered) == list(BUTTONS.values())
    for kind, label in BUTTONS.items():
        assert offered[label] == f"/field-reports/new/{kind}/?hazard={hazard.pk}"


@pytest.mark.parametrize("username", ["donor.usdos", "coes.officer", "ciihl.viewer"])
def test_who_writes_no_reports_is_offered_none(persona: Any, username: str) -> None:
    hazard = npa_area()
    page = persona(username).get(f"/hazards/{hazard.pk}/").content.decode()
    assert 'id="next-reports"' not in page and "Report progress" not in page


@pytest.mark.parametrize("kind", ["progress", "completion", "marking"])
def test_the_form_opens_with_the_area_chosen(persona: Any, kind: str) -> None:
    hazard = npa_area()
    page = persona("npa.clerk").get(f"/field-reports/new/{kind}/?hazard={hazard.pk}").content.decode()
    assert f'name="hazard" value="{hazard.reference}"' in page  # the reference field, filled in
    assert 'abbr class="required"' in page


def test_an_ordnance_report_opened_from_the_area_is_linked_to_it(persona: Any) -> None:
    hazard, clerk = npa_area(), persona("npa.clerk")
    page = clerk.get(f"/field-reports/new/spot_task/?hazard={hazard.pk}").content.decode()
    assert f'<input type="hidden" name="hazard" value="{hazard.pk}">' in page
    client_id = f"next-{uuid.uuid4()}"
    form = {
        "client_id": client_id,
        "hazard": hazard.pk,
        "date_of_information": "2024-05-05",
        "category": "uxo",
        "ordnance_type": "VOG-17",
        "quantity": "1",
        "disposal": "in_situ",
        "disposed_on": "2024-05-05",
        "submit": "1",
    }
    response = clerk.post(f"/field-reports/new/spot_task/?hazard={hazard.pk}", form, follow=True)
    report = FieldReport.objects.get(client_id=client_id)
    assert report.hazard_id == hazard.pk and report.state == "submitted"
    assert f"{report.reference} submitted; the centre will review it." in response.content.decode()


def test_a_marking_report_opened_from_the_area_is_linked_and_approved_onto_it(persona: Any) -> None:
    hazard, clerk, im = npa_area(), persona("npa.clerk"), persona("tnmac.im")
    client_id = f"next-{uuid.uuid4()}"
    form = {
        "client_id": client_id,
        "hazard": hazard.reference,
        "date_of_information": "2024-05-05",
        "method": "signs",
        "signs": "12",
        "village": "Vorukh",
        "submit": "1",
    }
    response = clerk.post(f"/field-reports/new/marking/?hazard={hazard.pk}", form)
    assert response.status_code == 302, response.content.decode()
    report = FieldReport.objects.get(client_id=client_id)
    assert report.hazard_id == hazard.pk and report.state == "submitted"
    im.post(f"/field-reports/{report.pk}/approve/", {"version": report.version})
    report.refresh_from_db()
    assert report.state == "approved" and hazard.markings.filter(signs=12).exists()


def test_a_marking_form_without_an_area_says_so_beside_the_field(persona: Any) -> None:
    page = persona("npa.clerk").post(
        "/field-reports/new/marking/",
        {"client_id": "m-x", "hazard": "", "date_of_information": "2024-05-05", "method": "", "signs": "3"},
    )
    text = page.content.decode()
    assert page.status_code == 400 or page.status_code == 200
    hazard_field = text.split('for="id_hazard"', 1)[1].split('class="field', 1)[0]
    method_field = text.split('for="id_method"', 1)[1].split('class="field', 1)[0]
    assert "This field is required." in hazard_field and "This field is required." in method_field
    assert '<option value="" selected>—</option>' in method_field  # no method is chosen for the clerk


def test_a_progress_form_never_starts_on_a_cancellation(persona: Any) -> None:
    hazard = npa_area()
    page = persona("npa.clerk").get(f"/field-reports/new/progress/?hazard={hazard.pk}").content.decode()
    kind = page.split('name="kind"', 1)[1].split("</select>", 1)[0]
    assert '<option value="" selected>—</option>' in kind
    assert '<option value="cancel">Cancelled by non-technical survey</option>' in kind  # offered, not chosen
