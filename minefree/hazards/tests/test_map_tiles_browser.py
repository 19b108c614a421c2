"""The hazard map in Debian's Chromium draws today's areas from the vector tiles (no map.geojson),
styled by status, and a click on an area opens its popup, whose link leads to the record."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from minefree.conftest import log_in
from minefree.hazards.models import HazardArea

pytestmark = pytest.mark.browser


def test_the_map_draws_areas_from_tiles_and_a_click_leads_to_the_record(page: Page, server: str) -> None:
    hazard = HazardArea.objects.filter(geometry__isnull=False, status="open").order_by("pk").first()
    assert hazard is not None
    log_in(page, server, "tnmac.im")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{server}/hazards/?q={hazard.reference}")
    expect(page.locator("#map[data-loaded='1']")).to_be_attached(timeout=20_000)
    assert any("/ogc/collections/hazardous-areas/tiles/WebMercatorQuad/" in url for url in asked)
    assert not any("map.geojson" in url for url in asked)
    drawn = page.locator("#map path.leaflet-interactive").first
    expect(drawn).to_have_attribute("stroke", "#FF0000")  # open: a red outline (hazards/symbology.py)
    drawn.click()
    link = page.locator(".leaflet-popup-content a")
    expect(link).to_contain_text(hazard.reference)
    link.click()
    expect(page.locator("h1")).to_contain_text(hazard.reference)
    assert page.errors == []  # type: ignore[attr-defined]
