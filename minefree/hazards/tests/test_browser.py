"""A person in Debian's Chromium: log in, see the map, upload a GeoJSON, find it and its history."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.test.testcases import LiveServerThread
from playwright.sync_api import Page, expect, sync_playwright

from minefree.conftest import PASSWORD
from minefree.gazetteer.models import AdminArea
from minefree.hazards.models import HazardArea
from minefree.hazards.tests.helpers import box

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("MINEFREE_TEST_ARTIFACTS", Path.cwd() / "test-artifacts"))


@pytest.fixture(scope="module")
def server(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """A real HTTP server on the test database (the demo data is committed there)."""
    with django_db_blocker.unblock():
        thread = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield f"http://127.0.0.1:{thread.port}"
        thread.terminate()


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    # Playwright's sync API runs an event loop in this thread; the ORM calls in these tests are
    # plain synchronous reads, so Django's async guard is lifted for this module only.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        # Script errors fail the test that caused them, with the message.
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.errors = errors  # type: ignore[attr-defined]
        yield page
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def log_in(page: Page, server: str, username: str) -> None:
    page.goto(f"{server}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_log_in_see_the_map_upload_a_geojson_and_its_history(page: Page, server: str, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_in(page, server, "tnmac.im")
    expect(page).to_have_url(f"{server}/hazards/")
    map_box = page.locator("#map[data-loaded]")
    expect(map_box).to_be_attached(timeout=20_000)
    assert page.errors == []  # type: ignore[attr-defined]
    shown = int(map_box.get_attribute("data-loaded") or 0)
    assert shown == HazardArea.objects.filter(geometry__isnull=False).count() > 100
    assert page.locator("#map path.leaflet-interactive").count() == shown
    expect(page.locator(".legend")).to_contain_text("Confirmed hazardous area (CHA)")
    page.screenshot(path=str(ARTIFACTS / "map.png"))

    upload = tmp_path / "new-field.geojson"
    upload.write_text(
        json.dumps({"type": "Feature", "properties": {}, "geometry": json.loads(box(69.75, 40.75).geojson)})
    )
    page.goto(f"{server}/hazards/new/")
    page.fill("input[name=name]", "Browser upload field")
    page.select_option("select[name=admin_area]", str(AdminArea.objects.get(code="TJ-SU-ISF").pk))
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
    assert page.locator("#map path.leaflet-interactive").count() == 1

    page.goto(f"{server}/hazards/list/?q={reference}")
    page.click(f"text={reference}")
    page.click("text=History")
    row = page.locator("table.history tbody tr").first
    expect(row).to_contain_text("create_hazard_area")
    expect(row).to_contain_text("tnmac.im")
    page.screenshot(path=str(ARTIFACTS / "history.png"))


def test_a_donor_sees_the_map_but_no_edit_button(page: Page, server: str) -> None:
    page.context.clear_cookies()
    log_in(page, server, "donor.usdos")
    expect(page.locator("#map[data-loaded]")).to_be_attached(timeout=20_000)
    page.goto(f"{server}/hazards/list/")
    expect(page.locator("text=New hazardous area")).to_have_count(0)
