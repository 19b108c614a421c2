"""The deployment's home country, read from the data (the NMAC's country), never hard-coded."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.utils import timezone

from minefree.gazetteer.models import Country


def home_country() -> Country | None:
    """Its boundary is left in the database until asked for: most callers want the code, name or
    time zone, and a national boundary is thousands of points read on every page and every write."""
    from minefree.organisations.models import Organisation

    nmac = (
        Organisation.objects.filter(kind=Organisation.Kind.NMAC, country__isnull=False)
        .select_related("country")
        .defer("country__boundary")
        .first()
    )
    return nmac.country if nmac else Country.objects.defer("boundary").order_by("pk").first()


def home_country_code() -> str | None:
    country = home_country()
    return country.code if country else None


def home_time_zone() -> zoneinfo.ZoneInfo:
    """MINEFREE_TIME_ZONE if set, else the home country's zone, else UTC."""
    name = settings.MINEFREE_TIME_ZONE
    if not name:
        country = home_country()
        name = country.time_zone if country else "UTC"
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")  # a mistyped zone in the data must not stop every write


def local_today() -> dt.date:
    """Today where the records are made: a report dated at 02:00 in Dushanbe is not "in the future"."""
    return timezone.localdate(timezone=home_time_zone())


def utm_zones_of(country: Country) -> list[int]:
    """The WGS 84 UTM zones (EPSG codes) the country's boundary spans, west to east."""
    west, south, east, north = country.boundary.extent
    hemisphere = 32600 if (south + north) / 2 >= 0 else 32700
    first, last = (min(60, max(1, int((x + 180) // 6) + 1)) for x in (west, east))
    return [hemisphere + zone for zone in range(first, last + 1)]


def working_srids() -> list[int]:
    """The projected systems the home country works in: as set up, else the UTM zones it spans."""
    country = home_country()
    if country is None:
        return []
    chosen = [int(code) for code in country.working_srids or []]
    return chosen or utm_zones_of(country)
