"""Each persona's task from login to result, as a new user would walk it, in English and Russian, at
desk size and on a 390x844 phone (issue 13). The words checked come from the catalogue (gettext), so a
Russian page that shows English fails; the records the walks leave behind carry unique names.

Walked elsewhere in all four combinations: review and approve (fieldwork/tests/test_inbox_browser.py)
and the land release from a hazard's page (hazards/tests/test_release_browser.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import Page, expect

from minefree.casualties.models import Victim
from minefree.conftest import ARTIFACTS, docs_screenshot, log_in
from minefree.core.crypto import unseal
from minefree.core.tests.screen import sticking_out
from minefree.disaster.models import AffectedArea
from minefree.fieldwork.models import FieldReport
from minefree.gazetteer.models import AdminArea

pytestmark = pytest.mark.browser

SIZES = {"desk": (1280, 900), "phone": (390, 844)}


class Walk:
    """One walk's language and screen: the words it expects and where its pictures go."""

    def __init__(self, page: Page, server: str, language: str, size: str) -> None:
        self.page, self.server, self.language, self.size = page, server, language, size
        self.width = SIZES[size][0]

    def say(self, msgid: str) -> str:
        """The catalogue's words for msgid in this walk's language; a missing translation fails here."""
        with translation.override(self.language):
            text = str(translation.gettext(msgid))
        assert self.language == "en" or text != msgid, f"no {self.language} translation of {msgid!r}"
        return text

    def start(self, username: str | None) -> None:
        self.page.set_viewport_size({"width": SIZES[self.size][0], "height": SIZES[self.size][1]})
        self.page.context.clear_cookies()
        cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": self.language, "url": self.server}
        self.page.context.add_cookies([cookie])  # type: ignore[list-item]
        self.page.errors.clear()  # type: ignore[attr-defined]
        if username:
            log_in(self.page, self.server, username)
            expect(self.page.locator("#main-menu")).to_be_attached()

    def go(self, path: str) -> None:
        self.page.goto(f"{self.server}{path}")

    def fits(self) -> None:
        """Nothing on the page scrolls sideways but a wide table's own box; if it does, say what sticks out."""
        widest = sticking_out(self.page, self.width)
        if widest is not None:
            pytest.fail(f"{self.page.url} is wider than {self.width} px: {widest}")

    def finish(self, name: str) -> None:
        """The walk's picture; for the docs, English at desk size and Russian on the phone."""
        assert self.page.errors == []  # type: ignore[attr-defined]
        where = f"{self.language}-{self.size}"
        self.page.screenshot(path=str(ARTIFACTS / f"walk-{name}-{where}.png"))  # the result is at the top
        if where in ("en-desk", "ru-phone"):
            docs_screenshot(self.page, f"walk-{name}-{where}.png")
        self.fits()


@pytest.fixture(params=["en", "ru"])
def language(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=list(SIZES))
def walk(request: pytest.FixtureRequest, page: Page, server: str, language: str) -> Iterator[Walk]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield Walk(page, server, language, str(request.param))


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def test_a_clerk_reports_a_new_suspected_hazardous_area(walk: Walk, django_db_blocker: object) -> None:
    page = walk.page
    name = unique("Walk SHA")
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        ghafurov = AdminArea.objects.get(name="Ghafurov")
    # A field of about 150 m a side near Ghafurov, moved per walk so no two reports overlap.
    lat, lon = 40.95 + 0.01 * (walk.language == "ru"), 69.95 + 0.01 * (walk.size == "phone")
    corners = [(lat, lon), (lat, lon + 0.0015), (lat + 0.0015, lon + 0.0015), (lat + 0.0015, lon)]
    walk.start("npa.clerk")
    walk.go("/field-reports/")
    page.click("a.button[href$='/field-reports/new/hazard/']")
    page.fill("input[name=name]", name)
    page.select_option("select[name=admin_area]", str(ghafurov.pk))
    page.select_option("select[name=classification]", "SHA")
    page.select_option("select[name=contamination]", "ap_mines")
    page.fill("input[name=date_of_information]", "2024-08-01")
    page.fill("textarea[name=coordinates]", "\n".join(f"{a}, {b}" for a, b in corners))
    page.click("button[name=submit]")
    expect(page.locator("#report-state")).to_have_text(walk.say("Submitted"))
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        report = FieldReport.objects.get(payload__name=name)
    assert report.state == FieldReport.State.SUBMITTED and report.author.username == "npa.clerk"
    expect(page.locator("#messages .success")).to_contain_text(report.reference)
    walk.go("/field-reports/")
    expect(page.locator("table.reports tbody tr").first).to_contain_text(report.reference)  # newest first
    expect(page.locator("table.reports tbody tr").first).to_contain_text(walk.say("Submitted"))
    walk.finish("new-hazard")


