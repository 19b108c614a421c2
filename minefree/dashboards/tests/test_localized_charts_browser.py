"""In Russian, as Chromium shows them: chart axes, tables and map totals are written the Russian
way, and a region's bar leads to its districts and back."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from minefree.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.layout]
# Russian: a (no-break) space between thousands, a comma before decimals, "тыс." / "млн" on axes.
AXIS = re.compile(r"^\d{1,3}(,\d{1,2})?( (тыс\.|млн|млрд))?$")
GROUPED = re.compile(r"^\d{1,3}([\u00a0\u202f ]\d{3})+$")


def speak_russian(page: Page, server: str) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ru", "url": server}])


def test_charts_and_map_figures_are_formatted_the_russian_way(page: Page, server: str) -> None:
    page.context.clear_cookies()
    speak_russian(page, server)
    page.goto(f"{server}/dashboard/public/")
    assert page.evaluate("document.documentElement.lang") == "ru"
    axis = page.locator("#remaining-by-region svg.chart g[text-anchor=end] text").all_text_contents()
    assert len(axis) == 5 and all(AXIS.match(label) for label in axis), axis
    assert any(label.endswith(("тыс.", "млн")) for label in axis), axis
    cells = page.locator("#remaining-by-region tbody td:nth-child(8)").all_text_contents()
    assert cells and any(GROUPED.match(c) for c in cells) and not any("," in c for c in cells), cells
    # The date the hazards are recorded up to, in Russian ("30 июня 2026 г."), not ISO.
    dated = page.locator("#remaining-by-region .dated").inner_text()
    assert re.search(r"записано по \d{1,2}\s\w+\s\d{4}\sг\.", dated), dated

    # The map's total is written by the page's script with Intl in the page's language.
    log_in(page, server, "tnmac.im")
    speak_russian(page, server)
    page.goto(f"{server}/hazards/")
    expect(page.locator("#map")).to_have_attribute("data-loaded", re.compile(r"^[1-9]"))
    total = page.locator("#map-count").inner_text()
    assert re.search(r"\d{1,3}([\u00a0\u202f]\d{3})+ м²$", total), total
    assert page.errors == []  # type: ignore[attr-defined]


def test_a_regions_bar_leads_to_its_districts_and_back(page: Page, server: str) -> None:
    page.context.clear_cookies()
    log_in(page, server, "tnmac.im")
    speak_russian(page, server)
    page.goto(f"{server}/dashboard/")
    page.locator('#remaining-by-region svg.chart a[href="/dashboard/region/TJ-KT/"]').click()
    page.wait_for_url(re.compile(r"/dashboard/region/TJ-KT/$"))
    expect(page.locator("h1")).to_have_text("Хатлон: районы")
    expect(page.locator("#remaining-by-district tbody")).to_contain_text("Пяндж")
    page.locator("nav.crumbs a", has_text="Панель показателей").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    expect(page.locator("#remaining-by-region")).to_be_visible()
    assert page.errors == []  # type: ignore[attr-defined]
