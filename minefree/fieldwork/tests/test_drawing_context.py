"""Issue 13 item 2 in Chromium: the drawing map shows district outlines and the hazards the clerk may
see, the drawn polygon's area, and a warning in words when it leaves the district or overlaps a hazard."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from minefree.conftest import log_in
from minefree.gazetteer.models import AdminArea
from minefree.hazards.models import REMAINING, HazardArea

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)])
def test_the_drawing_map_gives_context_and_warns_in_words(page: Page, server: str, size: tuple[int, int]) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.context.clear_cookies()
    log_in(page, server, "npa.clerk")
    page.goto(f"{server}/field-reports/new/hazard/")
    drawing = page.locator("#draw-map")
    # Every district outline is drawn, and each hazard the clerk may see (as the restricted map shows).
    districts = AdminArea.objects.filter(level=AdminArea.Level.DISTRICT).count()
    expect(page.locator("#draw-map path.draw-district")).to_have_count(districts)
    visible = (
        HazardArea.objects.restrict(get_user_model().objects.get(username="npa.clerk")).exclude(geometry=None).count()
    )
    assert visible > 0
    expect(drawing).to_have_attribute("data-hazards", str(visible))
    expect(page.locator("#draw-map path.draw-hazard")).to_have_count(visible)
    expect(page.locator("#draw-area")).to_have_text("Nothing drawn yet.")
    expect(page.locator("#draw-warnings")).to_be_hidden()

    page.select_option("select[name=admin_area]", label="Ghafurov (approximate)")
    # A rectangle across southern and central Tajikistan: far outside Ghafurov, over open hazards.
    page.locator(".leaflet-pm-icon-rectangle").click()
    box = drawing.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] * 0.30, box["y"] + box["height"] * 0.40)
    page.mouse.click(box["x"] + box["width"] * 0.70, box["y"] + box["height"] * 0.85)
    expect(page.locator("input[name=drawn]")).not_to_have_value("")
    expect(page.locator("#draw-area")).to_contain_text("Area of the polygon:")
    expect(page.locator("#draw-area")).to_contain_text(" ha)")
    area_m2 = int(page.locator("#draw-area").inner_text().split(":")[1].split("m²")[0].replace(",", "").strip())
    assert area_m2 > 1_000_000_000  # a rectangle across half the country is thousands of km²
    warnings = page.locator("#draw-warnings")
    expect(warnings).to_be_visible()
    expect(warnings).to_contain_text("The polygon goes outside the chosen district: Ghafurov")
    expect(warnings).to_contain_text("The polygon overlaps an open hazardous area:")
    open_reference = (
        HazardArea.objects.filter(status__in=REMAINING).exclude(geometry=None).values_list("reference", flat=True)
    )
    assert any(ref in warnings.inner_text() for ref in open_reference)
    # No district chosen: the district warning goes, the overlap stays; the form still saves (not blocked).
    page.select_option("select[name=admin_area]", index=0)
    expect(warnings).not_to_contain_text("outside the chosen district")
    expect(warnings).to_contain_text("overlaps an open hazardous area")
    # Typed vertices (latitude, longitude) win over the drawing, as on the server: a triangle inside Ghafurov
    # about 0.01 degrees a side (some 47 ha) away from every hazard gives no warning...
    page.select_option("select[name=admin_area]", label="Ghafurov (approximate)")
    page.fill("textarea[name=coordinates]", "40.40, 69.30\n40.41, 69.30\n40.41, 69.31")
    expect(page.locator("#draw-map path.draw-typed")).to_have_count(1)
    expect(warnings).to_be_hidden()
    typed_m2 = int(page.locator("#draw-area").inner_text().split(":")[1].split("m²")[0].replace(",", "").strip())
    assert 400_000 < typed_m2 < 550_000
    # ...and a square across Ghafurov's south-eastern corner into Isfara is outside the district.
    page.fill("textarea[name=coordinates]", "40.10, 70.20\n40.10, 70.40\n40.30, 70.40\n40.30, 70.20")
    expect(warnings).to_contain_text("The polygon goes outside the chosen district: Ghafurov")
    expect(warnings).to_contain_text("You can still save")
    assert page.errors == []  # type: ignore[attr-defined]


def test_editing_an_area_does_not_warn_that_it_overlaps_itself(page: Page, server: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.clear_cookies()
    log_in(page, server, "tnmac.im")
    hazard = HazardArea.objects.filter(status="open").exclude(geometry=None).order_by("id").first()
    assert hazard is not None and hazard.geometry is not None
    page.goto(f"{server}/hazards/{hazard.pk}/edit/")
    expect(page.locator("#draw-map")).to_have_attribute("data-hazards", re.compile(r"[1-9]"))
    ring = hazard.geometry[0].exterior_ring.coords
    page.fill("textarea[name=coordinates]", "\n".join(f"{lat}, {lon}" for lon, lat in ring))
    expect(page.locator("#draw-area")).to_contain_text("m²")
    assert hazard.reference not in page.locator("#draw-warnings").inner_text()
    # Another open area's own outline, typed here, is named.
    other = HazardArea.objects.filter(status="open").exclude(geometry=None).exclude(pk=hazard.pk).order_by("id")[0]
    assert other.geometry is not None
    ring = other.geometry[0].exterior_ring.coords
    page.fill("textarea[name=coordinates]", "\n".join(f"{lat}, {lon}" for lon, lat in ring))
    expect(page.locator("#draw-warnings")).to_contain_text(other.reference)
    assert page.errors == []  # type: ignore[attr-defined]
