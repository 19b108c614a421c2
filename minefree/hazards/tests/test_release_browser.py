"""In Chromium, in English and Russian: a clerk goes from a hazard's page to a submitted land release."""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from minefree.conftest import ARTIFACTS, log_in
from minefree.fieldwork.models import FieldReport
from minefree.hazards.models import HazardArea, Status

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("language", "offset"), [("en", 0), ("ru", 1)])
def test_a_clerk_records_clearance_from_the_hazard_page(page: Page, server: str, language: str, offset: int) -> None:
    hazards = HazardArea.objects.filter(operator__acronym="NPA", status=Status.OPEN, geometry__isnull=False)
    hazard = hazards.order_by("-reference")[offset]
    ring = hazard.geometry[0].exterior_ring.coords[:-1]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": server}])
    log_in(page, server, "npa.clerk")
    page.goto(f"{server}/hazards/{hazard.pk}/")
    page.click("#record-release")
    expect(page.locator("#id_hazard")).to_have_value(hazard.reference)
    page.fill("#id_date_of_information", "2024-07-31")
    page.select_option("#id_kind", "clear")
    page.select_option("#id_method", "manual")
    page.fill("#id_start_date", "2024-07-01")
    page.fill("#id_coordinates", "\n".join(f"{lat}, {lon}" for lon, lat in ring))
    page.click("button[name=submit]")
    expect(page.locator("#report-state")).to_be_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"land-release-{language}.png"), full_page=True)
    report = FieldReport.objects.filter(hazard=hazard, kind="progress").order_by("-pk").first()
    assert report is not None and report.state == FieldReport.State.SUBMITTED
    assert f"/field-reports/{report.pk}/" in page.url
    expect(page.locator(".warning")).to_have_count(0)  # no "Name the hazardous area"
