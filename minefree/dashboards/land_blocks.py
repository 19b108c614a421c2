"""Dashboard blocks built from querysets the caller chose (restricted for a user, or the national
record for the public page). Every number is an SQL aggregate from `reporting.land` and
`reporting.pillars`, or a grouped count here; nothing here reads a row's place or person.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from minefree.dashboards.blocks import CURRENT_STATE, LATEST_INFORMATION, Block, Column, latest
from minefree.dashboards.charts import Plot
from minefree.gazetteer.models import AdminArea
from minefree.hazards.models import HazardAreaState, LandReleaseActivity, Method
from minefree.reporting import land

KINDS = ("cancel", "reduce", "clear")
GROUPS = ("girls", "boys", "women", "men")


def kind_labels() -> dict[str, str]:
    return {"cancel": _("Cancelled"), "reduce": _("Reduced"), "clear": _("Cleared")}


def group_labels() -> dict[str, str]:
    return {"girls": _("Girls"), "boys": _("Boys"), "women": _("Women"), "men": _("Men")}


def regions(country: str | None) -> list[dict[str, Any]]:
    """Level-1 admin areas of the country (public reference data), without their boundaries."""
    rows = AdminArea.objects.filter(level=1, country__code=country).order_by("name").values("id", "code", "name")
    return [dict(row) for row in rows]


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
    if start:
        activities = activities.filter(end_date__gte=start)
    if end:
        activities = activities.filter(end_date__lte=end)
    return latest(activities, "end_date")


def _released_columns() -> list[Column]:
    labels = kind_labels()
    return [Column(kind, labels[kind] + " (m²)") for kind in KINDS] + [Column("released", _("Total (m²)"))]


def _kind_values(kinds: dict[str, int]) -> list[int]:
    values = [kinds.get(kind, 0) for kind in KINDS]
    return [*values, sum(values)]


def _kind_plot(categories: list[str], rows: list[list[Any]], offset: int) -> Plot:
    labels = kind_labels()
    return Plot("bar", categories, [(labels[k], [row[offset + i] for row in rows]) for i, k in enumerate(KINDS)])


def released_by_year(activities: QuerySet[LandReleaseActivity], country: str | None) -> Block:
    report = land.released(activities, country=country)
    rows = [[int(year), *_kind_values(kinds)] for year, kinds in report["years"].items()]
    return Block(
        "released-by-year",
        _("Land released by year"),
        released_as_of(activities, country),
        LATEST_INFORMATION,
        [Column("year", _("Year")), *_released_columns()],
        rows,
        _kind_plot([str(r[0]) for r in rows], rows, 1),
        summary=[("total_m2", _("Total released (m²)"), report["total_m2"])],
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
        rows = [[*names[key], *_kind_values(totals[key])] for key in names if key in totals]
        first = [Column("region_code", _("Region code")), Column("region", _("Region"))]
        title, offset = _("Land released by region"), 2
    else:
        method_labels = dict(Method.choices)
        label = (lambda k: str(method_labels.get(k, k))) if by == "method" else str
        rows = [[label(key), *_kind_values(kinds)] for key, kinds in sorted(totals.items())]
        first = [Column(by, _("Operator") if by == "operator" else _("Method"))]
        title = _("Land released by operator") if by == "operator" else _("Land released by method")
        offset = 1
    return Block(
        f"released-by-{by}",
        in_year(title, year),
        released_as_of(activities, country, start, end),
        LATEST_INFORMATION,
        [*first, *_released_columns()],
        rows,
        _kind_plot([str(r[offset - 1]) for r in rows], rows, offset),
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
        [area["code"], area["name"], int(year), *_kind_values(grouped[area["id"]][year])]
        for year in years
        for area in areas
        if year in grouped.get(area["id"], {})
    ]
    series = [
        (area["name"], [_kind_values(grouped.get(area["id"], {}).get(year, {}))[-1] for year in years])
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
            *_released_columns(),
        ],
        rows,
        Plot("bar", years, series),
        note=_("The table shows the chart's totals (m²); the CSV and JSON add cancelled, reduced and cleared."),
        table_from_plot=True,
    )


def _first_year(states: QuerySet[HazardAreaState], country: str | None, today: dt.date) -> int:
    start = states.filter(hazard__country__code=country).order_by("valid_from").values_list("valid_from", flat=True)
    first = start.first()
    return first.year if first else today.year


def per_year_end(
    states: QuerySet[HazardAreaState], country: str | None, today: dt.date, first: int
) -> tuple[list[dt.date], list[dict[int, dict[str, float]]]]:
    """Contamination per region at every 31 December from `first`, and today: two grouped queries."""
    days = year_ends(first, today)
    past = land.remaining_at_year_ends(states, first, today.year - 1, country=country) if first < today.year else {}
    figures = [past[day.year] for day in days[:-1]]
    now = land.contamination_by_region(states, today, country=country)
    return days, [*figures, {region: {k: float(v) for k, v in entry.items()} for region, entry in now.items()}]


def contamination_over_time(states: QuerySet[HazardAreaState], country: str | None, today: dt.date) -> Block:
    """Remaining contamination at the end of every year, and today."""
    days, per_day = per_year_end(states, country, today, _first_year(states, country, today))
    keys = ("CHA", "CHA_m2", "SHA", "SHA_m2", "areas", "m2")
    rows: list[list[Any]] = [
        [day.isoformat(), *(round(sum(entry[k] for entry in by_region.values())) for k in keys)]
        for day, by_region in zip(days, per_day, strict=True)
    ]
    return Block(
        "contamination-over-time",
        _("Remaining contamination over time"),
        today,
        CURRENT_STATE,
        [
            Column("date", _("Date")),
            Column("cha_areas", _("CHA")),
            Column("cha_m2", _("CHA (m²)")),
            Column("sha_areas", _("SHA")),
            Column("sha_m2", _("SHA (m²)")),
            Column("areas", _("Areas")),
            Column("m2", _("Total (m²)")),
        ],
        rows,
        Plot(
            "bar",
            [str(d.year) for d in days],
            [(_("CHA (m²)"), [r[2] for r in rows]), (_("SHA (m²)"), [r[4] for r in rows])],
        ),
        note=_("At 31 December of each year; the last column is today."),
    )


def remaining_by_region(states: QuerySet[HazardAreaState], country: str | None, today: dt.date) -> Block:
    by_region = land.contamination_by_region(states, today, country=country)
    empty = {"CHA": 0, "CHA_m2": 0, "SHA": 0, "SHA_m2": 0, "areas": 0, "m2": 0}
    # Regions the reader sees any hazard in, ever: a region cleared to nothing still shows its 0.
    seen = set(
        states.filter(hazard__country__code=country)
        .annotate(region=land.region_of("hazard__"))
        .values_list("region", flat=True)
        .distinct()
    )
    rows = []
    for area in regions(country):
        if area["id"] not in seen:
            continue
        r = by_region.get(area["id"], empty)
        rows.append([area["code"], area["name"], r["CHA"], r["CHA_m2"], r["SHA"], r["SHA_m2"], r["areas"], r["m2"]])
    return Block(
        "remaining-by-region",
        _("Contamination remaining by region"),
        today,
        CURRENT_STATE,
        [
            Column("region_code", _("Region code")),
            Column("region", _("Region")),
            Column("cha_areas", _("CHA")),
            Column("cha_m2", _("CHA (m²)")),
            Column("sha_areas", _("SHA")),
            Column("sha_m2", _("SHA (m²)")),
            Column("areas", _("Areas")),
            Column("m2", _("Total (m²)")),
        ],
        rows,
        Plot(
            "bar", [r[1] for r in rows], [(_("CHA (m²)"), [r[3] for r in rows]), (_("SHA (m²)"), [r[5] for r in rows])]
        ),
        summary=[("areas", _("Areas"), sum(r[6] for r in rows)), ("m2", _("Total (m²)"), sum(r[7] for r in rows))],
    )


def remaining_by_region_year(
    states: QuerySet[HazardAreaState], country: str | None, today: dt.date, first: int | None = None
) -> Block:
    """Remaining contamination per region at the end of every year (long format)."""
    areas = regions(country)
    days, per_day = per_year_end(states, country, today, first or _first_year(states, country, today))
    rows = [
        [
            area["code"],
            area["name"],
            day.year,
            round(by_region[area["id"]]["areas"]),
            round(by_region[area["id"]]["m2"]),
        ]
        for day, by_region in zip(days, per_day, strict=True)
        for area in areas
        if area["id"] in by_region
    ]
    shown = [area for area in areas if any(area["id"] in by_region for by_region in per_day)]
    series = [
        (area["name"], [round(by_region.get(area["id"], {}).get("m2", 0)) for by_region in per_day]) for area in shown
    ]
    return Block(
        "remaining-by-region-year",
        _("Contamination remaining by region and year"),
        today,
        CURRENT_STATE,
        [
            Column("region_code", _("Region code")),
            Column("region", _("Region")),
            Column("year", _("Year")),
            Column("areas", _("Areas")),
            Column("m2", _("Total (m²)")),
        ],
        rows,
        Plot("bar", [str(d.year) for d in days], series),
        note=_(
            "At 31 December of each year; the current year is today. "
            "The table shows m²; the CSV and JSON add the number of areas."
        ),
        table_from_plot=True,
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
        Plot("bar", [r[0] for r in rows], [(_("m² per deminer-day"), [r[4] for r in rows])]),
        note=_(
            "Deminer-days = team size (women + men) × working days from start to end date, both counted. "
            "%(n)s activities without a team (or with an empty one) are left out."
        )
        % {"n": report["excluded"]},
        summary=[("excluded", _("Activities left out (no team)"), report["excluded"])],
    )


def treaty_progress(
    states: QuerySet[HazardAreaState],
    country: str | None,
    today: dt.date,
    baseline: dt.date | None,
    deadline: dt.date | None,
) -> Block | None:
    """Remaining land against a straight path from the baseline to nothing at the deadline."""
    if not baseline or not deadline or deadline <= baseline:
        return None
    start = land.contamination(states, baseline, country=country)["total"]["m2"]
    span = (deadline - baseline).days

    def target(day: dt.date) -> int:
        return max(round(start * (1 - (day - baseline).days / span)), 0)

    days = [baseline] + [d for d in year_ends(baseline.year, min(today, deadline)) if d > baseline]
    if today > deadline:
        days.append(today)
    rows = [
        [day.isoformat(), land.contamination(states, day, country=country)["total"]["m2"], target(day)] for day in days
    ]
    remaining = rows[-1][1]
    done = round(100 * (start - remaining) / start, 1) if start else 100.0
    elapsed = round(min(100 * (today - baseline).days / span, 100), 1)
    years_left = max((deadline - today).days / 365.25, 0)
    needed = round(remaining / years_left) if years_left else None
    return Block(
        "treaty-progress",
        _("Progress towards the treaty deadline"),
        today,
        CURRENT_STATE,
        [Column("date", _("Date")), Column("m2", _("Remaining (m²)")), Column("target_m2", _("On track (m²)"))],
        rows,
        Plot(
            "line",
            [r[0][:4] if r[0].endswith("-12-31") else r[0][:7] for r in rows],
            [(_("Remaining (m²)"), [r[1] for r in rows]), (_("On track (m²)"), [r[2] for r in rows])],
        ),
        note=_(
            "Baseline %(baseline)s, deadline %(deadline)s; "
            "the dashed line falls evenly from the baseline to nothing at the deadline."
        )
        % {"baseline": baseline.isoformat(), "deadline": deadline.isoformat()},
        summary=[
            ("baseline_m2", _("Remaining at baseline (m²)"), start),
            ("remaining_m2", _("Remaining today (m²)"), remaining),
            ("addressed_pct", _("Addressed since baseline (%)"), done),
            ("time_elapsed_pct", _("Time elapsed (%)"), elapsed),
            ("needed_m2_per_year", _("Needed per year to finish on time (m²)"), needed),
        ],
    )
