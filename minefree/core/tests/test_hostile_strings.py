"""Every text field of every record type holds hostile strings; no page that shows them runs any of it.

The records arrive the way operators' data does: each report kind filled in as ODK Collect would,
every free-text answer hostile, sent through /openrosa/submission and approved; the NMAC's own
records (quality instruments, hazards, roles, affected areas, scenarios, comments) through their
named actions. Then Chromium opens every page that shows them and checks that nothing ran: no
`window.__xss`, no dialog, no script error and no Content-Security-Policy report (escaped text
never even reaches the policy).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import struct
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from playwright.sync_api import Page

from minefree.conftest import log_in
from minefree.core.registry import REGISTRY
from minefree.disaster import actions as disaster
from minefree.fieldcollection.tests.collect import Form, device, download, send
from minefree.fieldcollection.tests.test_bundled_forms import SENDER, answers, prepare
from minefree.fieldwork import actions as reports
from minefree.fieldwork.models import FieldReport
from minefree.fieldwork.payload import KINDS
from minefree.funding.models import Funding
from minefree.hazards import actions as hazards
from minefree.hazards.models import LandReleaseActivity
from minefree.hazards.tests.helpers import box, district
from minefree.organisations import actions as access
from minefree.organisations.models import Organisation
from minefree.planning import actions as planning
from minefree.planning.store import current_set
from minefree.quality import actions as quality

pytestmark = pytest.mark.browser

# Each sets window.__xss if the browser ever runs it; all fit the 40-character fields.
HOSTILE = (
    '"><script>window.__xss=1</script>',
    "</script><script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    "'><svg onload=window.__xss=1>",
    "javascript:window.__xss=1//{{7*7}}",
)
PHOTO_NAME = "<img src=x onerror=window.__xss=1>.png"
# Dated today: tests that read totals read past years, never the present day (see minefree/conftest.py).
DAY = dt.date.today()
DATES = ("date", "disposed_on", "start_date", "handed_over_on")
RING = "40.73 69.73 0 0;40.73 69.732 0 0;40.732 69.732 0 0;40.732 69.73 0 0;40.73 69.73 0 0"  # lat lon, ODK order


def png() -> bytes:
    """A real one-pixel PNG, so the report page can show it."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def hostile(index: int) -> str:
    return HOSTILE[index % len(HOSTILE)]


def free_text(form: Form) -> set[str]:
    """The form's questions a team types into (string binds that are not selects)."""
    binds = dict(re.findall(r'<bind nodeset="[^"]*/([^"/]+)" type="([^"]+)"', form.xml.decode()))
    return {name for name, kind in binds.items() if kind == "string"} - set(form.choices()) - {"instanceID"}


def poisoned(values: dict[str, Any], names: set[str], spared: set[str]) -> dict[str, Any]:
    """Every free-text answer (also inside repeats) replaced by a hostile string, except the spared ones."""
    out: dict[str, Any] = {}
    for index, (name, value) in enumerate(values.items()):
        if isinstance(value, list):
            out[name] = [poisoned(item, names, spared) for item in value]
        elif name in names and name not in spared:
            out[name] = hostile(index)
        else:
            out[name] = value
    if "photo" in out:
        out["photo"] = PHOTO_NAME
    return out


def send_poisoned(kind: str) -> FieldReport:
    """The kind's sample answers with every text answer hostile; answers the server refuses go back to normal."""
    sender = SENDER.get(kind, "npa.clerk")
    client = device(sender)
    form = download(client, f"minefree_{kind}")
    sample = answers(kind, form)
    if kind == "hazard":  # a place of its own: other browser tests draw hazards where the sample does
        sample["geometry"] = RING
    for name in DATES:
        if name in sample and not (kind == "completion" and name == "date"):  # completion: the area's last state
            sample[name] = DAY.isoformat()
    if "year" in sample:
        sample["year"] = str(DAY.year)
    if kind == "marking":  # no village: a place added here would join other tests' offline lists
        sample["village"] = ""
    names, spared = free_text(form), set()
    for _attempt in range(len(names) + 1):
        instance_id, xml = form.fill(poisoned(sample, names, spared))
        photos = {PHOTO_NAME: SimpleUploadedFile(PHOTO_NAME, png(), "image/png")} if "photo" in sample else {}
        response = send(client, xml, **photos)
        if response.status_code == 201:
            return FieldReport.objects.get(client_id=instance_id)
        message = response.content.decode()
        refused = {name for name in names - spared if re.search(rf"\b{name}\b", message)}
        assert response.status_code == 400 and refused, f"{kind}: {message}"
        spared |= refused  # e.g. a team that must exist: the rest stay hostile
    raise AssertionError(f"{kind}: every answer refused")


