"""The NMAC dashboard: every block with "data as of", a table and its twins; figures as the reader may see them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from minefree.casualties.models import Casualty, Victim
from minefree.core.crypto import unseal
from minefree.core.errors import ActionError
from minefree.core.models import AuditEntry
from minefree.dashboards import nmac
from minefree.dashboards.actions import save_publication
from minefree.dashboards.models import Publication
from minefree.demo.personas import PERSONAS
from minefree.gazetteer.home import local_today
from minefree.gazetteer.models import AdminArea
from minefree.hazards.models import HazardAreaState, LandReleaseActivity


@pytest.fixture
def khatlon_clerk(persona: Any) -> Client:
    """The demo's NPA clerk whose grant holds in Khatlon only."""
    client: Client = persona("npa.khatlon")
    return client


def test_every_block_says_what_it_covers_a_chart_a_table_and_both_twins(persona, user):
    save_publication(
        user("tnmac.im"), deadline=dt.date(2025, 12, 31), baseline=dt.date(2019, 3, 31), publish_outlines=False
    )
    body = persona("tnmac.im").get("/dashboard/").content.decode()
    sections = dict(re.findall(r'<section class="block" id="([a-z0-9-]+)">(.*?)</section>', body, re.S))
    assert set(sections) == set(nmac.BLOCKS)
    for slug, html in sections.items():
        dated = re.search(r'<p class="muted dated">(.*?) ·', html)
        assert dated and re.search(
            r"recorded up to ([\w.]+ \d{1,2}, \d{4}|\d{4})$|as recorded today$", dated.group(1)
        ), slug
        assert "<svg" in html and "<details><summary>Table</summary>" in html, slug
        assert f'href="{slug}.csv"' in html and f'href="{slug}.json"' in html, slug


def test_the_table_holds_the_numbers_the_csv_holds(persona):
    client = persona("tnmac.im")
    body = client.get("/dashboard/").content.decode()
    table = re.search(r'id="productivity">.*?<tbody>(.*?)</tbody>', body, re.S).group(1)
    csv_rows = client.get("/dashboard/productivity.csv").content.decode("utf-8-sig").splitlines()[2:]
    for line in csv_rows:
        method, _n, released, *_rest = line.split(",")
        assert f"<td>{method}</td>" in table and f"<td>{int(released):,}</td>" in table


def test_nav_links_to_the_dashboard(persona):
    assert 'href="/dashboard/"' in persona("donor.usdos").get("/reports/").content.decode()


def test_a_donor_sees_counts_and_no_personal_data(persona):
    client = persona("donor.usdos")
    sealed = [unseal(getattr(v, f)) for v in Victim.objects.all() for f in Victim.SEALED]
    names = {s for s in sealed if len(s) > 3} | {full for *_x, full in PERSONAS.values()}
    payloads = [client.get("/dashboard/").content.decode()]
    for slug in nmac.BLOCKS:
        payloads += [client.get(f"/dashboard/{slug}.{fmt}").content.decode() for fmt in ("csv", "json")]
    assert len(names) > 12
    for text in payloads:
        assert not [n for n in names if n in text]
    casualties = client.get("/dashboard/casualties-by-year.json").json()
    assert casualties["summary"]["killed"] + casualties["summary"]["injured"] == Casualty.objects.count()


def test_an_operator_limited_to_a_region_sees_only_that_region(khatlon_clerk):
    khatlon = AdminArea.objects.get(code="TJ-KT")
    by_region = khatlon_clerk.get("/dashboard/released-by-region.json").json()["rows"]
    assert [r["region_code"] for r in by_region] == ["TJ-KT"]
    mine = LandReleaseActivity.objects.filter(hazard__admin_area__parent=khatlon)
    assert by_region[0]["released"] == pytest.approx(sum(mine.values_list("area_m2", flat=True)), abs=3)
    remaining = khatlon_clerk.get("/dashboard/remaining-by-region.json").json()["rows"]
    today = HazardAreaState.objects.as_of(local_today()).remaining().filter(hazard__admin_area__parent=khatlon)
    assert [(r["region_code"], r["areas"]) for r in remaining] == [("TJ-KT", today.count())]
    years = khatlon_clerk.get("/dashboard/casualties-by-year.json").json()["rows"]
    in_khatlon = Casualty.objects.filter(accident__admin_area__parent=khatlon).count()
    assert sum(r["killed"] + r["injured"] for r in years) == in_khatlon < Casualty.objects.count()
    over_time = khatlon_clerk.get("/dashboard/contamination-over-time.json").json()["rows"]
    assert over_time[-1]["areas"] == today.count()


