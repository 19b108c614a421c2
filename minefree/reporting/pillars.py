"""Casualty and funding figures computed from the records (the published tables)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear

from minefree.casualties.models import Casualty
from minefree.funding.models import Funding
from minefree.reporting.period import between

# Report key -> the group stored on each casualty.
GROUPS = {"girls": "girl", "boys": "boy", "women": "woman", "men": "man"}


def _casualties_in(
    qs: QuerySet[Casualty], start: dt.date | None, end: dt.date | None, country: str | None
) -> QuerySet[Casualty]:
    """Casualties of accidents from `start` to `end` (inclusive), in `country` if given."""
    qs = between(qs, "accident__date", start, end)
    return qs.filter(accident__country__code=country) if country else qs


def casualties(
    qs: QuerySet[Casualty], start: dt.date | None = None, end: dt.date | None = None, country: str | None = None
) -> dict[str, Any]:
    """Killed and injured by girls, boys, women, men between two dates (inclusive)."""
    qs = _casualties_in(qs, start, end, country)
    counts = {(g, o): n for g, o, n in qs.values_list("group", "outcome").annotate(n=Count("id"))}
    report: dict[str, Any] = {}
    for plural, single in GROUPS.items():
        report[plural] = {"killed": counts.get((single, "killed"), 0), "injured": counts.get((single, "injured"), 0)}
    report["total"] = {outcome: sum(report[g][outcome] for g in GROUPS) for outcome in ("killed", "injured")}
    return report


def casualties_by_year(
    qs: QuerySet[Casualty], start: dt.date | None = None, end: dt.date | None = None, country: str | None = None
) -> dict[str, dict[str, dict[str, int]]]:
    """Killed and injured per accident year and by girls, boys, women, men: {year: {group: {outcome: n}}}."""
    qs = _casualties_in(qs, start, end, country)
    rows = (
        qs.annotate(year=ExtractYear("accident__date"))
        .values("year", "group", "outcome")
        .annotate(n=Count("id"))
        .order_by("year")
    )
    years: dict[str, dict[str, dict[str, int]]] = {}
    for row in rows:
        year = years.setdefault(
            str(row["year"]), {plural: {"killed": 0, "injured": 0} for plural in (*GROUPS, "total")}
        )
        plural = next(p for p, single in GROUPS.items() if single == row["group"])
        year[plural][row["outcome"]] += row["n"]
        year["total"][row["outcome"]] += row["n"]
    return years


def funding_by_donor(
    qs: QuerySet[Funding], first_year: int | None = None, last_year: int | None = None
) -> dict[str, Any]:
    """Contributions by donor acronym and year in whole US dollars."""
    if first_year:
        qs = qs.filter(year__gte=first_year)
    if last_year:
        qs = qs.filter(year__lte=last_year)
    rows = qs.values("donor__acronym", "donor__name", "year").annotate(usd=Sum("amount_usd")).order_by("year")
    donors: dict[str, dict[str, Any]] = {}
    for row in rows:
        donor = donors.setdefault(row["donor__acronym"], {"name": row["donor__name"], "years": {}})
        donor["years"][str(row["year"])] = round(row["usd"])
    total = sum(usd for donor in donors.values() for usd in donor["years"].values())
    return {"donors": dict(sorted(donors.items())), "total": total}


def funding(qs: QuerySet[Funding], first_year: int | None = None, last_year: int | None = None) -> dict[str, Any]:
    """Contributions by year in whole US dollars."""
    if first_year:
        qs = qs.filter(year__gte=first_year)
    if last_year:
        qs = qs.filter(year__lte=last_year)
    rows = qs.values("year").annotate(usd=Sum("amount_usd")).order_by("year")
    years = {str(row["year"]): round(row["usd"]) for row in rows}
    return {"years": years, "total": sum(years.values())}


def eore_reach(qs: QuerySet[Any], first_year: int | None = None, last_year: int | None = None) -> dict[str, Any]:
    """Risk-education beneficiaries by year and by girls, boys, women, men."""
    if first_year:
        qs = qs.filter(date__year__gte=first_year)
    if last_year:
        qs = qs.filter(date__year__lte=last_year)
    rows = (
        qs.annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(
            sessions=Count("id"),
            girls=Sum("girls"),
            boys=Sum("boys"),
            women=Sum("women"),
            men=Sum("men"),
            total=Sum("total"),
        )
        .order_by("year")
    )
    years = {str(row.pop("year")): row for row in rows}
    return {"years": years, "total": sum(row["total"] for row in years.values())}


def residual_risk(
    finds: QuerySet[Any], home: str | None, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, Any]:
    """Spot tasks (outside any recorded area) and call-outs in land already handed over, by country.

    The home country and cross-border work (any other country) are reported apart.
    """
    from django.db.models import F, Q

    finds = between(finds, "found_on", start, end)
    kinds = {
        "spot_tasks": Q(hazard__isnull=True),
        "call_outs_after_handover": Q(
            hazard__completion__isnull=False, found_on__gt=F("hazard__completion__handed_over_on")
        ),
    }
    countries: dict[str, dict[str, int]] = {}
    for kind, clause in kinds.items():
        for row in finds.filter(clause).values("country__code").annotate(n=Count("id"), items=Sum("quantity")):
            entry = countries.setdefault(
                row["country__code"], {"spot_tasks": 0, "call_outs_after_handover": 0, "items": 0}
            )
            entry[kind] = row["n"]
            entry["items"] += row["items"]
    return {
        "home": home,
        "countries": countries,
        "cross_border": {code: v for code, v in countries.items() if code != home},
    }
