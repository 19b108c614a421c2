"""A risk-education partner's clerk records a session with a wrong total and is told so."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from minefree.conftest import ARTIFACTS, log_in
from minefree.fieldwork.models import FieldReport

pytestmark = pytest.mark.browser


def test_a_wrong_total_gets_a_message_and_the_right_one_is_saved(page: Page, server: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.context.clear_cookies()
    log_in(page, server, "rcst.clerk")
    page.goto(f"{server}/reports/new/eore/")
    page.select_option("select[name=admin_area]", label="Rasht (approximate)")
    page.fill("input[name=place]", "Garm, school no. 2")
    page.select_option("select[name=facilitator]", "teacher")
    page.select_option("select[name=audience]", "schoolchildren")
    page.select_option("select[name=method]", "presentation")  # no list starts on a choice
    page.select_option("select[name=grouping]", "mixed")
    for name, value in (("girls", "31"), ("boys", "27"), ("women", "0"), ("men", "2"), ("total", "58")):
        page.fill(f"input[name={name}]", value)
    page.click("button[name=submit]")
    error = page.locator(".field.has-error .error")
    expect(error).to_have_text("The total (58) is not the sum of girls, boys, women and men (60).")
    page.screenshot(path=str(ARTIFACTS / "eore-total.png"))
    assert not FieldReport.objects.filter(payload__place="Garm, school no. 2").exists()
    page.fill("input[name=total]", "60")
    page.click("button[name=submit]")
    expect(page.locator("#report-state")).to_have_text("Submitted")
