"""In Chromium, in English and Russian, at desk size and on a phone: a clerk goes from a hazard's page to
a submitted land release (one of issue 13's persona walks; the others are in core/tests/test_persona_walks.py)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import Page, expect

from minefree.conftest import ARTIFACTS, docs_screenshot, log_in
from minefree.fieldwork.models import FieldReport
from minefree.hazards.models import HazardArea, Status

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desk", "phone"])
def test_a_clerk_records_clearance_from_the_hazard_page(
    page: Page, server: str, language: str, size: tuple[int, int]
) -> None:
    offset = (0 if language == "en" else 2) + (0 if size[0] > 400 else 1)  # a hazard of its own per walk
    hazards = HazardArea.objects.filter(operator__acronym="NPA", status=Status.OPEN, geometry__isnull=False)
    hazard = hazards.order_by("-reference")[offset]
    ring = hazard.geometry[0].exterior_ring.coords[:-1]
    where = f"{language}-{'desk' if size[0] > 400 else 'phone'}"
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.errors.clear()  # type: ignore[attr-defined]
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
    with translation.override(language):
        submitted = str(FieldReport.State.SUBMITTED.label)
    expect(page.locator("#report-state")).to_have_text(submitted)
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    assert page.errors == []  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"land-release-{where}.png"), full_page=True)
    if where in ("en-desk", "ru-phone"):
        docs_screenshot(page, f"walk-land-release-{where}.png")
    report = FieldReport.objects.filter(hazard=hazard, kind="progress").order_by("-pk").first()
    assert report is not None and report.state == FieldReport.State.SUBMITTED
    assert f"/field-reports/{report.pk}/" in page.url
    expect(page.locator(".warning")).to_have_count(0)  # no "Name the hazardous area"
