"""Chromium: the maps draw the centre's own basemap file, name places in the reader's language, find a
district typed in Cyrillic, and move to where the person is ("zoom to my location")."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test.utils import override_settings
from django.utils import translation
from playwright.sync_api import Page, expect

from minefree.basemap.tests.tiles import world, write_mbtiles
from minefree.conftest import ARTIFACTS, docs_screenshot, log_in

pytestmark = pytest.mark.browser

DUSHANBE = {"latitude": 38.5598, "longitude": 68.7870}

# True once some tile of `selector`'s map came from /basemap/ and the browser decoded it as an image.
TILES_DRAWN = """selector => [...document.querySelectorAll(selector + ' img.leaflet-tile')]
  .some(img => img.src.includes('/basemap/') && img.complete && img.naturalWidth === 256)"""
# True when the label `name` sits near the middle of the map: the map has moved there.
LABEL_CENTRED = """([selector, name]) => {
  const map = document.querySelector(selector).getBoundingClientRect();
  const label = [...document.querySelectorAll(selector + ' .map-label span')].find(s => s.textContent === name);
  if (!label) { return false; }
  const r = label.getBoundingClientRect();
  return Math.abs((r.left + r.right) / 2 - (map.left + map.right) / 2) < map.width * 0.15 &&
    Math.abs((r.top + r.bottom) / 2 - (map.top + map.bottom) / 2) < map.height * 0.2;
}"""
# True when the "you are here" dot is near the middle of the map.
HERE_CENTRED = """selector => {
  const map = document.querySelector(selector).getBoundingClientRect();
  const dot = document.querySelector(selector + ' .map-here');
  if (!dot) { return false; }
  const r = dot.getBoundingClientRect();
  return Math.abs((r.left + r.right) / 2 - (map.left + map.right) / 2) < 30 &&
    Math.abs((r.top + r.bottom) / 2 - (map.top + map.bottom) / 2) < 30;
}"""


@pytest.fixture(scope="module", autouse=True)
def basemap_file(tmp_path_factory: Any) -> Iterator[Path]:
    """A world of zoom 0-2 tiles: every view finds tiles, enlarged beyond zoom 2."""
    path = write_mbtiles(tmp_path_factory.mktemp("basemap") / "centre.mbtiles", world(2), attribution="Test tiles")
    with override_settings(MINEFREE_BASEMAP_FILE=str(path)):  # the server thread reads the same settings
        yield path


def russian(msgid: str) -> str:
    """What the page says in Russian (the English text until the catalogue has it)."""
    with translation.override("ru"):
        return translation.gettext(msgid)


def in_language(page: Page, server: str, language: str) -> None:
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": server}])


def test_the_national_and_the_drawing_map_show_the_basemap_file(page: Page, server: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    in_language(page, server, "en")
    log_in(page, server, "tnmac.im")
    page.goto(f"{server}/hazards/")
    page.wait_for_function(TILES_DRAWN, arg="#map")
    expect(page.locator("#map .leaflet-control-attribution", has_text="Test tiles")).to_be_visible()
    # The whole country shows: region names, not district names yet.
    expect(page.locator("#map .map-label-1", has_text="Khatlon")).to_be_visible()
    expect(page.locator("#map .map-label-2")).to_have_count(0)

    page.goto(f"{server}/hazards/new/")
    page.wait_for_function(TILES_DRAWN, arg="#draw-map")
    expect(page.get_by_role("searchbox", name="Find a place")).to_be_visible()
    assert page.errors == []  # type: ignore[attr-defined]


def test_a_district_typed_in_cyrillic_is_found_and_zoomed_to_by_keyboard(page: Page, server: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    in_language(page, server, "ru")
    log_in(page, server, "npa.clerk")
    page.goto(f"{server}/hazards/")
    page.wait_for_function(TILES_DRAWN, arg="#map")
    expect(page.locator("#map[data-loaded]")).to_have_count(1)

    box = page.get_by_role("searchbox", name=russian("Find a place"))
    box.focus()
    page.keyboard.type("рашт")
    page.keyboard.press("Enter")
    choice = page.get_by_role("button", name="Рашт · Районы республиканского подчинения")
    expect(choice).to_be_visible()
    # One match: the map is already there, districts named in Russian, regions no longer.
    page.wait_for_function(LABEL_CENTRED, arg=["#map", "Рашт"])
    expect(page.locator("#map .map-label-1")).to_have_count(0)
    page.keyboard.press("Tab")  # the Find button, then the results
    page.keyboard.press("Tab")
    expect(choice).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_function(TILES_DRAWN, arg="#map")

    box.fill("Vanj")  # Latin letters find the Cyrillic-named district too
    box.press("Enter")
    page.wait_for_function(LABEL_CENTRED, arg=["#map", "Ванч"])
    box.fill("Нет такого места")
    box.press("Enter")
    expect(page.locator("#map .map-search .map-status")).to_have_text(russian("No place of that name."))
    assert page.errors == []  # type: ignore[attr-defined]


def test_zoom_to_my_location_on_a_phone(page: Page, server: str) -> None:
    browser = page.context.browser
    assert browser is not None
    phone = {"width": 390, "height": 844}
    granted = browser.new_context(viewport=phone, geolocation=DUSHANBE, permissions=["geolocation"])
    here = granted.new_page()
    log_in(here, server, "npa.clerk")
    here.goto(f"{server}/hazards/")
    here.wait_for_function(TILES_DRAWN, arg="#map")
    button = here.get_by_role("button", name="Zoom to my location")
    search = here.get_by_role("searchbox", name="Find a place")
    for control in (button, search):
        expect(control).to_be_in_viewport()
    assert here.evaluate("document.documentElement.scrollWidth") <= 390
    expect(here.locator("#map[data-loaded]")).to_have_count(1)  # the map has fitted its hazards: it stays put now
    button.focus()
    here.keyboard.press("Enter")
    expect(here.locator("#map .map-locate-status")).to_contain_text("Shown: your location, to within")
    here.wait_for_function(HERE_CENTRED, arg="#map")
    here.wait_for_function(TILES_DRAWN, arg="#map")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    here.screenshot(path=str(ARTIFACTS / "map-located-phone.png"))
    granted.close()

    refused = browser.new_context(viewport=phone, geolocation=DUSHANBE, permissions=[])
    there = refused.new_page()
    log_in(there, server, "npa.clerk")
    there.goto(f"{server}/hazards/")
    there.get_by_role("button", name="Zoom to my location").click()
    expect(there.locator("#map .map-locate-status")).to_contain_text("did not give your location")
    expect(there.locator("#map .map-here")).to_have_count(0)
    refused.close()


def test_the_screenshot_for_the_maps_page(page: Page, server: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    in_language(page, server, "en")
    log_in(page, server, "tnmac.im")
    page.goto(f"{server}/hazards/")
    page.wait_for_function(TILES_DRAWN, arg="#map")
    box = page.get_by_role("searchbox", name="Find a place")
    box.fill("Rasht")
    box.press("Enter")
    page.wait_for_function(LABEL_CENTRED, arg=["#map", "Rasht"])
    page.wait_for_function(TILES_DRAWN, arg="#map")
    page.wait_for_timeout(400)  # the zoom animation's last frame
    docs_screenshot(page.locator(".map-wrap"), "maps-basemap.png")
