"""Issue 3's walk in Chromium: submit, return with a comment, fix, resubmit, approve; the map and
a donor's aggregate change, and the donor never sees a draft."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from minefree.conftest import ARTIFACTS, log_in
from minefree.fieldwork.models import FieldReport
from minefree.hazards.models import HazardArea
from minefree.hazards.tests.helpers import box

pytestmark = pytest.mark.browser


def as_user(page: Page, server: str, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, server, username)


def test_review_cycle_reaches_the_national_map(page: Page, server: str, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    as_user(page, server, "donor.usdos")
    page.goto(f"{server}/hazards/summary/")
    cha_before = int(page.locator("#total-cha").inner_text())

    upload = tmp_path / "nts.geojson"
    upload.write_text(json.dumps(json.loads(box(69.95, 40.95, d=0.0015).geojson)))
    as_user(page, server, "npa.clerk")
    page.goto(f"{server}/reports/new/hazard/")
    page.fill("input[name=name]", "Browser NTS field")
    page.select_option("select[name=admin_area]", label="Ghafurov (approximate)")
    page.select_option("select[name=classification]", "CHA")
    page.select_option("select[name=contamination]", "ap_mines")
    page.set_input_files("input[name=geometry_file]", str(upload))
    page.click("button[name=submit]")
    expect(page.locator("#report-state")).to_have_text("Submitted")
    report_url = page.url
    # A second report stays a draft: nobody outside NPA may see it.
    page.goto(f"{server}/reports/new/spot_task/")
    page.select_option("select[name=category]", "uxo")
    page.fill("input[name=ordnance_type]", "VOG-17")
    page.fill("input[name=quantity]", "1")
    page.select_option("select[name=disposal]", "in_situ")  # no list starts on a choice
    page.fill("input[name=disposed_on]", "2024-05-05")
    page.fill("input[name=date_of_information]", "2024-05-05")
    page.click("button[name=save]")
    expect(page.locator("#report-state")).to_have_text("Draft")
    draft_url = page.url

    as_user(page, server, "tnmac.im")
    page.goto(f"{server}/reports/?state=submitted")
    expect(page.locator("table.reports")).to_contain_text("npa.clerk")
    page.goto(report_url)
    page.fill("form.decide textarea[name=comment]", "Give the nearest village in the name")
    page.click("form.decide button:has-text('Return with comments')")
    expect(page.locator("#report-state")).to_have_text("Returned with comments")
    expect(page.locator("ul.comments")).to_contain_text("nearest village")

    as_user(page, server, "npa.clerk")
    expect(page.locator("#unread")).to_be_visible()
    page.goto(report_url)
    page.click("a:has-text('Edit')")
    page.fill("input[name=name]", "Browser NTS field, Vorukh")
    page.click("button[name=submit]")
    expect(page.locator("#report-state")).to_have_text("Submitted")

    as_user(page, server, "tnmac.im")
    page.goto(report_url)
    page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=True)
    page.click("form.decide button:has-text('Approve')")
    expect(page.locator("#report-state")).to_have_text("Approved")
    reference = HazardArea.objects.get(name="Browser NTS field, Vorukh").reference
    page.goto(f"{server}/hazards/?q={reference}")
    expect(page.locator("#map[data-loaded='1']")).to_be_attached(timeout=20_000)

    as_user(page, server, "donor.usdos")
    page.goto(f"{server}/hazards/summary/")
    assert int(page.locator("#total-cha").inner_text()) == cha_before + 1
    page.goto(f"{server}/reports/")
    expect(page.locator("table.reports")).not_to_contain_text("VOG-17")
    assert page.goto(draft_url).status == 404
    assert FieldReport.objects.get(payload__ordnance_type="VOG-17").state == "draft"
