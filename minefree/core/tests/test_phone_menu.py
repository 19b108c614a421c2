"""On a phone the main menu folds behind one button, so a page starts near the top of the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from minefree.conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser


def _header_height(page: Page) -> float:
    return float(page.evaluate("document.querySelector('header.top').getBoundingClientRect().height"))


def test_the_menu_folds_on_a_phone_opens_with_its_button_and_is_whole_at_a_desk(page: Page, server: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, server, "tnmac.admin")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto(f"{server}/hazards/")
    menu = page.locator("header.top .menu-toggle")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#main-menu")).to_be_hidden()
    assert _header_height(page) < 80  # it took 339 px when every link was spread over the top
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.screenshot(path=str(ARTIFACTS / "menu-phone-open.png"))
    page.locator("#main-menu").get_by_role("link", name="Field reports").click()
    page.wait_for_url("**/field-reports/**")
    expect(page.locator("#main-menu")).to_be_hidden()  # the next page starts folded again

    # At a desk the whole menu is shown and the button is not.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(menu).to_be_hidden()
    expect(page.locator("#main-menu").get_by_role("link", name="Field reports")).to_be_visible()
    assert page.errors == []  # type: ignore[attr-defined]
