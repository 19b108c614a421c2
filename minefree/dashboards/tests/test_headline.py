"""The headline strip on both dashboards: its figures are the reports' figures, the deadline is
judged in words at the pace of the last three years, and each figure is dated by its data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max, Sum
from django.test import Client
from django.utils import translation

from minefree.dashboards import headline
from minefree.dashboards.actions import save_publication
from minefree.gazetteer.home import local_today
from minefree.hazards.models import HazardAreaState, LandReleaseActivity
from minefree.reporting import land


def strip(client: Client, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200, url
    return {f.key: f for f in response.context["headline"]}


def publish(user: Any, deadline: dt.date | None, baseline: dt.date | None = dt.date(2019, 3, 31)) -> None:
    save_publication(
        user("tnmac.admin"), deadline=deadline, baseline=baseline if deadline else None, publish_outlines=False
    )


def national_pace() -> float:
    tjk = LandReleaseActivity.objects.filter(hazard__country__code="TJK")
    last = tjk.aggregate(d=Max("end_date"))["d"]
    start = last - dt.timedelta(days=round(3 * 365.25))
    return float(tjk.filter(end_date__gt=start, end_date__lte=last).aggregate(m2=Sum("area_m2"))["m2"]) / 3


def test_the_strip_shows_the_treaty_report_figures_on_both_dashboards(persona, user, client):
    publish(user, dt.date(2025, 12, 31))
    treaty = persona("tnmac.im").get("/dashboard/treaty-progress.json").json()["summary"]
    for figures in (strip(persona("tnmac.im"), "/dashboard/"), strip(client, "/dashboard/public/")):
        assert figures["remaining_m2"].raw == treaty["remaining_m2"]
        assert (
            figures["remaining_m2"].raw
            == land.contamination(HazardAreaState.objects.all(), local_today(), country="TJK")["total"]["m2"]
        )
        assert figures["addressed_pct"].raw == treaty["addressed_pct"]
        assert figures["deadline"].raw == round(national_pace())
    page = client.get("/dashboard/public/").content.decode()
    assert page.index('class="headline"') < page.index('class="blocks"')
    assert "<script" not in page


def test_the_deadline_sentence_says_met_not_met_or_none(user, client):
    publish(user, None)
    assert strip(client, "/dashboard/public/")["deadline"].value == "No deadline recorded."
    assert strip(client, "/dashboard/public/")["addressed_pct"].dated == "No baseline recorded."

    remaining = strip(client, "/dashboard/public/")["remaining_m2"].raw
    years = remaining / national_pace()
    soon = local_today() + dt.timedelta(days=round(years * 365.25 / 2))
    publish(user, soon)
    sentence = strip(client, "/dashboard/public/")["deadline"].value
    assert sentence.startswith("At the current pace (") and sentence.endswith("will not be met."), sentence
    assert f"takes about {years:.1f} years" in sentence

    late = local_today() + dt.timedelta(days=round(years * 365.25) + 400)
    publish(user, late)
    sentence = strip(client, "/dashboard/public/")["deadline"].value
    assert "will be met with 1" in sentence and sentence.endswith("months to spare."), sentence


def test_the_sentence_covers_no_recent_release_and_a_passed_deadline():
    today = dt.date(2026, 1, 1)
    with translation.override("en"):
        sentences(today)


def sentences(today: dt.date) -> None:
    assert "will not be met" in headline.deadline_sentence(5_000_000, 0, today, dt.date(2030, 1, 1))
    assert "has passed with 5.0 km²" in headline.deadline_sentence(5_000_000, 1e6, today, dt.date(2025, 1, 1))
    met = headline.deadline_sentence(2_000_000, 1_000_000, today, dt.date(2030, 1, 1))
    assert met.endswith("will be met with 24 months to spare."), met


def test_each_figure_is_dated_by_its_latest_record(persona, user):
    publish(user, dt.date(2025, 12, 31))
    figures = strip(persona("tnmac.im"), "/dashboard/")
    last_release = LandReleaseActivity.objects.filter(hazard__country__code="TJK").aggregate(d=Max("end_date"))["d"]
    last_state = HazardAreaState.objects.filter(hazard__country__code="TJK").aggregate(d=Max("valid_from"))["d"]
    assert figures["deadline"].dated == f"Land release recorded up to {headline._day(last_release)}"
    assert figures["remaining_m2"].dated == f"Hazardous areas recorded up to {headline._day(last_state)}"
    assert figures["funding_usd"].dated == "Funding recorded up to 2017"
    assert figures["funding_usd"].value == "15,245,966 USD"
    assert local_today().isoformat() not in " ".join(f.dated for f in figures.values())


def test_figures_are_written_in_the_readers_language(user, client):
    publish(user, dt.date(2025, 12, 31))
    client.cookies["django_language"] = "ru"
    figures = strip(client, "/dashboard/public/")
    assert figures["funding_usd"].value.replace("\xa0", " ") == "15 245 966 USD"
    assert "," in figures["addressed_pct"].value or figures["addressed_pct"].raw == int(figures["addressed_pct"].raw)
