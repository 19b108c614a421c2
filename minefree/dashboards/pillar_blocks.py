"""Dashboard blocks for casualties, risk education, gender and diversity, quality and funding.

Counts only: casualties by year and sex/age group (never a name, place or accident date), teams
by sex composition, findings by year and severity.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from minefree.casualties.models import Casualty
from minefree.dashboards.blocks import CURRENT_STATE, LATEST_INFORMATION, Block, Column, bars, latest
from minefree.dashboards.charts import Plot
from minefree.dashboards.land_blocks import GROUPS, group_labels
from minefree.funding.models import Funding
from minefree.organisations.models import Team
from minefree.reporting import pillars


def casualties_by_year(casualties: QuerySet[Casualty], country: str | None, accident_dates: bool = True) -> Block:
    """By accident year. With `accident_dates` off (the public page) the block is dated by the latest
    accident's year, so not even the latest accident's date is published."""
    years = pillars.casualties_by_year(casualties, country=country)
    labels = group_labels()
    columns = [Column("year", _("Year"))]
    for group in GROUPS:
        columns += [
            Column(f"{group}_killed", _("%(group)s killed") % {"group": labels[group]}),
            Column(f"{group}_injured", _("%(group)s injured") % {"group": labels[group]}),
        ]
    columns += [Column("killed", _("Killed")), Column("injured", _("Injured"))]
    rows = []
    for year, by_group in years.items():
        row: list[Any] = [int(year)]
        for group in GROUPS:
            row += [by_group[group]["killed"], by_group[group]["injured"]]
        rows.append([*row, by_group["total"]["killed"], by_group["total"]["injured"]])
    series = [(labels[g], [r[1 + 2 * i] + r[2 + 2 * i] for r in rows]) for i, g in enumerate(GROUPS)]
    scoped = casualties.filter(accident__country__code=country) if country else casualties
    as_of = latest(scoped, "accident__date")
    up_to_year = None if accident_dates else (as_of.year if as_of else None)
    return Block(
        "casualties-by-year",
        _("Casualties by sex and age over time"),
        as_of if accident_dates else None,
        LATEST_INFORMATION,
        columns,
        rows,
        Plot("bar", [str(r[0]) for r in rows], series),
        note=_("Killed and injured together in the chart; the table keeps them apart."),
        summary=[
            ("killed", _("Killed"), sum(r[-2] for r in rows)),
            ("injured", _("Injured"), sum(r[-1] for r in rows)),
        ],
        what=_("Accidents"),
        up_to_year=up_to_year,
    )


def eore_reach(sessions: QuerySet[Any]) -> Block:
    report = pillars.eore_reach(sessions)
    labels = group_labels()
    rows = [[int(y), r["sessions"], *(r[g] for g in GROUPS), r["total"]] for y, r in report["years"].items()]
    return Block(
        "eore-reach",
        _("Risk-education reach"),
        latest(sessions, "date"),
        LATEST_INFORMATION,
        [Column("year", _("Year")), Column("sessions", _("Sessions"))]
        + [Column(g, labels[g]) for g in GROUPS]
        + [Column("reached", _("Total"))],
        rows,
        bars(rows, 0, [(labels[g], 2 + i) for i, g in enumerate(GROUPS)]),
        summary=[("reached", _("People reached"), report["total"])],
        what=_("Risk education sessions"),
    )


def beneficiaries_by_sex(sessions: QuerySet[Any]) -> Block:
    """Risk-education beneficiaries, female (girls + women) and male (boys + men), by year."""
    report = pillars.eore_reach(sessions)
    rows = []
    for year, r in report["years"].items():
        female, male = r["girls"] + r["women"], r["boys"] + r["men"]
        share = round(100 * female / (female + male), 1) if female + male else None
        rows.append([int(year), female, male, share])
    return Block(
        "beneficiaries-by-sex",
        _("Risk-education beneficiaries by sex"),
        latest(sessions, "date"),
        LATEST_INFORMATION,
        [
            Column("year", _("Year")),
            Column("female", _("Female")),
            Column("male", _("Male")),
            Column("female_pct", _("Female (%)")),
        ],
        rows,
        bars(rows, 0, [(_("Female"), 1), (_("Male"), 2)]),
        what=_("Risk education sessions"),
    )


def women_in_teams(teams: QuerySet[Team], today: dt.date) -> Block:
    """Active teams' sex composition by organisation, as recorded now."""
    rows = []
    for r in (
        teams.filter(active=True)
        .values("organisation__acronym")
        .annotate(n=Count("id"), women=Sum("women"), men=Sum("men"))
        .order_by("organisation__acronym")
    ):
        staff = r["women"] + r["men"]
        share = round(100 * r["women"] / staff, 1) if staff else None
        rows.append([r["organisation__acronym"], r["n"], r["women"], r["men"], share])
    women, men = sum(r[2] for r in rows), sum(r[3] for r in rows)
    return Block(
        "women-in-teams",
        _("Women in operational teams"),
        today,
        CURRENT_STATE,
        [
            Column("operator", _("Operator")),
            Column("teams", _("Teams")),
            Column("staff_women", _("Women")),
            Column("staff_men", _("Men")),
            Column("staff_women_pct", _("Women (%)")),
        ],
        rows,
        bars(rows, 0, [(_("Women"), 2), (_("Men"), 3)]),
        summary=[("staff_women_pct", _("Women (%)"), round(100 * women / (women + men), 1) if women + men else None)],
        what=_("Teams"),
    )


