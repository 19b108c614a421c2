"""Detail and history pages in words, as Chromium shows them at a desk and on a phone (390 by 844)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from minefree.casualties.models import Accident
from minefree.conftest import ARTIFACTS, log_in
from minefree.hazards.models import HazardArea, LandReleaseActivity

pytestmark = pytest.mark.browser
SIZES = {"desk": (1280, 900), "phone": (390, 844)}


def test_detail_and_history_pages_read_in_words(page: Page, server: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_in(page, server, "tnmac.im")
    page.wait_for_url(lambda url: "/login/" not in url)
    hazard = HazardArea.objects.filter(pk__in=LandReleaseActivity.objects.values("hazard")).order_by("pk").first()
    accident = Accident.objects.order_by("pk").first()
    assert hazard is not None and accident is not None
    pages = {
        "hazard": (f"/hazards/{hazard.pk}/", "Remaining area"),
        "hazard-history": (f"/hazards/{hazard.pk}/history/", "Released land"),
        "accident": (f"/records/accidents/{accident.pk}/", "Activity at the time"),
        "accident-history": (f"/records/accidents/{accident.pk}/history/", "Recorded the accident"),
    }
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        for name, (url, words) in pages.items():
            page.goto(f"{server}{url}")
            expect(page.locator("body")).to_contain_text(words)
            page.screenshot(path=str(ARTIFACTS / f"labels-{name}-{size}.png"), full_page=True)
    assert page.errors == []  # type: ignore[attr-defined]
