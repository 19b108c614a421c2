"""The query parameters of an items request, read and checked: each refusal names its parameter."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.contrib.gis.geos import Polygon
from django.http import QueryDict
from django.utils.translation import gettext as _

from minefree.ogcapi.crs import Crs, parse_crs
from minefree.ogcapi.errors import BadParameter

DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
# Parameters every items request may carry; a collection's property names come on top.
COMMON = ("limit", "bbox", "bbox-crs", "crs", "datetime", "filter", "filter-lang", "filter-crs", "after", "before", "f")


@dataclass(frozen=True)
class Period:
    """A day, or days from `start` to `end` (either open: None)."""

    start: dt.date | None
    end: dt.date | None
    instant: bool


@dataclass(frozen=True)
class ItemsQuery:
    limit: int
    crs: Crs
    bbox: Polygon | None  # in WGS 84
    period: Period | None
    equals: dict[str, str]  # property filters: name -> value as given
    filter: str | None
    filter_crs: Crs
    after: int | None
    before: int | None


def parse_limit(value: str | None) -> int:
    if value is None:
        return DEFAULT_LIMIT
    try:
        limit = int(value)
    except ValueError:
        limit = 0
    if not 1 <= limit <= MAX_LIMIT:
        raise BadParameter(
            "limit",
            _("limit must be a whole number from 1 to %(max)s, not %(value)s.")
            % {"max": MAX_LIMIT, "value": value[:40]},
        )
    return limit


def parse_bbox(value: str | None, crs: Crs) -> Polygon | None:
    """bbox=minx,miny,maxx,maxy in `crs` (six numbers with heights are taken, the heights ignored)."""
    if value is None:
        return None
    parts = value.split(",")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
        raise BadParameter("bbox", _("bbox takes four numbers separated by commas: minx,miny,maxx,maxy."))
    if crs.lat_first:  # EPSG:4326: latitude first in the box too
        numbers = [numbers[1], numbers[0], numbers[3], numbers[2]]
    xmin, ymin, xmax, ymax = numbers
    if crs.srid == 4326:
        if not (-180 <= xmin <= 180 and -180 <= xmax <= 180 and -90 <= ymin <= 90 and -90 <= ymax <= 90):
            raise BadParameter("bbox", _("bbox is outside longitudes -180..180 and latitudes -90..90."))
        if xmin > xmax:  # across the antimeridian: no mine action programme needs it yet
            raise BadParameter("bbox", _("bbox crosses the antimeridian (minx > maxx); send two boxes instead."))
    elif xmin > xmax:
        raise BadParameter("bbox", _("bbox has minx greater than maxx."))
    if ymin > ymax:
        raise BadParameter("bbox", _("bbox has miny greater than maxy."))
    box = Polygon.from_bbox((xmin, ymin, xmax, ymax))
    box.srid = crs.srid
    if crs.srid != 4326:
        box.transform(4326)
    return box


def _day(text: str) -> dt.date | None:
    if text in ("..", ""):
        return None
    try:
        if "T" in text or " " in text:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00")).date()
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadParameter(
            "datetime",
            _(
                "datetime takes a date (2024-05-20), a date-time (2024-05-20T00:00:00Z) or an interval "
                "(2024-01-01/2024-12-31, ../2024-12-31, 2024-01-01/..); “%(value)s” is neither."
            )
            % {"value": text[:40]},
        ) from None


def parse_datetime(value: str | None) -> Period | None:
    if value is None:
        return None
    if "/" not in value:
        day = _day(value.strip())
        if day is None:
            raise BadParameter("datetime", _("datetime needs a date, or an interval with a slash."))
        return Period(day, day, instant=True)
    start_text, _slash, end_text = value.strip().partition("/")
    start, end = _day(start_text.strip()), _day(end_text.strip())
    if start and end and start > end:
        raise BadParameter("datetime", _("datetime's interval ends before it starts."))
    return Period(start, end, instant=False)


def parse_key(query: QueryDict, name: str) -> int | None:
    value = query.get(name)
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise BadParameter(name, _("%(name)s must be a feature id from a next or prev link.") % {"name": name})
    return int(value)


def parse_items(query: QueryDict, property_names: tuple[str, ...]) -> ItemsQuery:
    known = set(COMMON) | set(property_names)
    for name in query:
        if name not in known:
            raise BadParameter(
                name,
                _("%(name)s is not a parameter of this collection; it takes %(known)s.")
                % {"name": name[:40], "known": ", ".join(sorted(known))},
            )
    for name in query:
        if len(query.getlist(name)) > 1:
            raise BadParameter(name, _("%(name)s is given more than once.") % {"name": name})
    if query.get("filter-lang", "cql2-text") != "cql2-text":
        raise BadParameter("filter-lang", _("filter-lang must be cql2-text, the only filter language served."))
    fmt = query.get("f", "json")
    if fmt not in ("json", "geojson"):
        raise BadParameter("f", _("f must be json or geojson; this service answers GeoJSON only."))
    if query.get("after") is not None and query.get("before") is not None:
        raise BadParameter("before", _("after and before cannot be given together."))
    return ItemsQuery(
        limit=parse_limit(query.get("limit")),
        crs=parse_crs(query.get("crs"), "crs"),
        bbox=parse_bbox(query.get("bbox"), parse_crs(query.get("bbox-crs"), "bbox-crs")),
        period=parse_datetime(query.get("datetime")),
        equals={name: str(query[name]) for name in property_names if name in query},
        filter=query.get("filter"),
        filter_crs=parse_crs(query.get("filter-crs"), "filter-crs"),
        after=parse_key(query, "after"),
        before=parse_key(query, "before"),
    )


def single(query: QueryDict, allowed: tuple[str, ...]) -> dict[str, Any]:
    """The parameters of a request for one resource: only `allowed`, else 400 naming the stranger."""
    for name in query:
        if name not in allowed:
            raise BadParameter(
                name,
                _("%(name)s is not a parameter here; it takes %(known)s.")
                % {"name": name[:40], "known": ", ".join(allowed) or "none"},
            )
    return {name: str(query[name]) for name in allowed if name in query}
