"""The one way every report narrows rows to a period: a date field between two optional days, inclusive."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def between(qs: QuerySet[M], field: str, start: dt.date | None = None, end: dt.date | None = None) -> QuerySet[M]:
    """Rows whose `field` falls from `start` to `end`, both counted; a missing bound leaves that side open."""
    if start:
        qs = qs.filter(**{f"{field}__gte": start})
    if end:
        qs = qs.filter(**{f"{field}__lte": end})
    return qs