def seed(user: Any) -> dict[str, Any]:
    """The hostile records, returned with what the pages need to find them."""
    im, qa, admin = user("tnmac.im"), user("tnmac.qa"), user("tnmac.admin")
    npa = Organisation.objects.get(acronym="NPA")
    sent = {}
    for kind in KINDS:
        if kind != "marking":
            prepare(kind, user)
        report = send_poisoned(kind)
        sent[kind] = reports.approve_report(im, report, confirm=True, comment=hostile(1))
    returned = send_poisoned("hazard")
    reports.comment_on(user("npa.clerk"), returned, hostile(2))
    reports.return_report(im, returned, hostile(0))
    hazard = hazards.create_hazard_area(
        im,
        name=hostile(1),
        description=hostile(2),
        admin_area=district(),
        operator=npa,
        classification="CHA",
        contamination="ap_mines",
        geometry=box(69.72, 40.72),  # the affected area below covers both
        recorded_on=DAY,
    )
    activity = LandReleaseActivity.objects.filter(hazard__operator=npa).order_by("-pk").first()
    quality.accredit(
        qa, organisation=npa, activities=hostile(0), accredited_on=DAY, expires_on=DAY + dt.timedelta(days=365)
    )
    quality.record_visit(qa, organisation=npa, visited_on=DAY, result="minor", findings=hostile(3))
    quality.raise_non_conformity(qa, organisation=npa, severity="minor", description=hostile(4), raised_on=DAY)
    quality.inspect(qa, activity=activity, inspected_on=dt.date.today(), sample_m2=1, items_found=0)
    access.save_role(
        admin,
        None,
        code="hostile",
        name=hostile(2),
        capabilities=[],
        personal_data_allowed=False,
        description=hostile(3),
    )
    planning.save_scenario(im, current_set(), name=hostile(3), deminers=10, notes=hostile(4))
    area = disaster.record_affected_area(
        user("coes.officer"),
        name=hostile(1),
        kind="flood",
        event_date=DAY,
        geometry=box(69.715, 40.715, 0.02),
        distance_m=500,
    )
    funding = sent["funding"].applied["funding"]
    return {"reports": [*sent.values(), returned], "hazard": hazard, "area": area, "funding": funding}


