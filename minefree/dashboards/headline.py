"""The strip of headline figures that opens both dashboards: what remains, how much of the
baseline is addressed, and, in words, whether the Article 5 deadline will be met at today's pace.

Every figure carries the latest date of the data it comes from ("recorded up to ..."), never
"as of today". Built from querysets the caller chose (restricted for a user, the national record
for the public page); only totals leave this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, QuerySet, Sum
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from minefree.funding.models import Funding
from minefree.hazards.models import HazardAreaState, LandReleaseActivity
from minefree.reporting import land

PACE_YEARS = 3  # the pace is the land released per year over this many years
KM2 = 1_000_000


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: str  # formatted for the active language, with its unit
    dated: str  # where the figure comes from and up to when it is recorded
    raw: Any = None  # the unformatted number, for tests and the JSON


def _num(value: float, decimals: int = 0) -> str:
    return number_format(value, decimals, use_l10n=True, force_grouping=True)


def _day(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT", use_l10n=True)


def area_text(m2: float) -> str:
    """Square kilometres with one decimal for large areas, square metres for small ones."""
    if m2 >= KM2 / 10:
        return _("%(km2)s km²") % {"km2": _num(m2 / KM2, 1)}
    return _("%(m2)s m²") % {"m2": _num(m2)}


def _recorded(what: str, day: dt.date | None) -> str:
    if day is None:
        return _("%(what)s: nothing recorded yet") % {"what": what}
    return _("%(what)s recorded up to %(date)s") % {"what": what, "date": _day(day)}


def _states_latest(states: QuerySet[HazardAreaState], country: str | None) -> dt.date | None:
    """The latest day a hazard's state changed: the contamination figures are recorded up to it."""
    value = states.filter(hazard__country__code=country).aggregate(d=Max("valid_from"))["d"]
    return value.date() if isinstance(value, dt.datetime) else value


def pace(activities: QuerySet[LandReleaseActivity], country: str | None) -> tuple[float, dt.date | None]:
    """m² released per year over the PACE_YEARS up to the latest recorded release, and that date."""
    scoped = activities.filter(hazard__country__code=country)
    last = scoped.aggregate(d=Max("end_date"))["d"]
    if last is None:
        return 0.0, None
    start = last - dt.timedelta(days=round(PACE_YEARS * 365.25))
    total = scoped.filter(end_date__gt=start, end_date__lte=last).aggregate(m2=Sum("area_m2"))["m2"] or 0
    return float(total) / PACE_YEARS, last


def deadline_sentence(remaining_m2: float, per_year: float, today: dt.date, deadline: dt.date | None) -> str:
    """Whether the deadline will be met at `per_year`, in words."""
    if deadline is None:
        return _("No deadline recorded.")
    if remaining_m2 <= 0:
        return _("No contaminated land remains: the deadline of %(date)s is met.") % {"date": _day(deadline)}
    if today > deadline:
        return _("The deadline of %(date)s has passed with %(area)s still contaminated.") % {
            "date": _day(deadline),
            "area": area_text(remaining_m2),
        }
    if per_year <= 0:
        return _(
            "No land was released in the last %(n)d years: at this pace the deadline of %(date)s will not be met."
        ) % {"n": PACE_YEARS, "date": _day(deadline)}
    years = remaining_m2 / per_year
    finish = today + dt.timedelta(days=round(years * 365.25))
    parts = {
        "pace": area_text(per_year),
        "area": area_text(remaining_m2),
        "years": _num(years, 1),
        "date": _day(deadline),
    }
    if finish > deadline:
        return (
            _(
                "At the current pace (%(pace)s a year) the remaining %(area)s takes about %(years)s years: "
                "the deadline of %(date)s will not be met."
            )
            % parts
        )
    months = (deadline.year - finish.year) * 12 + deadline.month - finish.month - (deadline.day < finish.day)
    spare = ngettext("%(months)d month", "%(months)d months", months) % {"months": months}
    return _(
        "At the current pace (%(pace)s a year) the remaining %(area)s takes about %(years)s years: "
        "the deadline of %(date)s will be met with %(spare)s to spare."
    ) % {**parts, "spare": spare}


def figures(
    states: QuerySet[HazardAreaState],
    activities: QuerySet[LandReleaseActivity],
    funding: QuerySet[Funding],
    country: str | None,
    today: dt.date,
    baseline: dt.date | None,
    deadline: dt.date | None,
) -> list[Figure]:
    remaining = land.contamination(states, today, country=country)["total"]["m2"]
    states_day = _states_latest(states, country)
    contamination_dated = _recorded(_("Hazardous areas"), states_day)
    strip = [
        Figure(
            "remaining_m2",
            _("Contaminated land remaining"),
            area_text(remaining),
            contamination_dated,
            remaining,
        )
    ]
    if baseline:
        start = land.contamination(states, baseline, country=country)["total"]["m2"]
        done = round(100 * (start - remaining) / start, 1) if start else 100.0
        strip.append(
            Figure(
                "addressed_pct",
                _("Addressed since %(date)s") % {"date": _day(baseline)},
                _("%(pct)s %%") % {"pct": _num(done, 1)},
                _("Of %(area)s at the baseline. %(dated)s.") % {"area": area_text(start), "dated": contamination_dated},
                done,
            )
        )
    else:
        strip.append(Figure("addressed_pct", _("Addressed since the baseline"), "–", _("No baseline recorded."), None))
    per_year, released_day = pace(activities, country)
    strip.append(
        Figure(
            "deadline",
            _("Article 5 deadline"),
            deadline_sentence(remaining, per_year, today, deadline),
            _recorded(_("Land release"), released_day),
            round(per_year),
        )
    )
    money = funding.aggregate(usd=Sum("amount_usd"), year=Max("year"))
    strip.append(
        Figure(
            "funding_usd",
            _("Funding recorded"),
            _("%(usd)s USD") % {"usd": _num(float(money["usd"] or 0))},
            _recorded(_("Funding"), None)
            if money["year"] is None
            else _("Funding recorded up to %(year)s") % {"year": money["year"]},
            round(money["usd"] or 0),
        )
    )
    return strip
