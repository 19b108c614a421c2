"""In Chromium at phone size: an operator's manager issues a phone's device access, the QR code shows,
the phone's server URL answers, and after Revoke it is refused. The pictures go to docs/field-collection.md."""

from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import Page, expect

from minefree.conftest import ARTIFACTS, docs_screenshot, log_in
from minefree.fieldcollection import collect_settings

pytestmark = pytest.mark.browser


def test_a_manager_issues_shows_and_revokes_a_phones_access(page: Page, server: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.errors.clear()  # type: ignore[attr-defined]
    page.context.clear_cookies()
    log_in(page, server, "npa.manager")
    page.goto(f"{server}/devices/")
    page.click("text=New device access")
    page.fill("#id_label", "Khatlon team tablet")
    page.select_option("#id_issued_to", label="Malika Nazarova (NPA)")
    page.check("input[name=form_ids][value=minefree_hazard]")
    page.check("input[name=form_ids][value=minefree_progress]")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    docs_screenshot(page, "device-access-new.png", full_page=True)
    page.click("#create-device")
    qr = page.locator("p.qr img")
    expect(qr).to_be_visible()
    assert page.evaluate("document.querySelector('p.qr img').naturalWidth") > 100  # the SVG drew
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "device-access-qr.png"), full_page=True)
    docs_screenshot(page, "device-access-qr.png", full_page=True)
    page.click("summary")
    url = page.locator("code.server-url").inner_text()
    assert url.startswith(f"{server}/key/")
    # Scanned as a phone would: the picture on the screen, read by a QR decoder (zbar), gives Collect's settings.
    qr.screenshot(path=str(ARTIFACTS / "device-access-qr-code.png"))
    scanned = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(ARTIFACTS / "device-access-qr-code.png")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    settings = collect_settings.decode(scanned)
    assert settings["general"]["server_url"] == url and settings["admin"] == {}
    assert settings["project"]["name"] == "MineFree NPA: Khatlon team tablet"
    # No Authorization header: the secret in the URL is the whole log-in (a session cookie is ignored there).
    phone = page.context.request
    listing = phone.get(f"{url}/formList", headers={"X-OpenRosa-Version": "1.0"})
    assert listing.status == 200 and "<formID>minefree_progress</formID>" in listing.text()
    page.goto(f"{server}/devices/")
    page.click("button[aria-label='Revoke Khatlon team tablet']")
    expect(page.locator("table.devices")).to_contain_text("revoked")
    assert phone.get(f"{url}/formList", headers={"X-OpenRosa-Version": "1.0"}).status == 403
    assert page.errors == []  # type: ignore[attr-defined]
