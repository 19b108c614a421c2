"""Hostile values in the three places the outside test found them stay data; every page sends the CSP."""

from __future__ import annotations

import datetime as dt
import json

from minefree.core.tests.markup import what_runs
from minefree.disaster.tests.helpers import AREA, INSIDE, record
from minefree.fieldwork import actions as reports
from minefree.hazards.tests.helpers import new_hazard
from minefree.organisations.models import Organisation

BREAK_ATTRIBUTE = '\'><img src=x onerror="window.__xss=1">'
BREAK_SCRIPT = "</script><script>window.__xss=1</script>"
RING = [[69.6, 40.6], [69.602, 40.6], [69.602, 40.602], [69.6, 40.602], [69.6, 40.6]]


def test_a_report_geometry_cannot_leave_its_json(persona, user):
    geometry = {"type": "Polygon", "coordinates": [RING], "note": BREAK_ATTRIBUTE + BREAK_SCRIPT}
    report, _ = reports.save_report(
        user("npa.clerk"),
        kind="hazard",
        organisation=Organisation.objects.get(acronym="NPA"),
        client_id="hostile-geometry",
        date_of_information=dt.date(2025, 5, 5),
        payload={"name": BREAK_SCRIPT, "geometry": geometry},
    )
    for page in (f"/field-reports/{report.pk}/", f"/field-reports/{report.pk}/edit/"):
        html = persona("npa.clerk").get(page).content.decode()
        assert what_runs(html) == [], page
        assert "\\u003C/script\\u003E" in html  # the value is there, escaped for the JSON element


def test_a_hazard_name_cannot_end_the_overlay_json(persona, user):
    hazard = new_hazard(user("tnmac.im"), geometry=INSIDE, name=BREAK_SCRIPT, description=BREAK_ATTRIBUTE)
    area = record(user("coes.officer"), AREA, name=BREAK_SCRIPT)
    html = persona("coes.officer").get(f"/disaster/{area.pk}/").content.decode()
    assert what_runs(html) == []
    start = html.index('id="overlay-hazards"')
    data = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    assert BREAK_SCRIPT in [f["properties"]["name"] for f in data["features"] if f["id"] == hazard.pk]
    for page in (f"/hazards/{hazard.pk}/", f"/hazards/{hazard.pk}/edit/", f"/hazards/{hazard.pk}/history/"):
        assert what_runs(persona("tnmac.im").get(page).content.decode()) == [], page


def test_every_page_forbids_inline_script(persona):
    client = persona("tnmac.im")
    for page in (
        "/hazards/",
        "/hazards/list/",
        "/field-reports/",
        "/dashboard/",
        "/audit/",
        "/api/v1/docs/",
        "/login/",
    ):
        response = client.get(page)
        policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
        assert policy["script-src"] == "'self'", page
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'", page
        assert policy["base-uri"] == "'self'", page
        assert what_runs(response.content.decode()) == [], page


def test_the_policy_admits_the_configured_basemap_host():
    from minefree.settings import _tile_source

    assert _tile_source("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png") == ["https://*.tile.openstreetmap.org"]
    assert _tile_source("http://10.0.0.5:8080/tiles/{z}/{x}/{y}.png") == ["http://10.0.0.5:8080"]
    assert _tile_source("") == []
