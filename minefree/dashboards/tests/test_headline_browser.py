"""The headline strip on a 390 px phone in Russian, on the public and the NMAC dashboard."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from minefree.conftest import docs_screenshot, log_in

pytestmark = pytest.mark.browser


def test_both_dashboards_open_with_the_strip_on_a_phone_in_russian(page: Page, server: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ru", "url": server}])
    page.goto(f"{server}/dashboard/public/")
    expect(page.locator("#headline-remaining_m2 .value")).to_have_text(
        re.compile(r"^\d+,\d \S+²$")
    )  # Russian decimal comma
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    docs_screenshot(page, "dashboard-headline-public-phone-ru.png")
    log_in(page, server, "tnmac.im")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ru", "url": server}])
    page.goto(f"{server}/dashboard/")
    expect(page.locator("#headline-deadline")).to_be_visible()
    docs_screenshot(page, "dashboard-headline-nmac-phone-ru.png")
