"""The coordinate systems an export can be written in: WGS 84 (the default) and the home country's
working systems (`gazetteer/home.py`: as set up, else the UTM zones its boundary spans)."""

from __future__ import annotations

import functools

from django.contrib.gis.gdal import SpatialReference
from django.utils.translation import gettext as _

from minefree.core.errors import ActionError
from minefree.gazetteer.home import working_srids

WGS84 = 4326


@functools.lru_cache(maxsize=64)
def crs_name(srid: int) -> str:
    """ "WGS 84 / UTM zone 42N" for 32642, as the EPSG database names it."""
    return SpatialReference(srid).name or f"EPSG:{srid}"


def offered() -> list[int]:
    return [WGS84, *(srid for srid in working_srids() if srid != WGS84)]


def choices() -> list[tuple[int, str]]:
    return [(srid, f"{crs_name(srid)} (EPSG:{srid})") for srid in offered()]


def chosen_srid(value: str) -> int:
    """The export's `crs` option ("32642" or "EPSG:32642"; empty: WGS 84), or ActionError naming it."""
    text = (value or "").strip().upper().removeprefix("EPSG:")
    if not text:
        return WGS84
    allowed = offered()
    if text.isdigit() and int(text) in allowed:
        return int(text)
    codes = ", ".join(f"EPSG:{srid}" for srid in allowed)
    message = _("%(crs)s is not a coordinate system exports offer here; use one of %(codes)s.")
    raise ActionError(message % {"crs": value[:30], "codes": codes}, field="crs")
