"""Every page a menu leads to fits a 390 px phone in Russian: the page never scrolls sideways; a wide
table or chart scrolls inside its own box. Checked as the administrator (who sees every menu link)
and as a field clerk, on each page of the menu and the first pages each list links to."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from minefree.conftest import log_in
from minefree.core.tests.screen import sticking_out

pytestmark = [pytest.mark.browser, pytest.mark.layout]

PHONE = {"width": 390, "height": 844}
FIRST_LINKS = "els => els.slice(0, 8).map(a => a.getAttribute('href'))"
LISTS = ("/hazards/", "/field-reports/", "/records/", "/treaty/", "/reports/")
NOT_PAGES = (".csv", ".xlsx", ".gpkg", ".pdf", ".zip", ".geojson", ".json", ".xml")


def pages_of(page: Page, server: str) -> list[str]:
    hrefs = page.eval_on_selector_all("#main-menu a", "els => els.map(e => e.getAttribute('href'))")
    for start in LISTS:
        page.goto(f"{server}{start}")
        hrefs += page.eval_on_selector_all(
            "main a[href^='/']", "els => els.slice(0, 8).map(e => e.getAttribute('href'))"
        )
    wanted = [h.split("#")[0] for h in hrefs if "logout" not in h and not h.split("?")[0].endswith(NOT_PAGES)]
    return list(dict.fromkeys(wanted))


@pytest.mark.parametrize("username", ["tnmac.admin", "npa.clerk"])
def test_no_page_scrolls_sideways_on_a_phone_in_russian(page: Page, server: str, username: str) -> None:
    page.set_viewport_size(PHONE)
    page.context.clear_cookies()  # signed out of the previous persona
    page.context.add_cookies([{"name": "django_language", "value": "ru", "url": server}])
    log_in(page, server, username)
    page.wait_for_url(lambda url: "/login/" not in url)
    wide = []
    checked = 0
    for href in pages_of(page, server):
        response = page.goto(f"{server}{href}")
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        checked += 1
        if (widest := sticking_out(page, PHONE["width"])) is not None:
            wide.append(f"{href}: {widest}")
    assert checked > 15, "the menu and lists led to pages"
    assert wide == [], "pages wider than the phone:\n" + "\n".join(wide)
    page.set_viewport_size({"width": 1280, "height": 900})
