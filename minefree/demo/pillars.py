"""Demo accidents, casualties and funding that reproduce the published Tajikistan tables."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.contrib.gis.geos import Point

from minefree.casualties import actions as casualty_actions
from minefree.demo.shapes import split_total
from minefree.funding import actions as funding_actions
from minefree.gazetteer.models import AdminArea
from minefree.organisations.models import Organisation

# 1992 to October 2019 (reference/tajikistan.md): (group, killed, injured)
CASUALTIES = [("girl", 13, 16), ("boy", 73, 138), ("woman", 32, 45), ("man", 229, 330)]
DEMINERS_KILLED, DEMINERS_INJURED = 12, 26  # among the men
LAST_FIVE_YEARS = 19  # casualties from November 2014 to October 2019
PUBLISHED_UNTIL = dt.date(2019, 10, 31)
CONTRIBUTIONS = {2013: 5_012_287, 2014: 3_598_942, 2015: 2_713_952, 2016: 2_195_692, 2017: 1_725_093}
DONOR_SHARES = {"PM/WRA": 0.55, "NOR": 0.30, "ICRC": 0.15}
ACCIDENT_DISTRICTS = [
    "TJ-KT-PNJ",
    "TJ-KT-FRK",
    "TJ-KT-SSH",
    "TJ-GB-DRV",
    "TJ-GB-VNJ",
    "TJ-GB-RSH",
    "TJ-RA-RSH",
    "TJ-RA-TJK",
    "TJ-RA-NUR",
]
DEVICES = ["PMN-2", "POMZ-2M", "OZM-72", "PMD-6", "VOG-17", "82 mm mortar", "unknown"]
CIVILIAN_ACTIVITIES = ["herding", "herding", "farming", "firewood", "playing", "travelling", "tampering"]


def _people(rng: random.Random) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(civilian casualties, deminer casualties) as the action takes them, in a seeded order."""
    civilians: list[dict[str, Any]] = []
    deminers: list[dict[str, Any]] = []
    for group, killed, injured in CASUALTIES:
        sex = "female" if group in ("girl", "woman") else "male"
        adult = group in ("woman", "man")
        for outcome, count in (("killed", killed), ("injured", injured)):
            for n in range(count):
                person = {
                    "sex": sex,
                    "outcome": outcome,
                    "adult": adult,
                    "age": rng.randint(19, 68) if adult else rng.randint(5, 17),
                }
                if rng.random() < 0.1:
                    person["age"] = None  # age not recorded; the group comes from the report
                target_deminers = DEMINERS_KILLED if outcome == "killed" else DEMINERS_INJURED
                is_deminer = group == "man" and n < target_deminers
                (deminers if is_deminer else civilians).append(person | {"deminer": is_deminer})
    rng.shuffle(civilians)
    rng.shuffle(deminers)
    return civilians, deminers


def _chunks(people: list[dict[str, Any]], rng: random.Random, sizes: tuple[int, ...]) -> list[list[dict[str, Any]]]:
    groups, i = [], 0
    while i < len(people):
        size = min(rng.choice(sizes), len(people) - i)
        groups.append(people[i : i + size])
        i += size
    return groups


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def build_accidents(user: Any, rng: random.Random) -> None:
    districts = {a.code: a for a in AdminArea.objects.filter(code__in=ACCIDENT_DISTRICTS)}
    tnmac = Organisation.objects.get(acronym="TNMAC")
    hdc = Organisation.objects.get(acronym="HDC")
    civilians, deminers = _people(rng)
    # The 19 most recent casualties are the first accidents of singles and pairs; the rest go before.
    recent = _chunks(civilians[:LAST_FIVE_YEARS], rng, (1, 1, 2))
    older = _chunks(civilians[LAST_FIVE_YEARS:], rng, (1, 1, 1, 2, 2, 3))
    plan = [(g, _day(rng, dt.date(2014, 11, 1), PUBLISHED_UNTIL), "civilian") for g in recent]
    plan += [(g, _day(rng, dt.date(1992, 6, 1), dt.date(2014, 10, 31)), "civilian") for g in older]
    plan += [
        (g, _day(rng, dt.date(2004, 1, 1), dt.date(2014, 10, 31)), "demining")
        for g in _chunks(deminers, rng, (1, 1, 2))
    ]
    # After the published period, so a report for 1992-2019 must leave them out.
    plan += [
        (
            [{"sex": "male", "outcome": "injured", "age": rng.randint(8, 60), "deminer": False}],
            _day(rng, dt.date(2020, 1, 1), dt.date(2025, 12, 31)),
            "civilian",
        )
        for _ in range(6)
    ]
    for people, day, kind in sorted(plan, key=lambda item: item[1]):
        district = districts[rng.choice(ACCIDENT_DISTRICTS)]
        west, south, east, north = district.boundary.extent
        demining = kind == "demining"
        casualty_actions.record_accident(
            user,
            organisation=hdc if demining else tnmac,
            kind=kind,
            date=day,
            admin_area=district,
            activity_at_time="demining" if demining else rng.choice(CIVILIAN_ACTIVITIES),
            casualties=people,
            device=rng.choice(DEVICES),
            location=Point(rng.uniform(west, east), rng.uniform(south, north), srid=4326),
            evidence=[
                {"type": "witness", "description": "Statement of a relative"},
                {"type": "physical", "description": "Fragments recovered at the site"},
            ],
            findings="Victim entered an unmarked suspected area." if not demining else "Drill not followed.",
            corrective_actions="" if not demining else "Refresher training; supervision ratio raised.",
        )


