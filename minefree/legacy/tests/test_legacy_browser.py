"""In Chromium, on a desk and on a 390x844 phone, in English and Russian: an information manager uploads
an IMSMA export, loads the centre's mapping, sees the dry run's problems, then imports a clean file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from minefree.conftest import ARTIFACTS, log_in
from minefree.hazards.models import HazardArea
from minefree.legacy.tests import files

pytestmark = pytest.mark.browser


def _rows(language: str, bad: bool) -> list[dict[str, object]]:
    """Rows of their own (GUIDs, names, place) per language: the server's data is committed."""
    shift = 0.02 if language == "en" else 0.04
    rows = files.hazard_rows(3, {1: {"DATE_INFO": "31/02/2015"}} if bad else {})
    for i, row in enumerate(rows):
        row["GUID"] = f"{{7e2d3b5f-0000-4000-8000-{language}{'b' if bad else 'g'}{i:09d}}}".replace("en", "e0").replace(
            "ru", "f0"
        )
        row["LOCALID"] = f"BR-{language}-{i}"
        row["HAZ_NAME"] = f"Browser field {language} {i + 1}"
        row["geometry"] = files.box(files.LON + shift + 0.003 * i, files.LAT + shift)
    return rows


@pytest.mark.parametrize(("language", "width", "height"), [("en", 1280, 900), ("ru", 390, 844)])
def test_upload_map_dry_run_and_import(
    page: Page, server: str, tmp_path: Path, language: str, width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": server}])
    log_in(page, server, "tnmac.im")
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(files.mapping(layer="HAZARDS")), encoding="utf-8")
    bad = files.write_geo(tmp_path / "imsma-hazards.gpkg", _rows(language, bad=True), "GPKG")
    good = files.write_geo(tmp_path / "imsma-hazards-fixed.gpkg", _rows(language, bad=False), "GPKG")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = f"{language}-{width}"

    page.goto(f"{server}/legacy-import/")
    page.set_input_files("#file", str(bad))
    page.click("#upload button[type=submit]")
    expect(page.locator("#columns")).to_contain_text("HAZ_TYPE")
    page.set_input_files("#mapping_file", str(mapping))
    page.click("#mapping-upload button[type=submit]")
    expect(page.locator("select[name=col_classification]")).to_have_value("HAZ_TYPE")
    expect(page.locator("#field-classification select").nth(1)).to_have_value("CHA")
    page.screenshot(path=str(ARTIFACTS / f"legacy-mapping-{shot}.png"), full_page=True)

    page.click("#dry-run")
    expect(page.locator("#problems")).to_contain_text("31/02/2015", timeout=60_000)
    expect(page.locator("#problems")).to_contain_text("DATE_INFO")
    page.screenshot(path=str(ARTIFACTS / f"legacy-dry-run-{shot}.png"), full_page=True)
    assert not HazardArea.objects.filter(name__startswith=f"Browser field {language}").exists()

    page.goto(f"{server}/legacy-import/")
    page.set_input_files("#file", str(good))
    page.click("#upload button[type=submit]")
    page.set_input_files("#mapping_file", str(mapping))
    page.click("#mapping-upload button[type=submit]")
    page.click("#run")
    expect(page.locator("#summary")).to_contain_text("3", timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / f"legacy-imported-{shot}.png"), full_page=True)
    assert HazardArea.objects.filter(name__startswith=f"Browser field {language}").count() == 3
    assert page.errors == []  # type: ignore[attr-defined]
