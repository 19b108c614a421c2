"""In Chromium: NPA downloads the GeoPackage, edits it offline, uploads it; the NMAC sees the conflict."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from minefree.conftest import ARTIFACTS, log_in
from minefree.geopackage.tests.gpkg_edits import changed_by_the_nmac, edit
from minefree.hazards.models import REMAINING, HazardArea

pytestmark = pytest.mark.browser


def as_user(page: Page, server: str, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, server, username)


def test_download_edit_upload_and_acknowledge_in_the_browser(page: Page, server: str, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    hazard = HazardArea.objects.filter(operator__acronym="NPA", status__in=REMAINING).order_by("-reference").first()
    assert hazard is not None
    as_user(page, server, "npa.clerk")
    page.click("nav a:has-text('GeoPackage')")
    with page.expect_download() as download:
        page.click("button:has-text('Download GeoPackage')")
    path = tmp_path / "field.gpkg"
    download.value.save_as(path)
    assert download.value.suggested_filename.startswith("minefree-NPA-GPKG-")

    # Meanwhile the NMAC changes the same area on the server.
    changed_by_the_nmac(hazard, dt.date(2026, 11, 28), description="Fenced by the NMAC")
    with edit(path) as gpkg:  # the team renames it in QField
        gpkg.execute("UPDATE hazard_areas SET name = 'Browser field name' WHERE minefree_id = ?", (hazard.pk,))

    page.set_input_files("input[name=file]", str(path))
    page.click("button:has-text('Upload')")
    expect(page.locator("table.changes")).to_contain_text("changed on the server since the export")
    expect(page.locator("table.changes")).to_contain_text("name")
    expect(page.locator(".conflict-map.leaflet-container")).to_be_attached()
    expect(page.locator("tr.conflict")).to_contain_text("The team did not change the polygon.")
    import_url = page.url

    as_user(page, server, "tnmac.im")
    page.goto(import_url)
    page.screenshot(path=str(ARTIFACTS / "geopackage-conflict.png"), full_page=True)
    page.click("button:has-text('acknowledge the conflict')")
    expect(page.locator("table.changes")).to_contain_text("acknowledged by tnmac.im")
    page.click("table.changes a[href^='/field-reports/']")
    page.click("form.decide button:has-text('Approve')")
    expect(page.locator("#report-state")).to_have_text("Approved")
    hazard.refresh_from_db()
    assert (hazard.name, hazard.description) == ("Browser field name", "Fenced by the NMAC")
    assert page.errors == []  # type: ignore[attr-defined]
