"""Dashboard blocks about land released, and the helpers every block module shares.

Built from querysets the caller chose (restricted for a user, or the national record for the
public page). Every number is an SQL aggregate from `reporting.land`; nothing here reads a
row's place or person.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from minefree.dashboards.blocks import LATEST_INFORMATION, Block, Column, bars, latest
from minefree.dashboards.charts import Plot
from minefree.gazetteer.models import AdminArea, localized
from minefree.hazards.models import LandReleaseActivity, Method
from minefree.reporting import land
from minefree.reporting.period import between

KINDS = ("cancel", "reduce", "clear")
GROUPS = ("girls", "boys", "women", "men")


def kind_labels() -> dict[str, str]:
    return {"cancel": _("Cancelled"), "reduce": _("Reduced"), "clear": _("Cleared")}


def group_labels() -> dict[str, str]:
    return {"girls": _("Girls"), "boys": _("Boys"), "women": _("Women"), "men": _("Men")}


def regions(country: str | None) -> list[dict[str, Any]]:
    """Level-1 admin areas of the country (public reference data), without their boundaries,
    named in the reader's language."""
    rows = (
        AdminArea.objects.filter(level=1, country__code=country).order_by("name").values("id", "code", "name", "names")
    )
    return [{"id": r["id"], "code": r["code"], "name": localized(r["name"], r["names"])} for r in rows]


def year_ends(first: int, today: dt.date) -> list[dt.date]:
    """31 December of every year from `first`, the current year ending today."""
    return [dt.date(year, 12, 31) for year in range(first, today.year)] + [today]


def released_as_of(
    activities: QuerySet[LandReleaseActivity],
    country: str | None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> dt.date | None:
    """The latest end date among the activities a block counted (its "data as of")."""
    if country:
        activities = activities.filter(hazard__country__code=country)
    return latest(between(activities, "end_date", start, end), "end_date")


def released_columns() -> list[Column]:
    labels = kind_labels()
    return [Column(kind, labels[kind] + " (m²)") for kind in KINDS] + [Column("released", _("Total (m²)"))]


def kind_values(kinds: dict[str, int]) -> list[int]:
    values = [kinds.get(kind, 0) for kind in KINDS]
    return [*values, sum(values)]


def _kind_plot(rows: list[list[Any]], offset: int) -> Plot:
    """Bars named by the column before `offset`, stacking cancelled, reduced and cleared from it."""
    labels = kind_labels()
    return bars(rows, offset - 1, [(labels[k], offset + i) for i, k in enumerate(KINDS)])


def released_by_year(activities: QuerySet[LandReleaseActivity], country: str | None) -> Block:
    report = land.released(activities, country=country)
    rows = [[int(year), *kind_values(kinds)] for year, kinds in report["years"].items()]
    return Block(
        "released-by-year",
        _("Land released by year"),
        released_as_of(activities, country),
        LATEST_INFORMATION,
        [Column("year", _("Year")), *released_columns()],
        rows,
        _kind_plot(rows, 1),
        summary=[("total_m2", _("Total released (m²)"), report["total_m2"])],
        what=_("Land release"),
    )


def in_year(title: str, year: int | None) -> str:
    return _("%(title)s in %(year)s") % {"title": title, "year": year} if year else title


def released_by(
    activities: QuerySet[LandReleaseActivity], by: str, country: str | None, year: int | None = None
) -> Block:
    """Land released per region, operator or method: all years together, or one year's."""
    start, end = (dt.date(year, 1, 1), dt.date(year, 12, 31)) if year else (None, None)
    grouped = land.released_by(activities, by, start, end, country=country)
    totals = {key: _sum_years(years) for key, years in grouped.items()}
    if by == "region":
        names = {r["id"]: (r["code"], r["name"]) for r in regions(country)}
        rows = [[*names[key], *kind_values(totals[key])] for key in names if key in totals]
        first = [Column("region_code", _("Region code")), Column("region", _("Region"))]
        title, offset = _("Land released by region"), 2
    else:
        method_labels = dict(Method.choices)
        label = (lambda k: str(method_labels.get(k, k))) if by == "method" else str
        rows = [[label(key), *kind_values(kinds)] for key, kinds in sorted(totals.items())]
        first = [Column(by, _("Operator") if by == "operator" else _("Method"))]
        title = _("Land released by operator") if by == "operator" else _("Land released by method")
        offset = 1
    return Block(
        f"released-by-{by}",
        in_year(title, year),
        released_as_of(activities, country, start, end),
        LATEST_INFORMATION,
        [*first, *released_columns()],
        rows,
        _kind_plot(rows, offset),
        what=_("Land release"),
    )


def _sum_years(years: dict[str, dict[str, int]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for kinds in years.values():
        for kind, m2 in kinds.items():
            total[kind] = total.get(kind, 0) + m2
    return total


def released_by_region_year(activities: QuerySet[LandReleaseActivity], country: str | None) -> Block:
    """Region by year, long format (one row per region and year); the chart stacks regions by year."""
    grouped = land.released_by(activities, "region", country=country)
    areas = regions(country)
    years = sorted({year for by_year in grouped.values() for year in by_year})
    rows = [
        [area["code"], area["name"], int(year), *kind_values(grouped[area["id"]][year])]
        for year in years
        for area in areas
        if year in grouped.get(area["id"], {})
    ]
    series = [
        (area["name"], [kind_values(grouped.get(area["id"], {}).get(year, {}))[-1] for year in years])
        for area in areas
        if area["id"] in grouped
    ]
    return Block(
        "released-by-region-year",
        _("Land released by region and year"),
        released_as_of(activities, country),
        LATEST_INFORMATION,
        [
            Column("region_code", _("Region code")),
            Column("region", _("Region")),
            Column("year", _("Year")),
            *released_columns(),
        ],
        rows,
        Plot("bar", years, series),
        note=_("The table shows the chart's totals (m²); the CSV and JSON add cancelled, reduced and cleared."),
        table_from_plot=True,
        what=_("Land release"),
    )


def productivity(activities: QuerySet[LandReleaseActivity], country: str | None, year: int | None = None) -> Block:
    """m² per deminer-day by method (formula: reporting.land.productivity), in the country's hazards."""
    if country:
        activities = activities.filter(hazard__country__code=country)
    start, end = (dt.date(year, 1, 1), dt.date(year, 12, 31)) if year else (None, None)
    report = land.productivity(activities, start, end)
    method_labels = dict(Method.choices)
    rows = [
        [str(method_labels.get(m, m)), r["activities"], r["m2"], r["deminer_days"], r["m2_per_deminer_day"]]
        for m, r in report["methods"].items()
    ]
    return Block(
        "productivity",
        in_year(_("Productivity: m² per deminer-day by method"), year),
        released_as_of(activities, None, start, end),
        LATEST_INFORMATION,
        [
            Column("method", _("Method")),
            Column("activities", _("Activities")),
            Column("released", _("Released (m²)")),
            Column("deminer_days", _("Deminer-days")),
            Column("productivity", _("m² per deminer-day")),
        ],
        rows,
        bars(rows, 0, [(_("m² per deminer-day"), 4)]),
        note=_(
            "Deminer-days = team size (women + men) × working days from start to end date, both counted. "
            "%(n)s activities without a team (or with an empty one) are left out."
        )
        % {"n": report["excluded"]},
        summary=[("excluded", _("Activities left out (no team)"), report["excluded"])],
        what=_("Land release"),
    )