@pytest.fixture(scope="module")
def seeded(server: str, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    with django_db_blocker.unblock():
        made = seed(lambda username: User.objects.get(username=username))
    yield made
    # Later browser tests read the public funding totals: the one hostile contribution goes again.
    with django_db_blocker.unblock():
        Funding.objects.filter(pk=made["funding"]).delete()


def pages(seeded: dict[str, Any]) -> list[str]:
    hazard, area = seeded["hazard"], seeded["area"]
    found = [
        "/hazards/",
        "/hazards/list/",
        f"/hazards/{hazard.pk}/",
        f"/hazards/{hazard.pk}/edit/",
        f"/hazards/{hazard.pk}/history/",
        "/reports/",
        "/field-reports/",
        "/field-reports/notifications/",
        "/records/",
        "/audit/",
        "/dashboard/",
        "/dashboard/public/",
        "/access/",
        "/forms/",
        "/planner/",
        "/disaster/",
        f"/disaster/{area.pk}/",
        # The browsable API shows the same values as JSON text.
        f"/api/v1/hazards/{hazard.pk}/",
        "/api/v1/field-reports/",
        f"/api/v1/disaster/{area.pk}/",
    ]
    for report in seeded["reports"]:
        found.append(f"/field-reports/{report.pk}/")
        applied_hazard = report.applied.get("hazard")
        if applied_hazard:
            found += [f"/hazards/{applied_hazard}/", f"/hazards/{applied_hazard}/history/"]
    for slug, record_type in REGISTRY.items():
        newest = record_type.model.objects.order_by("-pk").first()
        found += [f"/records/{slug}/", f"/records/{slug}/{newest.pk}/", f"/api/v1/{slug}/{newest.pk}/"]
    return found


def test_no_page_runs_a_hostile_string(page: Page, server: str, seeded: dict[str, Any]) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    # The browsable API's pages name no icon, so Chromium asks for /favicon.ico, which MineFree does not serve.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    log_in(page, server, "tnmac.admin")
    shown, templated = 0, 0
    for path in pages(seeded):
        response = page.goto(server + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss") is None, path
        text = page.locator("body").inner_text()
        shown += "window.__xss=1" in text
        templated += "{{7*7}}" in text  # shown as typed, never evaluated by a template
        assert dialogs == [] and violations == [], path
        assert page.errors == [], f"{path}: {page.errors}"  # type: ignore[attr-defined]
    assert shown >= 30 and templated >= 5, "the hostile strings should be on most of these pages, as text"


def test_personal_data_popups_and_the_edit_form_run_nothing(page: Page, server: str, seeded: dict[str, Any]) -> None:
    from minefree.casualties.models import Victim

    victim = Victim.objects.order_by("-pk").first()
    page.goto(f"{server}/records/victims/{victim.pk}/")
    page.click("#show-personal")
    page.wait_for_selector("#victim-name")
    assert "window.__xss=1" in page.locator("dl.personal").inner_text()
    assert page.evaluate("window.__xss") is None
    # Open the hazards' popups on the overlay map: Leaflet writes a string popup as HTML.
    page.goto(f"{server}/disaster/{seeded['area'].pk}/")
    markers = page.locator("path.hazard-marker")
    assert markers.count() >= 1
    for index in range(min(markers.count(), 10)):
        markers.nth(index).click(force=True)
        assert "window.__xss=1" in " ".join(page.locator(".leaflet-popup-content").all_inner_texts())
    assert page.evaluate("window.__xss") is None
    # The marking report's photo shows on its page, and following it downloads the file.
    marking = next(r for r in seeded["reports"] if r.kind == "marking")
    page.goto(f"{server}/field-reports/{marking.pk}/")
    photo = page.locator("ul.attachments img")
    page.wait_for_function("img => img.complete", arg=photo.element_handle())
    assert photo.evaluate("img => img.naturalWidth") == 1
    with page.expect_download() as download:
        page.click("ul.attachments a")
    assert download.value.suggested_filename.endswith(".png")
    # The returned report, back with its writer: the edit form draws its hostile geometry answer.
    page.context.clear_cookies()
    log_in(page, server, "npa.clerk")
    returned = seeded["reports"][-1]
    page.goto(f"{server}/field-reports/{returned.pk}/edit/")
    page.wait_for_selector("#draw-map path.draw-current")  # its own polygon, above the other areas
    page.goto(f"{server}/field-reports/notifications/")
    assert page.evaluate("window.__xss") is None and page.errors == []  # type: ignore[attr-defined]


@pytest.fixture
def tile_server() -> Iterator[str]:
    """A basemap on another origin: every tile the same one-pixel PNG."""

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = png()
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
    httpd.shutdown()


def test_the_policy_lets_the_basemap_and_the_api_docs_work(
    page: Page, server: str, seeded: dict[str, Any], tile_server: str
) -> None:
    from minefree import settings as project

    policy = copy.deepcopy(project.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["img-src"] = ["'self'", "data:", *project._tile_source(tile_server)]
    with override_settings(MINEFREE_TILE_URL=tile_server, CONTENT_SECURITY_POLICY=policy):
        page.goto(f"{server}/hazards/{seeded['hazard'].pk}/")
        page.wait_for_selector("img.leaflet-tile-loaded")
    page.goto(f"{server}/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "MineFree API" in page.locator(".swagger-ui .info .title").inner_text()
    page.wait_for_selector(".opblock-tag")  # the schema was fetched and drawn
    assert page.errors == []  # type: ignore[attr-defined]