def test_the_year_filter_limits_land_released_by_operator_and_productivity(persona):
    client = persona("tnmac.im")
    data = client.get("/dashboard/released-by-operator.json?year=2019").json()
    assert data["title"] == "Land released by operator in 2019"
    in_2019 = LandReleaseActivity.objects.filter(end_date__year=2019, hazard__country__code="TJK")
    assert data["as_of"] == max(in_2019.values_list("end_date", flat=True)).isoformat()  # what fed it, not the latest
    for row in data["rows"]:
        m2 = sum(in_2019.filter(organisation__acronym=row["operator"]).values_list("area_m2", flat=True))
        assert row["released"] == pytest.approx(m2, abs=3), row
    assert (
        sum(r["activities"] for r in client.get("/dashboard/productivity.json?year=2019").json()["rows"])
        == in_2019.count()
    )
    page = client.get("/dashboard/?year=2019").content.decode()
    assert 'href="productivity.csv?year=2019"' in page and 'href="eore-reach.csv"' in page


def test_a_bad_year_is_refused_naming_the_field(persona):
    client = persona("tnmac.im")
    response = client.get("/dashboard/released-by-method.csv?year=19x")
    assert response.status_code == 400 and response.json() == {"year": ["'19x' is not a year like 2019."]}
    page = client.get("/dashboard/?year=19x")
    assert page.status_code == 400 and "is not a year like 2019." in page.content.decode()


def test_unknown_chart_is_404(persona):
    assert persona("tnmac.im").get("/dashboard/no-such-chart.json").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in_for_the_nmac_dashboard(client, db):
    for url in ("/dashboard/", "/dashboard/eore-reach.csv", "/dashboard/publication/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


def test_the_nmac_sets_the_publication_with_an_audit_entry(persona):
    client = persona("tnmac.admin")
    response = client.post(
        "/dashboard/publication/", {"deadline": "2025-12-31", "baseline": "2019-03-31", "publish_outlines": "on"}
    )
    assert response.status_code == 302
    current = Publication.current()
    assert (current.deadline, current.baseline, current.publish_outlines) == (
        dt.date(2025, 12, 31),
        dt.date(2019, 3, 31),
        True,
    )
    entry = AuditEntry.objects.filter(action="save_publication").latest("pk")
    assert entry.user.username == "tnmac.admin" and entry.after["publish_outlines"] is True
    assert entry.before["publish_outlines"] is False  # as the demo set it
    client.post("/dashboard/publication/", {"deadline": "2025-12-31", "baseline": "2019-03-31"})
    assert Publication.current().publish_outlines is False
    assert AuditEntry.objects.filter(action="save_publication").latest("pk").before["publish_outlines"] is True


def test_bad_publication_dates_are_refused_naming_the_field(persona, user):
    before = Publication.current()
    response = persona("tnmac.admin").post(
        "/dashboard/publication/", {"deadline": "2019-01-01", "baseline": "2020-01-01"}
    )
    assert (
        response.status_code == 200 and "The baseline date must come before the deadline." in response.content.decode()
    )
    with pytest.raises(ActionError) as caught:
        save_publication(user("tnmac.im"), deadline=dt.date(2025, 12, 31), baseline=None, publish_outlines=False)
    assert "baseline" in caught.value.errors
    after = Publication.current()  # the demo's dates, unchanged
    assert (
        (after.deadline, after.baseline)
        == (before.deadline, before.baseline)
        == (dt.date(2025, 12, 31), dt.date(2019, 3, 31))
    )


@pytest.mark.parametrize("username", ["tnmac.qa", "npa.manager", "donor.usdos"])
def test_only_national_editors_set_the_publication(persona, user, username):
    assert persona(username).get("/dashboard/publication/").status_code == 403
    assert persona(username).post("/dashboard/publication/", {"publish_outlines": "on"}).status_code == 403
    with pytest.raises(PermissionDenied):
        save_publication(user(username), deadline=None, baseline=None, publish_outlines=True)
    assert not Publication.current().publish_outlines