def build_funding(user: Any, rng: random.Random) -> None:
    donors = {a: Organisation.objects.get(acronym=a) for a in DONOR_SHARES}
    recipients = [Organisation.objects.get(acronym=a) for a in ("NPA", "FSD", "TNMAC", "RCST")]
    pillars = ["clearance", "clearance", "eore", "capacity", "victim_assistance"]
    for year, total in CONTRIBUTIONS.items():
        shares = [round(total * share) for share in DONOR_SHARES.values()]
        shares[-1] = total - sum(shares[:-1])
        for (acronym, donor), amount in zip(donors.items(), shares, strict=True):
            parts = rng.randint(1, 3)
            for n, part in enumerate(split_total(amount, parts, rng, spread=0.4), start=1):
                pillar = rng.choice(pillars)
                recipient = rng.choice(recipients)
                funding_actions.record_funding(
                    user,
                    donor=donor,
                    recipient=recipient,
                    year=year,
                    pillar=pillar,
                    amount_usd=Decimal(part),
                    project=f"{acronym} {year}/{n}: {pillar.replace('_', ' ')} with {recipient.acronym}",
                )


EORE_YEARS = range(2013, 2026)
EORE_PER_YEAR = 30_000  # "about 30,000 people a year since 2013"


def build_eore(user: Any, rng: random.Random) -> None:
    """RCST volunteers and teachers do most sessions; community sessions separate women from men."""
    from minefree.education import actions as education_actions

    districts = list(AdminArea.objects.filter(code__in=[*ACCIDENT_DISTRICTS, "TJ-SU-ISF"]))
    partners = [Organisation.objects.get(acronym=a) for a in ("RCST", "RCST", "RCST", "FSD", "UST")]
    for year in EORE_YEARS:
        reach = rng.randint(int(EORE_PER_YEAR * 0.93), int(EORE_PER_YEAR * 1.07))
        for total in split_total(reach, 60, rng, spread=0.7):
            audience = rng.choice(["schoolchildren", "schoolchildren", "community", "shepherds", "farmers"])
            counts: dict[str, Any]
            if audience == "schoolchildren":
                grouping, facilitator = "mixed", "teacher"
                girls = rng.randint(total * 4 // 10, total * 6 // 10)
                counts = {"girls": girls, "boys": total - girls, "women": 0, "men": 0}
            else:
                grouping, facilitator = rng.choice(["female", "male"]), "volunteer"
                adults = total * rng.randint(70, 95) // 100
                counts = (
                    {"girls": total - adults, "boys": 0, "women": adults, "men": 0}
                    if grouping == "female"
                    else {"girls": 0, "boys": total - adults, "women": 0, "men": adults}
                )
            district = rng.choice(districts)
            end = min(dt.date(year, 11, 30), dt.date(2026, 6, 30))
            education_actions.record_session(
                user,
                organisation=rng.choice(partners),
                date=_day(rng, dt.date(year, 3, 1), end),
                admin_area=district,
                place=f"{district.name}, {'school' if grouping == 'mixed' else 'village centre'}",
                facilitator=facilitator,
                audience=audience,
                method=rng.choice(["presentation", "small_group", "theatre"]),
                grouping=grouping,
                materials=total // 2,
                total=total,
                **counts,
            )


GIVEN_NAMES = {
    "female": ["Zarina", "Gulnora", "Madina", "Nigina", "Shahlo", "Farzona", "Mehrona"],
    "male": ["Rustam", "Firdavs", "Sherzod", "Daler", "Bakhtiyor", "Umed", "Jamshed", "Parviz"],
}
FAMILY_NAMES = ["Saidov", "Rahimov", "Nazarov", "Karimov", "Sharipov", "Qodirov", "Umarov", "Aminov"]
INSTITUTIONS = {
    "emergency": "District hospital",
    "rehabilitation": "Dushanbe Orthopaedic Centre",
    "psychological": "RCST psychosocial team",
    "economic": "Livelihood grants (UNDP)",
    "education": "District education department",
    "social": "Social protection agency",
}


def build_victims(user: Any, rng: random.Random) -> None:
    """Survivors injured since 2005 in victim assistance, with referrals; names are invented."""
    from minefree.casualties import assistance
    from minefree.casualties.models import Casualty

    tnmac = Organisation.objects.get(acronym="TNMAC")
    survivors = (
        Casualty.objects.filter(outcome="injured", accident__date__year__gte=2005)
        .select_related("accident__admin_area")
        .order_by("pk")[:60]
    )
    for casualty in survivors:
        family = rng.choice(FAMILY_NAMES) + ("a" if casualty.sex == "female" else "")
        year = casualty.accident.date.year - casualty.age if casualty.age is not None else None
        victim = assistance.register_victim(
            user,
            organisation=tnmac,
            admin_area=casualty.accident.admin_area,
            sex=casualty.sex,
            name=f"{rng.choice(GIVEN_NAMES[casualty.sex])} {family}",
            contact=f"+992 9{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            medical=rng.choice(
                [
                    "Below-knee amputation, left leg",
                    "Fragment wounds, both hands",
                    "Loss of sight, right eye",
                    "Hearing loss",
                    "Burns to the face and arms",
                ]
            ),
            birth_year=year,
            casualty=casualty,
        )
        for need in rng.sample(list(INSTITUTIONS), rng.randint(1, 3)):
            referral = assistance.refer(
                user,
                victim,
                need=need,
                institution=INSTITUTIONS[need],
                referred_on=casualty.accident.date + dt.timedelta(days=rng.randint(5, 120)),
            )
            status = rng.choice(["referred", "in_progress", "provided", "provided", "closed"])
            if status != "referred":
                assistance.set_referral_status(user, referral, status)


