"""axe-core finds no serious or critical accessibility violation on the main pages (issue 13 item 10),
each opened by the persona who works on it, in English, at a desk and on a phone (390 by 844); and
the skip link is the first stop of the keyboard and moves focus to the page's content."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from minefree.conftest import ARTIFACTS, log_in
from minefree.core.tests.axe import blocking, describe, violations
from minefree.fieldwork.models import FieldReport
from minefree.hazards.models import HazardArea, LandReleaseActivity

pytestmark = [pytest.mark.browser, pytest.mark.layout]
PHONE = ViewportSize(width=390, height=844)
DESK = ViewportSize(width=1280, height=900)


def main_pages() -> dict[str, tuple[str | None, str]]:
    """name: (persona, or None for a visitor who is not logged in; address)."""
    hazard = HazardArea.objects.filter(pk__in=LandReleaseActivity.objects.values("hazard")).order_by("pk").first()
    report = FieldReport.objects.filter(state="submitted").order_by("pk").first()
    assert hazard is not None and report is not None
    return {
        "login": (None, "/login/"),
        "map": ("tnmac.im", "/hazards/"),
        "hazard list": ("tnmac.im", "/hazards/list/"),
        "hazard": ("tnmac.im", f"/hazards/{hazard.pk}/"),
        "field reports": ("npa.clerk", "/field-reports/"),
        "field report": ("tnmac.qa", f"/field-reports/{report.pk}/"),
        "new report form": ("npa.clerk", "/field-reports/new/hazard/"),
        "reports index": ("tnmac.im", "/reports/"),
        "a report": ("tnmac.im", "/reports/contamination-by-region/"),
        "NMAC dashboard": ("tnmac.im", "/dashboard/"),
        "public dashboard": (None, "/dashboard/public/"),
        "records": ("tnmac.im", "/records/accidents/"),
        "treaty reports": ("tnmac.im", "/treaty/"),
        "planner": ("tnmac.im", "/planner/"),
        # Two forms behind the main pages, where the first run found unnamed controls.
        "planning parameters": ("tnmac.admin", "/planner/parameters/"),
        "new hazardous area": ("tnmac.im", "/hazards/new/"),
    }


# The pages a field clerk and the public open on a phone.
ON_A_PHONE = ("map", "hazard", "field reports", "new report form", "public dashboard")


def _open_as(page: Page, server: str, persona: str | None, address: str, current: list[str | None]) -> None:
    if current[0] != persona:
        page.context.clear_cookies()
        if persona is not None:
            log_in(page, server, persona)
            page.wait_for_url(lambda url: "/login/" not in url)
        current[0] = persona
    response = page.goto(f"{server}{address}")
    assert response is not None and response.ok, f"{persona} cannot open {address}"
    page.wait_for_load_state("networkidle")  # maps and charts draw after their data arrives


def test_the_main_pages_have_no_serious_or_critical_violations(page: Page, server: str) -> None:
    current: list[str | None] = ["nobody yet"]
    failures: list[str] = []
    pages = main_pages()
    assert len(pages) >= 12
    for size, viewport, names in (("desk", DESK, list(pages)), ("phone", PHONE, list(ON_A_PHONE))):
        page.set_viewport_size(viewport)
        for name in names:
            persona, address = pages[name]
            _open_as(page, server, persona, address, current)
            assert page.evaluate("document.documentElement.lang") == "en"
            found = blocking(violations(page))
            if found:
                failures.append(describe(f"{name} ({address}, {size})", found))
    assert not failures, "\n" + "\n".join(failures)
    assert page.errors == []  # type: ignore[attr-defined]


def test_the_skip_link_comes_first_and_moves_focus_to_the_content(page: Page, server: str) -> None:
    page.context.clear_cookies()
    page.set_viewport_size(DESK)
    log_in(page, server, "npa.clerk")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto(f"{server}/hazards/list/")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).not_to_be_in_viewport()  # out of sight until the keyboard reaches it
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "skip-link.png"))
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()
    # The next Tab continues inside the content, past the menu.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert page.errors == []  # type: ignore[attr-defined]
