"""Dashboard figures are kept between requests, and a write the database sees ends their use."""

from __future__ import annotations

import json

from django.db import connection

from minefree.dashboards import figures_version
from minefree.fieldwork import actions
from minefree.fieldwork.tests.test_workflow import draft, new_area


def _remaining(client) -> int:
    body = json.loads(client.get("/dashboard/public/remaining-by-region.json").content)
    return sum(row["areas"] for row in body["rows"])


def test_an_approved_report_shows_on_the_dashboards_at_once(persona, user):
    im = persona("tnmac.im")
    public = type(im)()
    before = im.get("/api/v1/dashboard/").json()
    areas_before = _remaining(public)
    assert im.get("/api/v1/dashboard/").json() == before  # kept: the same figures

    clerk = user("npa.clerk")
    report = actions.submit_report(clerk, draft(clerk, new_area()))
    actions.approve_report(user("tnmac.im"), report)

    after = im.get("/api/v1/dashboard/").json()
    assert after != before
    assert _remaining(public) == areas_before + 1


def test_raw_sql_on_any_counted_table_changes_the_version(db):
    seen = figures_version.current()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE hazards_hazardareastate SET area_m2 = area_m2"
            " WHERE id IN (SELECT MIN(id) FROM hazards_hazardareastate)"
        )
    assert figures_version.current() != seen


def test_every_table_the_dashboards_count_carries_the_trigger(db):
    assert set(figures_version.source_tables()) <= figures_version.installed_on()
