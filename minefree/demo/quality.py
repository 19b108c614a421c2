"""Demo quality management: accreditation, monitoring, post-clearance inspection, marking."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import User

from minefree.hazards.models import HazardArea, LandReleaseActivity
from minefree.organisations.models import Organisation, Team
from minefree.quality import actions

LAST = dt.date(2026, 6, 30)


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def build_quality(rng: random.Random) -> None:
    qa = User.objects.get(username="tnmac.qa")
    operators = list(Organisation.objects.filter(acronym__in=["HDC", "NPA", "FSD", "UST"]))
    for team in Team.objects.filter(organisation__in=operators):
        for start in (dt.date(2017, 3, 1), dt.date(2020, 3, 1), dt.date(2023, 3, 1)):
            actions.accredit(
                qa,
                organisation=team.organisation,
                team=team,
                activities=team.get_capability_display(),
                accredited_on=start + dt.timedelta(days=rng.randint(0, 60)),
                expires_on=start + dt.timedelta(days=3 * 365),
            )
    sites = {org.pk: list(HazardArea.objects.filter(operator=org).order_by("pk")) for org in operators}
    for year in range(2019, 2026):
        for _ in range(25):
            org = rng.choice(operators)
            hazard = rng.choice(sites[org.pk]) if sites[org.pk] and rng.random() < 0.7 else None
            result = rng.choices(["satisfactory", "minor", "major"], weights=[80, 15, 5])[0]
            visit = actions.record_visit(
                qa,
                organisation=org,
                hazard=hazard,
                visited_on=_day(rng, dt.date(year, 4, 1), dt.date(year, 10, 31)),
                result=result,
                findings=""
                if result == "satisfactory"
                else rng.choice(
                    [
                        "Lane marking tapes missing on two lanes.",
                        "Detector check not recorded that morning.",
                        "Medic more than the allowed distance from the worksite.",
                        "Excavation depth below standard.",
                    ]
                ),
            )
            for nc in visit.non_conformities.all():
                corrective = actions.plan_corrective_action(
                    qa,
                    nc,
                    action="Retrain the team and re-check the site.",
                    due_on=nc.raised_on + dt.timedelta(days=30),
                )
                if nc.raised_on + dt.timedelta(days=45) <= LAST and rng.random() < 0.85:
                    actions.complete_corrective_action(qa, corrective, nc.raised_on + dt.timedelta(days=25))
                    actions.close_non_conformity(qa, nc, nc.raised_on + dt.timedelta(days=40))
    cleared = LandReleaseActivity.objects.filter(
        kind="clear", end_date__gte=dt.date(2015, 1, 1), end_date__lte=dt.date(2026, 3, 1)
    ).order_by("pk")
    for n, activity in enumerate(cleared):
        if n % 10:
            continue
        found = 1 if n == 40 else 0  # one inspection finds a mine in land released as clear
        actions.inspect(
            qa,
            activity=activity,
            inspected_on=min(activity.end_date + dt.timedelta(days=rng.randint(10, 60)), LAST),
            sample_m2=max(1, int(activity.area_m2 * 0.1)),
            items_found=found,
        )
    for hazard in HazardArea.objects.filter(
        status__in=["open", "worked_on", "suspended"], classification="CHA"
    ).order_by("reference")[:40]:
        marked = _day(rng, max(hazard.recorded_on, dt.date(2015, 1, 1)), dt.date(2022, 12, 31))
        marking = actions.record_marking(
            qa,
            hazard=hazard,
            organisation=hazard.operator or operators[0],
            marked_on=marked,
            method=rng.choice(["signs", "signs", "fence", "painted"]),
            signs=rng.randint(6, 40),
        )
        for year in range(marked.year + 1, 2026):
            intact = rng.random() < 0.85
            actions.check_marking(
                qa,
                marking,
                checked_on=_day(rng, dt.date(year, 5, 1), dt.date(year, 9, 30)),
                intact=intact,
                notes="" if intact else "Signs removed, probably for scrap metal.",
            )
