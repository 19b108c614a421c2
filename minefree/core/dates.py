"""The one rule for a date of information: not in the future (the home country's today), not absurdly old."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from minefree.core.errors import ActionError

# Whose "today": the home country's, which the gazetteer plugs in at start-up (gazetteer/apps.py).
_today: Callable[[], dt.date] | None = None


def today_from(provider: Callable[[], dt.date]) -> None:
    global _today
    _today = provider


def today() -> dt.date:
    if _today is None:
        raise ImproperlyConfigured("No today provider: the gazetteer app registers one in its ready().")
    return _today()


def earliest_day() -> dt.date:
    return dt.date.fromisoformat(settings.MINEFREE_EARLIEST_DATE)


def day_problem(day: dt.date, today_is: dt.date | None = None) -> str | None:
    """Why `day` cannot be a date of information, or None. An import checking many rows gives `today_is`."""
    if day > (today_is or today()):
        return _("%(day)s is in the future.") % {"day": day}
    if day < earliest_day():
        return _("%(day)s is before %(earliest)s; check the year.") % {"day": day, "earliest": earliest_day()}
    return None


def check_day(day: dt.date, field: str) -> None:
    problem = day_problem(day)
    if problem:
        raise ActionError(problem, field=field)