def build_residual(user: Any, rng: random.Random) -> None:
    """Spot tasks at home and across the border, and call-outs in land already handed over."""
    from minefree.hazards import actions as hazard_actions
    from minefree.hazards.models import CompletionReport

    fsd, hdc = Organisation.objects.get(acronym="FSD"), Organisation.objects.get(acronym="HDC")
    places = [(code, hdc) for code in ("TJ-KT-PNJ", "TJ-GB-RSH", "TJ-RA-RSH", "TJ-RA-NUR")] * 5
    places += [(code, fsd) for code in ("AF-BDS-DRW", "AF-BDS-SHG")] * 3
    for code, org in places:
        area = AdminArea.objects.get(code=code)
        inner = area.boundary.buffer(-0.02)
        west, south, east, north = inner.extent
        point = Point(rng.uniform(west, east), rng.uniform(south, north), srid=4326)
        while not inner.contains(point):
            point = Point(rng.uniform(west, east), rng.uniform(south, north), srid=4326)
        found = _day(rng, dt.date(2019, 5, 1), dt.date(2026, 5, 31))
        category, kind = rng.choice(
            [("uxo", "VOG-17"), ("uxo", "82 mm mortar"), ("ap_mine", "PMN-2"), ("axo", "RGD-5")]
        )
        hazard_actions.record_ordnance(
            user,
            None,
            organisation=org,
            category=category,
            ordnance_type=kind,
            quantity=rng.randint(1, 3),
            found_on=found,
            disposal="in_situ",
            disposed_on=found,
            location=point,
        )
    for completion in CompletionReport.objects.filter(handed_over_on__lte=dt.date(2024, 12, 31)).order_by("pk")[:8]:
        found = _day(rng, completion.handed_over_on + dt.timedelta(days=30), dt.date(2026, 5, 31))
        hazard_actions.record_ordnance(
            user,
            completion.hazard,
            organisation=completion.organisation,
            category="ap_mine",
            ordnance_type="PMN-2",
            quantity=1,
            found_on=found,
            disposal="in_situ",
            disposed_on=found,
        )
