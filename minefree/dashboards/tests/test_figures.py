"""The dashboard's figures against the demo data, each computed again here straight from the ORM."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from typing import Any

import pytest
from django.test import Client

from minefree.casualties.models import Casualty
from minefree.dashboards.actions import save_publication
from minefree.education.models import EoreSession
from minefree.funding.models import Funding
from minefree.gazetteer.home import local_today
from minefree.hazards.models import LandReleaseActivity
from minefree.organisations.models import Team
from minefree.quality.models import NonConformity

PUBLISHED_CASUALTIES = {
    "girls": (13, 16),
    "boys": (73, 138),
    "women": (32, 45),
    "men": (229, 330),
}
PUBLISHED_FUNDING = {2013: 5012287, 2014: 3598942, 2015: 2713952, 2016: 2195692, 2017: 1725093}


def rows(client: Client, url: str) -> list[dict[str, Any]]:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.json()["rows"]  # type: ignore[no-any-return]


def test_land_released_by_year_is_the_sum_of_the_activities(persona):
    expected: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for end, kind, m2 in LandReleaseActivity.objects.filter(hazard__country__code="TJK").values_list(
        "end_date", "kind", "area_m2"
    ):
        expected[end.year][kind] += m2
    got = {r["year"]: r for r in rows(persona("tnmac.im"), "/dashboard/released-by-year.json")}
    assert sorted(got) == sorted(expected) and len(got) > 15
    for year, kinds in expected.items():
        for kind in ("cancel", "reduce", "clear"):
            assert got[year][kind] == pytest.approx(kinds.get(kind, 0), abs=1), (year, kind)
        assert got[year]["released"] == pytest.approx(sum(kinds.values()), abs=3)


def test_land_released_by_operator_and_method_add_up_to_the_total(persona):
    client = persona("tnmac.im")
    total = sum(r["released"] for r in rows(client, "/dashboard/released-by-year.json"))
    by_operator = {r["operator"]: r["released"] for r in rows(client, "/dashboard/released-by-operator.json")}
    by_method = rows(client, "/dashboard/released-by-method.json")
    npa = sum(
        LandReleaseActivity.objects.filter(organisation__acronym="NPA", hazard__country__code="TJK").values_list(
            "area_m2", flat=True
        )
    )
    assert by_operator["NPA"] == pytest.approx(npa, abs=3)
    assert sum(by_operator.values()) == pytest.approx(total, abs=len(by_operator) * 3 + 50)
    assert sum(r["released"] for r in by_method) == pytest.approx(total, abs=50)
    assert total > 24_000_000  # the evaluation's "over 24 million m² released"


def test_casualties_by_year_reproduce_the_published_table(persona):
    # The published table runs to October 2019; the demo has no casualty in the rest of 2019.
    assert not Casualty.objects.filter(accident__date__range=(dt.date(2019, 11, 1), dt.date(2019, 12, 31))).exists()
    data = rows(persona("tnmac.im"), "/dashboard/casualties-by-year.json")
    upto = [r for r in data if r["year"] <= 2019]
    for group, (killed, injured) in PUBLISHED_CASUALTIES.items():
        assert sum(r[f"{group}_killed"] for r in upto) == killed, group
        assert sum(r[f"{group}_injured"] for r in upto) == injured, group
    assert (sum(r["killed"] for r in upto), sum(r["injured"] for r in upto)) == (347, 529)
    assert (
        sum(r["killed"] + r["injured"] for r in data) == Casualty.objects.filter(accident__country__code="TJK").count()
    )


def test_funding_by_donor_and_year_reproduces_the_published_contributions(client, db):
    data = rows(client, "/dashboard/public/funding-by-donor.json")  # anonymous: the public page's twin
    by_year: dict[int, int] = defaultdict(int)
    for r in data:
        by_year[r["year"]] += r["usd"]
    assert dict(by_year) == PUBLISHED_FUNDING
    assert client.get("/dashboard/public/funding-by-donor.json").json()["summary"]["usd"] == 15_245_966
    nor = sum(Funding.objects.filter(donor__acronym="NOR").values_list("amount_usd", flat=True))
    assert sum(r["usd"] for r in data if r["donor_code"] == "NOR") == round(nor)


def test_treaty_progress_starts_from_the_extension_request_figure(client, user):
    save_publication(
        user("tnmac.admin"), deadline=dt.date(2025, 12, 31), baseline=dt.date(2019, 3, 31), publish_outlines=False
    )
    data = client.get("/dashboard/public/treaty-progress.json").json()
    assert data["rows"][0] == {"date": "2019-03-31", "m2": 12_098_210, "target_m2": 12_098_210}
    assert data["summary"]["baseline_m2"] == 12_098_210
    assert data["summary"]["remaining_m2"] < 12_098_210
    assert data["rows"][-1]["target_m2"] == 0  # today is past the deadline: the path has reached nothing


def test_contamination_over_time_and_by_region_agree_today(persona):
    client = persona("tnmac.im")
    over_time = rows(client, "/dashboard/contamination-over-time.json")
    by_region = rows(client, "/dashboard/remaining-by-region.json")
    assert over_time[-1]["date"] == local_today().isoformat()  # the home country's today, not the server's
    assert sum(r["areas"] for r in by_region) == over_time[-1]["areas"]
    assert sum(r["m2"] for r in by_region) == pytest.approx(over_time[-1]["m2"], abs=len(by_region))
    end_2018 = next(r for r in over_time if r["date"] == "2018-12-31")
    assert end_2018["areas"] > over_time[-1]["areas"]


def test_productivity_is_team_size_times_working_days(persona, db):
    dropped = LandReleaseActivity.objects.filter(method="manual", hazard__country__code="TJK").order_by("pk").first()
    LandReleaseActivity.objects.filter(pk=dropped.pk).update(team=None)  # one activity without a team
    expected: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for a in LandReleaseActivity.objects.filter(team__isnull=False, hazard__country__code="TJK").select_related("team"):
        expected[a.method][0] += a.area_m2
        expected[a.method][1] += (a.team.women + a.team.men) * ((a.end_date - a.start_date).days + 1)
    data = persona("tnmac.im").get("/dashboard/productivity.json").json()
    assert data["summary"]["excluded"] == 1 and "1 activities without a team" in data["note"]
    got = {r["method"]: r for r in data["rows"]}
    assert got["Manual"]["deminer_days"] == expected["manual"][1]
    assert got["Manual"]["productivity"] == pytest.approx(expected["manual"][0] / expected["manual"][1], abs=0.05)
    assert got["Mine detection dogs"]["released"] == pytest.approx(expected["dogs"][0], abs=1)


def test_gender_quality_and_reach_figures(persona):
    client = persona("tnmac.im")
    teams = {r["operator"]: r for r in rows(client, "/dashboard/women-in-teams.json")}
    npa = Team.objects.filter(organisation__acronym="NPA", active=True)
    assert teams["NPA"]["staff_women"] == sum(t.women for t in npa) and teams["NPA"]["teams"] == npa.count()
    findings = rows(client, "/dashboard/quality-findings.json")
    assert sum(r["major"] for r in findings) == NonConformity.objects.filter(severity="major").count() > 0
    assert sum(r["open"] for r in findings) == NonConformity.objects.filter(closed_on__isnull=True).count()
    sexes = rows(client, "/dashboard/beneficiaries-by-sex.json")
    girls_women = sum(s.girls + s.women for s in EoreSession.objects.all())
    assert sum(r["female"] for r in sexes) == girls_women


@pytest.mark.parametrize("url", ["/dashboard/eore-reach.csv", "/dashboard/public/casualties-by-year.csv"])
def test_csv_carries_the_hxl_hashtag_row(persona, url):
    body = persona("tnmac.im").get(url).content.decode("utf-8-sig")
    header, tags, *data = list(csv.reader(io.StringIO(body)))
    assert len(header) == len(tags) and all(t.startswith("#") for t in tags) and data
    assert "#date+year" in tags
    if "casualties" in url:
        assert "#affected+killed+f+children" in tags and "#affected+injured+m+adults" in tags
    else:
        assert "#reached+f+children" in tags and "#reached" in tags


def test_year_end_series_match_the_day_by_day_contamination_report(persona):
    # The series is one grouped query; each point must equal the dated report for that day.
    from minefree.hazards.models import HazardAreaState
    from minefree.reporting import land

    over_time = rows(persona("tnmac.im"), "/dashboard/contamination-over-time.json")
    assert len(over_time) > 15
    for row in over_time:
        report = land.contamination(HazardAreaState.objects.all(), dt.date.fromisoformat(row["date"]), country="TJK")
        assert (row["cha_areas"], row["sha_areas"]) == (report["CHA"]["areas"], report["SHA"]["areas"]), row["date"]
        assert row["m2"] == pytest.approx(report["total"]["m2"], abs=4), row["date"]
