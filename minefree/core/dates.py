"""The one rule for a date of information: not in the future (the home country's today), not absurdly old."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _

from minefree.core.errors import ActionError


def earliest_day() -> dt.date:
    return dt.date.fromisoformat(settings.MINEFREE_EARLIEST_DATE)


def day_problem(day: dt.date) -> str | None:
    """Why `day` cannot be a date of information, or None."""
    from minefree.gazetteer.home import local_today

    if day > local_today():
        return _("%(day)s is in the future.") % {"day": day}
    if day < earliest_day():
        return _("%(day)s is before %(earliest)s; check the year.") % {"day": day, "earliest": earliest_day()}
    return None


def check_day(day: dt.date, field: str) -> None:
    problem = day_problem(day)
    if problem:
        raise ActionError(problem, field=field)
