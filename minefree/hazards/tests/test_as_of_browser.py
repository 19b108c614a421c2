"""Chromium: pick a past day on the map; the areas, the heading and the legend's totals change with it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from minefree.conftest import ARTIFACTS, docs_screenshot, log_in
from minefree.hazards.models import HazardArea, HazardAreaState

pytestmark = pytest.mark.browser

PAST = dt.date(2016, 6, 30)


def mapped_on(day: dt.date) -> int:
    visible = HazardArea.objects.restrict(User.objects.get(username="tnmac.im"))
    return HazardAreaState.objects.as_of(day).filter(geometry__isnull=False, hazard__in=visible).count()


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desk", "phone"])
def test_a_past_day_changes_the_map_and_its_totals(
    page: Page, server: str, language: str, size: tuple[int, int]
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": server}])
    log_in(page, server, "tnmac.im")
    page.goto(f"{server}/hazards/")
    expect(page.locator("#map[data-loaded]")).to_be_attached(timeout=30_000)
    today_count = int(page.locator("#map").get_attribute("data-loaded") or 0)
    today_totals = page.locator("#map-count").inner_text()
    then = mapped_on(PAST)
    assert then != today_count and then > 0  # the demo's areas were recorded and released over the years
    page.fill("input[name=as_of]", PAST.isoformat())
    page.click("form.filters button[type=submit]")
    expect(page.locator(f"#map[data-loaded='{then}']")).to_be_attached(timeout=30_000)
    assert page.locator("#map path.leaflet-interactive").count() == then
    expect(page.locator("#map-as-of")).to_be_visible()
    assert page.locator("input[name=as_of]").input_value() == PAST.isoformat()
    assert page.locator("#map-count").inner_text() != today_totals
    assert str(then) in page.locator("#map-count").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    assert page.errors == []  # type: ignore[attr-defined]
    name = f"map-as-of-{language}-{'desk' if size[0] > 400 else 'phone'}.png"
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    if language == "en" and size[0] > 400:
        docs_screenshot(page, "map-as-of.png")

    page.goto(f"{server}/hazards/?as_of=2999-01-01")  # a bad day: said beside the field, the map stays on today
    expect(page.locator("#as-of-error")).to_be_visible()
    expect(page.locator(f"#map[data-loaded='{today_count}']")).to_be_attached(timeout=30_000)
    page.errors.clear()  # type: ignore[attr-defined]  # the 400 page's status is logged by Chromium
