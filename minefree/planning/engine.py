"""The completion forecast: capacity worked day by day against the remaining land.

Pure arithmetic over `params` values (no database), deterministic, documented in
docs/planning.md with its formulas. Each working day, every pool of capacity (machines, then
dogs, then deminers) is shared among the districts in season that still have its kind of work,
in proportion to the unit-days of that work each district still needs.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from minefree.core.errors import ActionError
from minefree.planning.params import (
    DOGS,
    MANUAL,
    MECHANICAL,
    SURVEY,
    Capacity,
    DistrictWork,
    Parameters,
    WorkRow,
)

EPSILON_M2 = 1e-6  # floating-point dust; a district with less than this left is done


def check(params: Parameters, capacity: Capacity, as_of: dt.date, start: dt.date) -> None:
    """Refuse bad parameters with the field named, before anything is computed or written."""
    errors: dict[str, list[str]] = {}
    for name in ("deminers", "machines", "dogs", "teams"):
        value = getattr(capacity, name)
        if value is not None and value < 0:
            errors[name] = [_("%(name)s must be zero or more, not %(value)s.") % {"name": name, "value": value}]
    if capacity.teams is not None and 0 <= capacity.teams * params.deminers_per_team < capacity.deminers:
        errors["teams"] = [
            _("%(teams)s teams of %(size)s cannot hold %(deminers)s deminers.")
            % {"teams": capacity.teams, "size": params.deminers_per_team, "deminers": capacity.deminers}
        ]
    if params.deminers_per_team < 1:
        errors["deminers_per_team"] = [_("A team needs at least 1 deminer.")]
    for name in ("team_year_usd", "machine_year_usd", "dog_year_usd", "overhead_year_usd"):
        value = getattr(params, name)
        if not math.isfinite(value) or value < 0:
            errors[name] = [_("A cost must be zero or more.")]
    for code, share in params.survey_share.items():
        if not 0 <= share <= 1:
            errors[f"{code.lower()}_survey_share"] = [
                _("The survey share of %(code)s land must be between 0 and 1.") % {"code": code}
            ]
    bad = [
        f"{method} in band {band}"
        for (method, band), value in sorted(params.productivity.items())
        if not math.isfinite(value) or value <= 0
    ]
    missing = [
        f"{method} in band {band}"
        for band in sorted(params.bands)
        for method in (SURVEY, MANUAL, MECHANICAL, DOGS)
        if (method, band) not in params.productivity
    ]
    if bad or missing:
        errors["productivity"] = [
            *([_("Productivity must be more than zero: %(rows)s.") % {"rows": ", ".join(bad)}] if bad else []),
            *([_("Productivity missing: %(rows)s.") % {"rows": ", ".join(missing)}] if missing else []),
        ]
    for band in params.bands.values():
        if not 1 <= band.season_days <= 366:
            errors[f"band_{band.code}_season_days"] = [
                _("The season of band %(code)s must last 1 to 366 days.") % {"code": band.code}
            ]
    if params.default_band not in params.bands:
        errors["default_band"] = [_("No altitude band %(code)s.") % {"code": params.default_band}]
    unknown = sorted({b for b in params.district_bands.values() if b not in params.bands})
    if unknown:
        errors["district_bands"] = [_("No altitude band %(code)s.") % {"code": ", ".join(unknown)}]
    if start < as_of:
        errors["start"] = [
            _("The start (%(start)s) is before the baseline date (%(as_of)s).") % {"start": start, "as_of": as_of}
        ]
    if params.deadline is not None and params.deadline < as_of:
        errors["deadline"] = [
            _("The deadline (%(deadline)s) is before the baseline date (%(as_of)s).")
            % {"deadline": params.deadline, "as_of": as_of}
        ]
    if errors:
        raise ActionError(errors)


def split_work(rows: list[WorkRow], params: Parameters, capacity: Capacity) -> list[DistrictWork]:
    """Remaining land per district, split into survey, mechanical and manual work (m²)."""
    districts: dict[str, DistrictWork] = {}
    for row in rows:
        work = districts.setdefault(
            row.district,
            DistrictWork(
                row.district,
                row.district_name,
                row.region,
                row.region_name,
                params.district_bands.get(row.district, params.default_band),
            ),
        )
        survey = row.m2 * params.survey_share.get(row.classification, 0.0)
        clearance = row.m2 - survey
        work.areas += row.areas
        work.m2 += row.m2
        work.by_class[row.classification] = work.by_class.get(row.classification, 0.0) + row.m2
        work.survey += survey
        # Without machines, land suitable for them is cleared by hand like the rest.
        if row.mechanical_suitable and capacity.machines > 0:
            work.mechanical += clearance
        else:
            work.manual += clearance
    return [districts[code] for code in sorted(districts)]


def _shares(units: float, needs: list[float]) -> list[float]:
    """Unit-days each district gets: all it needs if the pool covers everyone, else pro rata."""
    total = sum(needs)
    if units <= 0 or total <= 0:
        return [0.0 for _ in needs]
    if units >= total:
        return list(needs)
    return [units * need / total for need in needs]


def _dust(value: float) -> float:
    return 0.0 if value < EPSILON_M2 else value


def _pool(
    active: list[DistrictWork],
    units: int,
    need: Callable[[DistrictWork], float],
    spend: Callable[[DistrictWork, float], dict[str, float]],
    released: dict[str, float],
) -> None:
    """Share one pool's unit-days among the active districts and record the land it releases."""
    for work, days in zip(active, _shares(units, [need(w) for w in active]), strict=True):
        if days > 0:
            for method, m2 in spend(work, days).items():
                released[method] = released.get(method, 0.0) + m2


