"""In Chromium: filter the hazard list, export it at once, then a large export through its job page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from minefree.conftest import ARTIFACTS, log_in
from minefree.exports import export as exporting
from minefree.exports.tests.helpers import read_csv, read_gdal
from minefree.hazards.models import HazardArea

pytestmark = pytest.mark.browser


def test_filter_the_list_export_it_and_fetch_a_large_export_from_its_job_page(
    page: Page, server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_in(page, server, "tnmac.im")
    page.goto(f"{server}/hazards/list/")
    page.select_option("form.filters select[name=status]", ["open"])
    page.select_option("form.filters select[name=classification]", "CHA")
    page.click("form.filters button[type=submit]")
    expect(page).to_have_url(re.compile(r"status=open.*classification=CHA|classification=CHA.*status=open"))
    expected = set(HazardArea.objects.filter(status="open", classification="CHA").values_list("reference", flat=True))
    assert expected

    page.select_option("form.export select[name=fmt]", "csv")
    page.screenshot(path=str(ARTIFACTS / "export-control.png"))
    with page.expect_download() as download:
        page.click("form.export button[type=submit]")
    csv_file = tmp_path / download.value.suggested_filename
    download.value.save_as(csv_file)
    assert csv_file.name.startswith("hazards-") and csv_file.suffix == ".csv"
    assert {row["Reference"] for row in read_csv(csv_file.read_bytes())} == expected  # headed in words

    # Above the threshold the same control leads to a job page that fills its progress and links the file.
    monkeypatch.setattr(exporting, "ROWS_BEFORE_JOB", 5)
    page.select_option("form.export select[name=fmt]", "gpkg")
    page.click("form.export button[type=submit]")
    expect(page).to_have_url(re.compile(r"/exports/jobs/\d+/$"))
    link = page.locator("#job-download")
    expect(link).to_be_visible(timeout=30_000)
    expect(page.locator("progress")).to_have_attribute("value", "100")
    page.screenshot(path=str(ARTIFACTS / "export-job.png"))
    with page.expect_download() as download:
        link.click()
    gpkg = tmp_path / download.value.suggested_filename
    download.value.save_as(gpkg)
    assert {row["reference"] for row in read_gdal(gpkg)[1]} == expected
    assert page.errors == []  # type: ignore[attr-defined]
