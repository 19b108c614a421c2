"""The reports index and a report page in Chromium, at desk size and on a 390x844 phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from minefree.conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desk", "phone"])
def test_a_donor_changes_the_period_of_a_report(page: Page, server: str, size: tuple[int, int]) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.context.clear_cookies()
    log_in(page, server, "donor.usdos")
    page.goto(f"{server}/reports/")
    expect(page.locator("#contamination-by-region tfoot")).to_contain_text("Total")
    # Nothing but a wide table's own box scrolls sideways: the page itself fits the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    page.screenshot(path=str(ARTIFACTS / f"reports-index-{size[0]}.png"), full_page=True)
    page.click("#funding h2 a")
    page.fill("input[name=from]", "2013")
    page.fill("input[name=to]", "2017")
    page.click("form.report-parameters button")
    expect(page.locator("table.funding tfoot")).to_contain_text("15,245,966")
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    page.screenshot(path=str(ARTIFACTS / f"report-funding-{size[0]}.png"), full_page=True)