def horizon_end(start: dt.date, years: int) -> dt.date:
    return start + dt.timedelta(days=round(365.25 * years))


def simulate(
    districts: list[DistrictWork], params: Parameters, capacity: Capacity, start: dt.date
) -> tuple[dict[str, dt.date], dict[int, dict[str, float]]]:
    """Work day by day from `start`; the day each district finishes, and m² released per year by method."""
    p = params.productivity
    done: dict[str, dt.date] = {}
    by_year: dict[int, dict[str, float]] = {}
    pending = [w for w in districts if w.survey + w.mechanical + w.manual > EPSILON_M2]
    last = horizon_end(start, params.horizon_years)

    def machine_work(w: DistrictWork, days: float) -> dict[str, float]:
        m2 = min(w.mechanical, days * p[(MECHANICAL, w.band)])
        w.mechanical = _dust(w.mechanical - m2)
        return {MECHANICAL: m2}

    def dog_work(w: DistrictWork, days: float) -> dict[str, float]:
        m2 = min(w.manual, days * p[(DOGS, w.band)])
        w.manual = _dust(w.manual - m2)
        return {DOGS: m2}

    def deminer_work(w: DistrictWork, days: float) -> dict[str, float]:
        # Survey first: it decides what is left to clear.
        survey_days = min(days, w.survey / p[(SURVEY, w.band)])
        surveyed = min(w.survey, survey_days * p[(SURVEY, w.band)])
        w.survey = _dust(w.survey - surveyed)
        cleared = min(w.manual, (days - survey_days) * p[(MANUAL, w.band)])
        w.manual = _dust(w.manual - cleared)
        return {SURVEY: surveyed, MANUAL: cleared}

    day = start
    while pending and day <= last:
        season = {code: band.in_season(day) for code, band in params.bands.items()}
        active = [w for w in pending if season[w.band]]
        if active:
            released = by_year.setdefault(day.year, {})
            _pool(active, capacity.machines, lambda w: w.mechanical / p[(MECHANICAL, w.band)], machine_work, released)
            _pool(active, capacity.dogs, lambda w: w.manual / p[(DOGS, w.band)], dog_work, released)
            _pool(
                active,
                capacity.deminers,
                lambda w: w.survey / p[(SURVEY, w.band)] + w.manual / p[(MANUAL, w.band)],
                deminer_work,
                released,
            )
            for w in active:
                if w.survey + w.mechanical + w.manual <= EPSILON_M2:
                    done[w.code] = day
            pending = [w for w in pending if w.code not in done]
        day += dt.timedelta(days=1)
    return done, by_year


def teams_of(params: Parameters, capacity: Capacity) -> int:
    if capacity.teams is not None:
        return capacity.teams
    return math.ceil(capacity.deminers / params.deminers_per_team)


