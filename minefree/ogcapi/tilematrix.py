"""The one tile matrix set served, WebMercatorQuad (OGC Two Dimensional Tile Matrix Set 2.0): the
tiles of web maps, 256 pixels square, zoom 0 (the world) to MAX_ZOOM, rows counted from the top."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from minefree.ogcapi.errors import BadParameter

NAME = "WebMercatorQuad"
URI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
CRS = "http://www.opengis.net/def/crs/EPSG/0/3857"
MAX_ZOOM = 22  # about 4 cm a pixel: deeper than any survey needs
HALF = 20037508.342789244  # half the world's width in EPSG:3857 metres
EXTENT = 4096  # a tile's own coordinates, as every vector tile writer uses
BUFFER = 64  # drawn past the tile's edge so outlines do not break at the seams


def definition() -> dict[str, Any]:
    """The tile matrix set as OGC TMS 2.0 writes it (JSON encoding)."""
    return {
        "id": NAME,
        "title": "Google Maps Compatible for the World",
        "uri": URI,
        "crs": CRS,
        "orderedAxes": ["X", "Y"],
        "wellKnownScaleSet": "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible",
        "tileMatrices": [
            {
                "id": str(z),
                "scaleDenominator": 559082264.0287178 / 2**z,
                "cellSize": 156543.03392804097 / 2**z,
                "cornerOfOrigin": "topLeft",
                "pointOfOrigin": [-HALF, HALF],
                "tileWidth": 256,
                "tileHeight": 256,
                "matrixWidth": 2**z,
                "matrixHeight": 2**z,
            }
            for z in range(MAX_ZOOM + 1)
        ],
    }


@dataclass(frozen=True)
class Tile:
    z: int
    y: int
    x: int

    def mercator(self, margin: float = 0.0) -> tuple[float, float, float, float]:
        """(minx, miny, maxx, maxy) in EPSG:3857, widened by `margin` of the tile's width each side."""
        size = 2 * HALF / 2**self.z
        minx, maxy = -HALF + self.x * size, HALF - self.y * size
        pad = size * margin
        return minx - pad, maxy - size - pad, minx + size + pad, maxy + pad

    def degrees(self, margin: float = 0.0) -> tuple[float, float, float, float]:
        """The same box in longitude and latitude, for the filter on geometries stored in WGS 84."""
        minx, miny, maxx, maxy = self.mercator(margin)

        def lat(y: float) -> float:
            y = max(-HALF, min(HALF, y))
            return math.degrees(math.atan(math.sinh(y / HALF * math.pi)))

        def lon(x: float) -> float:
            return max(-180.0, min(180.0, x / HALF * 180.0))

        return lon(minx), lat(miny), lon(maxx), lat(maxy)


def containing(lon: float, lat: float, z: int) -> Tile:
    """The zoom-z tile holding a point given in degrees."""
    n = 2**z
    row = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    col = (lon + 180) / 360 * n
    return Tile(z, min(n - 1, max(0, int(row))), min(n - 1, max(0, int(col))))


def tile(matrix_set: str, z: str, y: str, x: str) -> Tile:
    """The tile a path names: 400 naming the part that is not a whole number, 404 for one off the matrix."""
    if matrix_set != NAME:
        raise Http404(_("No such tile matrix set; this service has WebMercatorQuad."))
    numbers = {}
    for name, text in (("tileMatrix", z), ("tileRow", y), ("tileCol", x)):
        if not text.isascii() or not text.isdigit() or len(text) > 9:
            raise BadParameter(name, _("%(name)s must be a whole number.") % {"name": name})
        numbers[name] = int(text)
    level = numbers["tileMatrix"]
    if level > MAX_ZOOM:
        raise Http404(_("No such tile matrix: zoom goes from 0 to %(most)d.") % {"most": MAX_ZOOM})
    if numbers["tileRow"] >= 2**level or numbers["tileCol"] >= 2**level:
        raise Http404(_("No such tile: row and column go from 0 to %(last)d at this zoom.") % {"last": 2**level - 1})
    return Tile(level, numbers["tileRow"], numbers["tileCol"])
