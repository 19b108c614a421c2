"""A visitor without an account: from the login page to the public dashboard, its charts and a table."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from minefree.conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser


def test_a_visitor_reaches_the_public_dashboard_from_the_login_page(page: Page, server: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{server}/login/")
    page.click("text=Public dashboard")
    expect(page).to_have_url(f"{server}/dashboard/public/")
    expect(page.locator("section.block svg.chart").first).to_be_visible()
    assert page.locator("section.block").count() >= 6
    funding = page.locator("#funding-by-donor")
    expect(funding).to_contain_text("15,245,966")
    funding.locator("summary").click()
    expect(funding.locator("table")).to_be_visible()
    expect(funding.locator("tbody tr")).to_have_count(5)  # 2013 to 2017
    assert page.locator("script").count() == 0 and page.errors == []  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "public-dashboard.png"), full_page=True)


def test_an_officer_opens_the_dashboard_from_the_navigation(page: Page, server: str) -> None:
    log_in(page, server, "tnmac.im")
    page.click("header nav >> text=Dashboard")
    expect(page).to_have_url(f"{server}/dashboard/")
    expect(page.locator("#productivity")).to_contain_text("m² per deminer-day")
    page.fill("input[name=year]", "2019")
    page.click("text=Show")
    expect(page.locator("#released-by-operator h2")).to_have_text("Land released by operator in 2019")
    assert page.errors == []  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "nmac-dashboard.png"), full_page=True)
