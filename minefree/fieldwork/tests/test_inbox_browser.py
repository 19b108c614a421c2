"""Chromium: a reviewer opens the inbox, opens the oldest report, sees the report and the record on one
map with the change highlighted, approves, and is told what the approval did; desk and phone, English
and Russian."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.gis.geos import GEOSGeometry
from django.utils import timezone
from playwright.sync_api import Page, expect

from minefree.conftest import ARTIFACTS, docs_screenshot, log_in
from minefree.fieldwork import actions
from minefree.fieldwork.models import FieldReport
from minefree.hazards.models import HazardArea
from minefree.organisations.models import Organisation

pytestmark = pytest.mark.browser


def shifted(geometry: GEOSGeometry, d: float = 0.0004) -> dict[str, object]:
    """The area's polygon moved a little north-east, as a team's GPS would redraw it."""
    shape = json.loads(geometry.geojson)
    shape["coordinates"] = [[[[x + d, y + d] for x, y in ring] for ring in polygon] for polygon in shape["coordinates"]]
    return shape


def oldest_change_report(django_db_blocker: object, n: int) -> FieldReport:
    """NPA's clerk reports an area as confirmed and redrawn; it has waited longest of all."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        clerk = User.objects.get(username="npa.clerk")
        npa = Organisation.objects.get(acronym="NPA")
        hazard = HazardArea.objects.filter(operator=npa, classification="SHA", geometry__isnull=False).order_by("pk")[n]
        report, _created = actions.save_report(
            clerk,
            kind="hazard",
            organisation=npa,
            client_id=f"walk-{uuid.uuid4()}",
            date_of_information=dt.date(2024, 6, 6),
            payload={"classification": "CHA", "geometry": shifted(hazard.geometry)},
            hazard=hazard,
        )
        actions.submit_report(clerk, report)
        waited = timezone.now() - dt.timedelta(days=400 + n)
        FieldReport.objects.filter(pk=report.pk).update(submitted_at=waited)
        return FieldReport.objects.get(pk=report.pk)


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desk", "phone"])
def test_a_reviewer_approves_the_oldest_report_from_the_inbox(
    page: Page, server: str, django_db_blocker: object, language: str, size: tuple[int, int]
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    n = (0 if language == "en" else 2) + (0 if size[0] > 400 else 1)
    report = oldest_change_report(django_db_blocker, n)
    where = f"{language}-{'desk' if size[0] > 400 else 'phone'}"
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": server}])
    log_in(page, server, "tnmac.im")
    page.goto(f"{server}/field-reports/")
    page.click("#open-inbox")
    first = page.locator("#inbox tbody tr").first
    expect(first).to_have_attribute("data-report", report.reference)  # the longest waiting comes first
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]  # the table scrolls inside itself
    page.screenshot(path=str(ARTIFACTS / f"review-inbox-{where}.png"), full_page=True)
    if where == "en-desk":
        docs_screenshot(page, "review-inbox.png")
    first.locator("a").first.click()

    # Both polygons on one map: the record (red) and the report (dashed blue).
    expect(page.locator("#map[data-layers='2']")).to_be_attached(timeout=30_000)
    assert page.locator("#map path.leaflet-interactive").count() == 2
    changed = page.locator("table.compare tr.changed")
    expect(changed.first).to_be_visible()
    assert changed.first.locator("del").count() == 1 and changed.first.locator("ins").count() == 1
    expect(page.locator("button.approve")).to_be_visible()
    colours = {
        name: page.locator(f".decisions button.{name}").evaluate("b => getComputedStyle(b).backgroundColor")
        for name in ("approve", "secondary", "danger")
    }
    assert len(set(colours.values())) == 3, colours  # approve, return and reject never look alike
    page.screenshot(path=str(ARTIFACTS / f"review-report-{where}.png"), full_page=True)
    if where == "en-desk":
        docs_screenshot(page, "review-report.png", full_page=True)

    page.click("button.approve")
    expect(page.locator("#messages .success")).to_contain_text(report.reference)
    expect(page.locator("#messages .success")).to_contain_text(report.hazard.reference)  # type: ignore[union-attr]
    expect(page.locator("p.state-approved")).to_be_visible()
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        report.refresh_from_db()
        assert report.state == "approved"
        assert HazardArea.objects.get(pk=report.hazard_id).classification == "CHA"
    page.screenshot(path=str(ARTIFACTS / f"review-approved-{where}.png"), full_page=True)
    if where == "en-desk":
        docs_screenshot(page, "review-approved.png")
    assert page.errors == []  # type: ignore[attr-defined]


def test_a_risk_education_form_computes_its_total(page: Page, server: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.clear_cookies()
    log_in(page, server, "rcst.clerk")
    page.goto(f"{server}/field-reports/new/eore/")
    for name, value in (("girls", "31"), ("boys", "27"), ("women", "0")):
        page.fill(f"input[name={name}]", value)
    assert page.input_value("input[name=total]") == ""  # not every group given yet
    page.fill("input[name=men]", "2")
    assert page.input_value("input[name=total]") == "60"
    page.fill("input[name=total]", "58")  # typed by hand: kept, and the server names the difference
    page.fill("input[name=men]", "3")
    assert page.input_value("input[name=total]") == "58"
    assert page.errors == []  # type: ignore[attr-defined]
