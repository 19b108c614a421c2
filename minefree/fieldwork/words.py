"""How long, how far and how many days apart, said in words a reviewer reads at a glance."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def age(since: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """How long a report has waited: "3 days", "5 hours"; the largest unit only, as people say it."""
    if since is None:
        return ""
    return timesince(since, now or timezone.now(), depth=1)


def distance(metres: float) -> str:
    """ "about 120 m away", "about 2.4 km away"; rounded, because centres of drawn polygons are rough."""
    if metres < 10:
        return _("at the same place")
    if metres < 1000:
        return _("about %(n)s m away") % {"n": number_format(round(metres, -1), 0, force_grouping=True)}
    return _("about %(n)s km away") % {"n": number_format(round(metres / 1000, 1), 1)}


def days_apart(days: int) -> str:
    """ "the same day", "1 day apart", "12 days apart"."""
    if days == 0:
        return _("the same day")
    return ngettext("%(n)s day apart", "%(n)s days apart", days) % {"n": number_format(days, force_grouping=True)}
