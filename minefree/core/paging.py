"""Key-set paging for the HTML lists: `?after=<key>` instead of a growing OFFSET."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from minefree.core.request_checks import BadInput


@dataclass
class Page:
    rows: list[Any]
    next_query: str | None  # the query string of the next page, filters kept
    first_query: str | None  # the query string back to page 1, when not on it


def keyset_page(request: HttpRequest, qs: QuerySet[Any], size: int, key: str = "pk", descending: bool = True) -> Page:
    """One page of `qs` (already ordered by `key`) after the key given in `?after=`."""
    after = request.GET.get("after", "")
    if after and key == "pk" and not (after.isascii() and after.isdigit()):
        raise BadInput(
            _("The paging key %(after)s is not one this list gives; start again from page 1.") % {"after": after}
        )
    if after:
        qs = qs.filter(**{f"{key}__{'lt' if descending else 'gt'}": int(after) if key == "pk" else after})
    rows = list(qs[: size + 1])
    params = request.GET.copy()
    params.pop("after", None)
    first_query = params.urlencode() if after else None
    next_query = None
    if len(rows) > size:
        rows = rows[:size]
        params["after"] = str(getattr(rows[-1], key))
        next_query = params.urlencode()
    return Page(rows, next_query, first_query)