def annual_budget(params: Parameters, capacity: Capacity) -> float:
    """One full year of the programme: teams, machines and dogs are paid all year, in season or not."""
    return (
        teams_of(params, capacity) * params.team_year_usd
        + capacity.machines * params.machine_year_usd
        + capacity.dogs * params.dog_year_usd
        + params.overhead_year_usd
    )


def budget_by_year(annual: float, start: dt.date, end: dt.date) -> dict[str, int]:
    """The annual budget pro rata to the days of each calendar year from `start` to `end` inclusive."""
    years: dict[str, int] = {}
    for year in range(start.year, end.year + 1):
        first, last = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
        length = 366 if calendar.isleap(year) else 365
        years[str(year)] = round(annual * ((last - first).days + 1) / length)
    return years


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def forecast(
    rows: list[WorkRow], params: Parameters, capacity: Capacity, today: dt.date | None = None
) -> dict[str, Any]:
    """Completion per district, region and overall, and the budget per year, as JSON-ready values."""
    as_of = params.as_of or today or dt.date.today()
    start = params.start or as_of + dt.timedelta(days=1)
    check(params, capacity, as_of, start)
    districts = split_work(rows, params, capacity)
    p = params.productivity
    baseline = {
        "survey_m2": round(sum(w.survey for w in districts)),
        "mechanical_m2": round(sum(w.mechanical for w in districts)),
        "manual_m2": round(sum(w.manual for w in districts)),
        "deminer_days": round(sum(w.survey / p[(SURVEY, w.band)] + w.manual / p[(MANUAL, w.band)] for w in districts)),
        "machine_days": round(sum(w.mechanical / p[(MECHANICAL, w.band)] for w in districts)),
    }
    remaining = {
        "areas": sum(w.areas for w in districts),
        "m2": round(sum(w.m2 for w in districts)),
        **{code: round(sum(w.by_class.get(code, 0.0) for w in districts)) for code in ("CHA", "SHA")},
        "mechanical_suitable_m2": round(sum(r.m2 for r in rows if r.mechanical_suitable)),
    }
    done, by_year = simulate(districts, params, capacity, start)
    unfinished = any(w.code not in done for w in districts)
    completion = None if unfinished else max(done.values(), default=as_of)
    deadline = params.deadline

    def meets(day: dt.date | None) -> bool | None:
        if deadline is None:
            return None
        return day is not None and day <= deadline

    regions: dict[str, dict[str, Any]] = {}
    for w in districts:
        region = regions.setdefault(
            w.region, {"code": w.region, "name": w.region_name, "areas": 0, "m2": 0.0, "_days": []}
        )
        region["areas"] += w.areas
        region["m2"] += w.m2
        region["_days"].append(done.get(w.code))
    region_rows = []
    for code in sorted(regions):
        region = regions[code]
        days = region.pop("_days")
        finish = None if None in days else max(days)
        region_rows.append(
            {**region, "m2": round(region["m2"]), "completion_date": _iso(finish), "meets_deadline": meets(finish)}
        )
    annual = annual_budget(params, capacity)
    end = completion or horizon_end(start, params.horizon_years)
    years = budget_by_year(annual, start, end) if districts else {}
    return {
        "scenario": capacity.name or f"{capacity.deminers} deminers",
        "as_of": as_of.isoformat(),
        "start": start.isoformat(),
        "deadline": _iso(deadline),
        "capacity": {
            "deminers": capacity.deminers,
            "teams": teams_of(params, capacity),
            "machines": capacity.machines,
            "dogs": capacity.dogs,
        },
        "remaining": remaining,
        "work": baseline,
        "completion_date": _iso(completion),
        "meets_deadline": meets(completion),
        "annual_budget_usd": round(annual),
        "total_cost_usd": sum(years.values()),
        "budget_by_year": years,
        "released_by_year": {
            str(year): {method: round(m2) for method, m2 in sorted(kinds.items())}
            for year, kinds in sorted(by_year.items())
        },
        "regions": region_rows,
        "districts": [
            {
                "code": w.code,
                "name": w.name,
                "region": w.region,
                "band": w.band,
                "areas": w.areas,
                "m2": round(w.m2),
                "completion_date": _iso(done.get(w.code)),
            }
            for w in districts
        ],
    }
