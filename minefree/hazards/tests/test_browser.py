"""A person in Debian's Chromium: log in, see the map, upload a GeoJSON, find it and its history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from minefree.conftest import ARTIFACTS, log_in
from minefree.gazetteer.models import AdminArea
from minefree.hazards.models import HazardArea
from minefree.hazards.tests.helpers import box

pytestmark = pytest.mark.browser


def test_log_in_see_the_map_upload_a_geojson_and_its_history(page: Page, server: str, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_in(page, server, "tnmac.im")
    expect(page).to_have_url(f"{server}/hazards/")
    map_box = page.locator("#map[data-loaded]")
    expect(map_box).to_be_attached(timeout=20_000)
    assert page.errors == []  # type: ignore[attr-defined]
    shown = int(map_box.get_attribute("data-loaded") or 0)
    assert shown == HazardArea.objects.filter(geometry__isnull=False).count() > 100
    assert page.locator("#map path.leaflet-interactive").count() > 0  # from the tiles: test_map_tiles_browser.py
    expect(page.locator(".legend")).to_contain_text("Confirmed hazardous area (CHA)")
    page.screenshot(path=str(ARTIFACTS / "map.png"))

    upload = tmp_path / "new-field.geojson"
    upload.write_text(
        json.dumps({"type": "Feature", "properties": {}, "geometry": json.loads(box(69.75, 40.75).geojson)})
    )
    page.goto(f"{server}/hazards/new/")
    page.fill("input[name=name]", "Browser upload field")
    page.select_option("select[name=admin_area]", str(AdminArea.objects.get(code="TJ-SU-GFR").pk))
    page.select_option("select[name=classification]", "SHA")
    page.fill("input[name=recorded_on]", "2024-05-20")
    page.set_input_files("input[name=geometry_file]", str(upload))
    page.screenshot(path=str(ARTIFACTS / "create.png"))
    page.click("form.record button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Browser upload field")
    reference = page.locator("h1").inner_text().split(" ")[0]
    assert reference.startswith("TJK-HA-")

    page.goto(f"{server}/hazards/?q={reference}")
    expect(page.locator("#map[data-loaded='1']")).to_be_attached(timeout=20_000)
    assert page.locator("#map path.leaflet-interactive").count() >= 1  # one area, in each tile it crosses

    page.goto(f"{server}/hazards/list/?q={reference}")
    page.click(f"text={reference}")
    page.click("text=History")
    row = page.locator("table.history tbody tr").first
    expect(row).to_contain_text("Recorded the hazardous area")
    expect(row).to_contain_text("Suspected hazardous area")
    expect(row).to_contain_text(User.objects.get(username="tnmac.im").get_full_name())
    page.screenshot(path=str(ARTIFACTS / "history.png"))


def test_a_donor_sees_the_map_but_no_edit_button(page: Page, server: str) -> None:
    page.context.clear_cookies()
    log_in(page, server, "donor.usdos")
    expect(page.locator("#map[data-loaded]")).to_be_attached(timeout=20_000)
    page.goto(f"{server}/hazards/list/")
    expect(page.locator("text=New hazardous area")).to_have_count(0)
