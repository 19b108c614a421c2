"""Dashboard blocks about contamination remaining: over time, by region, against the treaty deadline.

Year-end series come from `reporting.land.remaining_at_year_ends` (one grouped query), today's
figures from `land.contamination` and `land.contamination_by_region`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from minefree.dashboards.blocks import LATEST_INFORMATION, Block, Column, bars, day, short_day
from minefree.dashboards.charts import Plot
from minefree.dashboards.land_blocks import regions, year_ends
from minefree.hazards.models import HazardAreaState
from minefree.reporting import land

# The figures `land.contamination_by_region` gives for each region, and their columns' keys.
FIGURES = ("CHA", "CHA_m2", "SHA", "SHA_m2", "areas", "m2")


def remaining_columns() -> list[Column]:
    return [
        Column("cha_areas", _("CHA")),
        Column("cha_m2", _("CHA (m²)")),
        Column("sha_areas", _("SHA")),
        Column("sha_m2", _("SHA (m²)")),
        Column("areas", _("Areas")),
        Column("m2", _("Total (m²)")),
    ]


def recorded_up_to(states: QuerySet[HazardAreaState], country: str | None) -> dt.date | None:
    """The latest day a hazard's state changed (an approved change): contamination is recorded up to it."""
    value = states.filter(hazard__country__code=country).aggregate(d=Max("valid_from"))["d"]
    return value.date() if isinstance(value, dt.datetime) else value


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
    rows: list[list[Any]] = [
        [day.isoformat(), *(round(sum(entry[k] for entry in by_region.values())) for k in FIGURES)]
        for day, by_region in zip(days, per_day, strict=True)
    ]
    return Block(
        "contamination-over-time",
        _("Remaining contamination over time"),
        recorded_up_to(states, country),
        LATEST_INFORMATION,
        [Column("date", _("Date")), *remaining_columns()],
        rows,
        Plot(
            "bar",
            [str(d.year) for d in days],
            [(_("CHA (m²)"), [r[2] for r in rows]), (_("SHA (m²)"), [r[4] for r in rows])],
        ),
        note=_("At 31 December of each year; the last column is today."),
        what=_("Hazardous areas"),
    )


def remaining_by_region(states: QuerySet[HazardAreaState], country: str | None, today: dt.date) -> Block:
    by_region = land.contamination_by_region(states, today, country=country)
    empty = dict.fromkeys(FIGURES, 0)
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
        rows.append([area["code"], area["name"], *(r[k] for k in FIGURES)])
    return Block(
        "remaining-by-region",
        _("Contamination remaining by region"),
        recorded_up_to(states, country),
        LATEST_INFORMATION,
        [Column("region_code", _("Region code")), Column("region", _("Region")), *remaining_columns()],
        rows,
        bars(rows, 1, [(_("CHA (m²)"), 3), (_("SHA (m²)"), 5)]),
        summary=[("areas", _("Areas"), sum(r[6] for r in rows)), ("m2", _("Total (m²)"), sum(r[7] for r in rows))],
        what=_("Hazardous areas"),
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
        recorded_up_to(states, country),
        LATEST_INFORMATION,
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
        what=_("Hazardous areas"),
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

    def target(when: dt.date) -> int:
        return max(round(start * (1 - (when - baseline).days / span)), 0)

    days = [baseline] + [d for d in year_ends(baseline.year, min(today, deadline)) if d > baseline]
    if today > deadline:
        days.append(today)
    rows = [[d.isoformat(), land.contamination(states, d, country=country)["total"]["m2"], target(d)] for d in days]
    remaining = rows[-1][1]
    done = round(100 * (start - remaining) / start, 1) if start else 100.0
    elapsed = round(min(100 * (today - baseline).days / span, 100), 1)
    years_left = max((deadline - today).days / 365.25, 0)
    needed = round(remaining / years_left) if years_left else None
    return Block(
        "treaty-progress",
        _("Progress towards the treaty deadline"),
        recorded_up_to(states, country),
        LATEST_INFORMATION,
        [Column("date", _("Date")), Column("m2", _("Remaining (m²)")), Column("target_m2", _("On track (m²)"))],
        rows,
        Plot(
            "line",
            [str(d.year) if (d.month, d.day) == (12, 31) else short_day(d) for d in days],
            [(_("Remaining (m²)"), [r[1] for r in rows]), (_("On track (m²)"), [r[2] for r in rows])],
        ),
        note=_(
            "Baseline %(baseline)s, deadline %(deadline)s; "
            "the dashed line falls evenly from the baseline to nothing at the deadline."
        )
        % {"baseline": day(baseline), "deadline": day(deadline)},
        summary=[
            ("baseline_m2", _("Remaining at baseline (m²)"), start),
            ("remaining_m2", _("Remaining today (m²)"), remaining),
            ("addressed_pct", _("Addressed since baseline (%)"), done),
            ("time_elapsed_pct", _("Time elapsed (%)"), elapsed),
            ("needed_m2_per_year", _("Needed per year to finish on time (m²)"), needed),
        ],
        what=_("Hazardous areas"),
    )