def quality_findings(visits: QuerySet[Any], inspections: QuerySet[Any], findings: QuerySet[Any]) -> Block:
    """Monitoring visits, post-clearance inspections and non-conformities by severity, per year."""
    years: dict[int, dict[str, int]] = {}

    def add(year: int, key: str, n: int) -> None:
        entry = years.setdefault(
            year, dict.fromkeys(("visits", "inspections", "failed", "minor", "major", "critical", "open"), 0)
        )
        entry[key] += n

    for r in visits.annotate(year=ExtractYear("visited_on")).values("year").annotate(n=Count("id")):
        add(r["year"], "visits", r["n"])
    for r in (
        inspections.annotate(year=ExtractYear("inspected_on"))
        .values("year")
        .annotate(n=Count("id"), failed=Count("id", filter=Q(passed=False)))
    ):
        add(r["year"], "inspections", r["n"])
        add(r["year"], "failed", r["failed"])
    for r in (
        findings.annotate(year=ExtractYear("raised_on"))
        .values("year", "severity")
        .annotate(n=Count("id"), still_open=Count("id", filter=Q(closed_on__isnull=True)))
    ):
        add(r["year"], r["severity"], r["n"])
        add(r["year"], "open", r["still_open"])
    keys = ("visits", "inspections", "failed", "minor", "major", "critical", "open")
    rows = [[year, *(entry[k] for k in keys)] for year, entry in sorted(years.items())]
    dates = [latest(visits, "visited_on"), latest(inspections, "inspected_on"), latest(findings, "raised_on")]
    return Block(
        "quality-findings",
        _("Quality findings"),
        max((d for d in dates if d), default=None),
        LATEST_INFORMATION,
        [
            Column("year", _("Year")),
            Column("visits", _("Monitoring visits")),
            Column("inspections", _("Inspections")),
            Column("failed", _("Inspections failed")),
            Column("minor", _("Minor non-conformities")),
            Column("major", _("Major non-conformities")),
            Column("critical", _("Critical non-conformities")),
            Column("open", _("Still open")),
        ],
        rows,
        bars(rows, 0, [(_("Minor"), 4), (_("Major"), 5), (_("Critical"), 6)]),
        note=_("The chart shows non-conformities by the year they were raised and their severity."),
        what=_("Quality findings"),
    )


def funding_by_donor(funding: QuerySet[Funding]) -> Block:
    report = pillars.funding_by_donor(funding)
    years = sorted({y for donor in report["donors"].values() for y in donor["years"]})
    rows = [
        [code, donor["name"], int(year), donor["years"][year]]
        for year in years
        for code, donor in report["donors"].items()
        if year in donor["years"]
    ]
    series = [(code, [donor["years"].get(y, 0) for y in years]) for code, donor in report["donors"].items()]
    return Block(
        "funding-by-donor",
        _("Funding by donor and year (USD)"),
        latest(funding, "updated_at"),
        LATEST_INFORMATION,
        [
            Column("donor_code", _("Donor")),
            Column("donor", _("Donor name")),
            Column("year", _("Year")),
            Column("usd", _("USD")),
        ],
        rows,
        Plot("bar", years, series),
        summary=[("usd", _("Total (USD)"), report["total"])],
        table_from_plot=True,
        what=_("Funding"),
        up_to_year=max((int(y) for y in years), default=None),
    )
