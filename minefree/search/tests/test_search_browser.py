"""Chromium on a phone, in Russian: find a district by its Cyrillic name from the top bar, open it,
and find the way back by the breadcrumbs."""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from minefree.conftest import ARTIFACTS, docs_screenshot, log_in
from minefree.gazetteer.models import AdminArea

pytestmark = pytest.mark.browser


def rasht_in_cyrillic() -> AdminArea:
    """Rasht, whose Russian and Tajik names the demo gazetteer holds."""
    area = AdminArea.objects.get(code="TJ-RA-RSH")
    assert area.names == {"ru": "Рашт", "tg": "Рашт"}
    return area


def test_a_clerk_finds_a_district_in_cyrillic_on_a_phone_and_walks_back(page: Page, server: str) -> None:
    area = rasht_in_cyrillic()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ru", "url": server}])
    log_in(page, server, "npa.clerk")
    page.goto(f"{server}/hazards/list/")

    # On a phone the search folds into the menu with the links.
    box = page.locator("header.top form.search input[name=q]")
    expect(box).to_be_hidden()
    page.locator("header.top .menu-toggle").click()
    expect(box).to_be_visible()
    box.fill("рашт")
    box.press("Enter")

    result = page.locator("#group-areas a", has_text="Рашт")
    expect(result).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "search-phone-ru.png"), full_page=True)
    docs_screenshot(page, "search-phone-ru.png")

    result.click()
    expect(page).to_have_url(f"{server}/hazards/list/?admin_area={area.pk}")
    first = page.locator("table.list tbody a").first
    reference = first.inner_text()
    first.click()

    crumbs = page.locator("nav.crumbs")
    expect(crumbs.locator("[aria-current=page]")).to_have_text(reference)
    width = crumbs.evaluate("nav => [nav.scrollWidth, nav.clientWidth]")
    assert width[0] <= width[1] <= 390, "the breadcrumbs wrap rather than widen the page"
    docs_screenshot(page, "breadcrumbs-phone-ru.png")
    crumbs.locator("li").nth(1).locator("a").click()
    expect(page).to_have_url(f"{server}/hazards/list/")
    expect(page.locator("nav.crumbs [aria-current=page]")).to_be_visible()
    assert not page.errors  # type: ignore[attr-defined]
