"""The coordinate reference systems the service speaks (OGC API - Features Part 2), by URI.

CRS84 (longitude, latitude) is the default; EPSG:4326 is the same datum with latitude first, as its
EPSG definition says, so coordinates are swapped in the database; Web Mercator and the two UTM zones
that cover Tajikistan are projected there too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import AsGeoJSON, Transform
from django.db.models import Func
from django.utils.translation import gettext as _

from minefree.ogcapi.errors import BadParameter

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG = "http://www.opengis.net/def/crs/EPSG/0/"


@dataclass(frozen=True)
class Crs:
    uri: str
    srid: int
    lat_first: bool = False  # EPSG:4326 orders latitude first
    decimals: int = 7  # about 1 cm in degrees; projected systems write centimetres

    @property
    def header(self) -> str:
        return f"<{self.uri}>"


SUPPORTED = (
    Crs(CRS84, 4326),
    Crs(f"{EPSG}4326", 4326, lat_first=True),
    Crs(f"{EPSG}3857", 3857, decimals=2),
    Crs(f"{EPSG}32642", 32642, decimals=2),
    Crs(f"{EPSG}32643", 32643, decimals=2),
)
DEFAULT = SUPPORTED[0]
URIS = tuple(c.uri for c in SUPPORTED)


def parse_crs(value: str | None, parameter: str) -> Crs:
    """The CRS a `crs`, `bbox-crs` or `filter-crs` parameter names (its URI, or EPSG:n for short)."""
    if value is None or value.strip() == "":
        return DEFAULT
    text = value.strip().strip("[]<>")
    if text.upper().startswith("EPSG:"):
        text = EPSG + text[5:]
    if text.upper() in ("CRS84", "OGC:CRS84"):
        text = CRS84
    for crs in SUPPORTED:
        if text == crs.uri:
            return crs
    raise BadParameter(
        parameter,
        _("%(value)s is not a coordinate reference system this service offers; use one of: %(uris)s.")
        % {"value": value[:100], "uris": ", ".join(URIS)},
    )


class SwapAxes(Func):
    """x and y swapped: latitude first for EPSG:4326."""

    function = "ST_FlipCoordinates"
    output_field = GeometryField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="SwapCoordinates", **extra)


def geojson_in(geometry: Any, crs: Crs) -> AsGeoJSON:
    """The geometry as GeoJSON text in `crs`, written by the database."""
    if crs.srid != 4326:
        geometry = Transform(geometry, crs.srid)
    if crs.lat_first:
        geometry = SwapAxes(geometry)
    return AsGeoJSON(geometry, precision=crs.decimals)
