"""The disaster officer in Chromium: draw a flood on the map, set a distance, see the hazards, download them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.gis.gdal import DataSource
from django.contrib.gis.geos import LineString, MultiPolygon, Polygon
from playwright.sync_api import Page, expect

from minefree.conftest import ARTIFACTS, log_in
from minefree.core.geometry import utm_srid
from minefree.disaster.models import AffectedArea
from minefree.hazards.models import REMAINING, HazardArea

pytestmark = pytest.mark.browser


def _expected_hazards(area: AffectedArea) -> set[str]:
    """Independently of the overlay's SQL: remaining hazards touching the outline or within the distance.

    The outline's long edges are cut into 1 km pieces along the way (GEOS interpolate) before
    measuring in UTM, so a 500 km edge does not bow away from the line of latitude that was drawn.
    """
    srid = utm_srid(area.geometry)
    rings = []
    for polygon in area.geometry:
        line = LineString(polygon[0].coords, srid=4326)
        steps = max(2, int(line.length / 0.01))
        rings.append([line.interpolate(line.length * k / steps).coords for k in range(steps + 1)])
    outline = MultiPolygon(*(Polygon(r) for r in rings), srid=4326).transform(srid, clone=True)
    return {
        h.reference
        for h in HazardArea.objects.filter(status__in=REMAINING, geometry__isnull=False)
        if h.geometry.intersects(area.geometry)
        or h.geometry.transform(srid, clone=True).distance(outline) <= area.distance_m
    }


def test_the_disaster_officer_draws_a_flood_and_downloads_the_overlay(page: Page, server: str, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.context.clear_cookies()
    log_in(page, server, "coes.officer")
    page.click("header nav >> text=Disaster overlay")
    expect(page).to_have_url(f"{server}/disaster/")

    # Nothing drawn yet: the form says what is missing and saves nothing.
    page.fill("input[name=name]", "Vakhsh valley flood")
    page.click("#affected-area button[type=submit]")
    expect(page.locator("#affected-area .error")).to_contain_text("Draw the affected area")
    assert not AffectedArea.objects.filter(name="Vakhsh valley flood").exists()

    page.select_option("select[name=kind]", "flood")
    page.fill("input[name=event_date]", "2026-05-12")
    page.fill("input[name=distance_m]", "1500")
    # Geoman's rectangle tool: two clicks across the middle of the map (southern and central Tajikistan).
    page.locator(".leaflet-pm-icon-rectangle").click()
    box = page.locator("#draw-map").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] * 0.30, box["y"] + box["height"] * 0.40)
    page.mouse.click(box["x"] + box["width"] * 0.70, box["y"] + box["height"] * 0.85)
    expect(page.locator("input[name=drawn]")).not_to_have_value("")
    page.screenshot(path=str(ARTIFACTS / "disaster-draw.png"))
    page.click("#affected-area button[type=submit]")

    expect(page.locator("h1")).to_have_text("Vakhsh valley flood")
    area = AffectedArea.objects.get(name="Vakhsh valley flood")
    assert area.distance_m == 1500 and area.created_by and area.created_by.username == "coes.officer"
    expected = _expected_hazards(area)
    assert len(expected) > 5
    inside = HazardArea.objects.filter(status__in=REMAINING, geometry__intersects=area.geometry).count()
    assert inside < len(expected)  # the 1,500 m reach adds hazards outside the drawn area
    expect(page.locator("#hazard-count")).to_have_text(f"{len(expected)} ({inside} inside)")
    listed = set(page.locator("#hazards tbody tr td:first-child").all_inner_texts())
    assert listed == expected
    expect(page.locator("#map[data-hazards]")).to_be_attached()
    assert page.locator("#map .hazard-marker").count() == len(expected)
    assert page.locator("#released tbody tr").count() >= 1
    assert page.errors == []  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "disaster-overlay.png"), full_page=True)

    page.locator("#map .hazard-marker").first.click()
    expect(page.locator(".leaflet-popup-content a")).to_contain_text("-HA-")

    with page.expect_download() as download:
        page.click("#export-gpkg")
    saved = tmp_path / "overlay.gpkg"
    download.value.save_as(saved)
    layers = {layer.name: layer for layer in DataSource(str(saved))}
    assert {"affected_area", "hazard_areas", "released_land"} <= set(layers)
    assert {f.get("reference") for f in layers["hazard_areas"]} == expected

    page.goto(f"{server}/disaster/")
    expect(page.locator("#previous")).to_contain_text("Vakhsh valley flood")