def test_a_partner_records_a_risk_education_session(walk: Walk, django_db_blocker: object) -> None:
    page = walk.page
    place = unique("Walk school")
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        rasht = AdminArea.objects.get(name="Rasht")
    walk.start("rcst.clerk")
    walk.go("/field-reports/")
    page.click("a.button[href$='/field-reports/new/eore/']")
    page.select_option("select[name=admin_area]", str(rasht.pk))
    page.fill("input[name=place]", place)
    page.select_option("select[name=facilitator]", "teacher")
    page.select_option("select[name=audience]", "schoolchildren")
    page.select_option("select[name=method]", "presentation")
    page.select_option("select[name=grouping]", "mixed")
    for field, value in (("girls", "12"), ("boys", "14"), ("women", "1"), ("men", "2")):
        page.fill(f"input[name={field}]", value)
    assert page.input_value("input[name=total]") == "29"  # the form adds the groups up
    page.fill("input[name=date_of_information]", "2024-09-10")
    page.click("button[name=submit]")
    expect(page.locator("#report-state")).to_have_text(walk.say("Submitted"))
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        report = FieldReport.objects.get(payload__place=place)
    assert report.kind == "eore" and report.payload["total"] == 29
    expect(page.locator("#messages .success")).to_contain_text(report.reference)
    walk.finish("risk-education")


def test_a_donor_sees_the_dashboard_and_a_report_without_personal_data(walk: Walk, django_db_blocker: object) -> None:
    page = walk.page
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        names = [unseal(v.name_sealed) for v in Victim.objects.order_by("pk")[:20]]
    assert names
    walk.start("donor.usdos")
    walk.go("/dashboard/")
    expect(page.locator("h1")).to_have_text(walk.say("Dashboard"))
    expect(page.locator("section svg").first).to_be_visible()
    walk.fits()
    walk.go("/reports/")
    expect(page.locator("h1")).to_have_text(walk.say("Reports"))
    page.click("#funding h2 a")
    expect(page.locator("table.funding tfoot")).to_contain_text(walk.say("Total"))
    # No victim-assistance menu, and not one victim's name anywhere on what a donor reads.
    assert page.locator("#main-menu a[href^='/assistance/']").count() == 0
    text = page.locator("body").inner_text()
    assert not [n for n in names if n and n in text]
    walk.finish("donor")


def test_the_emergency_officer_draws_a_flood_and_gets_the_overlay(walk: Walk, django_db_blocker: object) -> None:
    page = walk.page
    name = unique("Walk flood")
    walk.start("coes.officer")
    walk.go("/disaster/")
    expect(page.locator("h1")).to_have_text(walk.say("Disaster overlay"))
    page.fill("input[name=name]", name)
    page.select_option("select[name=kind]", "flood")
    page.fill("input[name=event_date]", "2026-05-12")
    page.fill("input[name=distance_m]", "500")
    page.locator("#draw-map").scroll_into_view_if_needed()
    page.locator(".leaflet-pm-icon-rectangle").click()
    box = page.locator("#draw-map").bounding_box()
    assert box is not None
    # Geoman's rectangle: two clicks across the south-west of the map (the Vakhsh and Kofarnihon valleys).
    page.mouse.click(box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.55)
    page.mouse.click(box["x"] + box["width"] * 0.50, box["y"] + box["height"] * 0.80)
    expect(page.locator("input[name=drawn]")).not_to_have_value("")
    page.click("#affected-area button[type=submit]")
    expect(page.locator("h1")).to_have_text(name)
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        area = AffectedArea.objects.get(name=name)
    assert area.created_by is not None and area.created_by.username == "coes.officer"
    expect(page.locator("#hazard-count")).to_be_visible()
    expect(page.locator("#map[data-hazards]")).to_be_attached()
    assert page.locator("#hazards tbody tr").count() >= 1
    walk.finish("flood")


def test_the_information_manager_opens_article_7_and_compares_plans(walk: Walk) -> None:
    page = walk.page
    walk.start("tnmac.im")
    walk.go("/treaty/")
    expect(page.locator("h1")).to_have_text(walk.say("Treaty reports (Article 7)"))
    page.click("table.treaty-years a[href='/treaty/apmbc/2023/']")
    expect(page.locator("h1")).to_contain_text("2023")
    expect(page.locator("table.marks")).to_contain_text(walk.say("Changed or unchanged"))
    walk.fits()
    if walk.language == "en" and walk.size == "desk":
        docs_screenshot(page, "walk-article7-en-desk.png")
    walk.go("/planner/")
    expect(page.locator("h1")).to_have_text(walk.say("Completion planner"))
    plans = page.locator("#compare fieldset")
    plans.nth(0).locator("input[name=name]").fill("Today")
    plans.nth(0).locator("input[name=deminers]").fill("90")
    plans.nth(1).locator("input[name=name]").fill("Twice")
    plans.nth(1).locator("input[name=deminers]").fill("180")
    page.click("#compare button[type=submit]")
    heads = page.locator("table.plan-summary thead th")
    expect(heads.nth(0)).to_have_text("Today")
    expect(heads.nth(1)).to_have_text("Twice")  # then the saved scenarios, if any
    completions = page.locator("table.plan-summary td.completion").all_inner_texts()
    assert completions[1] <= completions[0]  # twice the deminers finish no later (ISO dates sort as text)
    walk.finish("planner")


def test_a_visitor_opens_the_public_dashboard(walk: Walk) -> None:
    page = walk.page
    walk.start(None)
    walk.go("/login/")
    page.click(f"text={walk.say('Public dashboard: mine action progress, no login needed')}")
    expect(page).to_have_url(f"{walk.server}/dashboard/public/")
    expect(page.locator("h1")).to_have_text(walk.say("Mine action progress"))
    expect(page.locator("section.block svg.chart").first).to_be_visible()
    walk.finish("public-dashboard")
