"""A country's outline from a boundaries file: every polygon of one layer joined into one."""

from __future__ import annotations

from pathlib import Path

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.utils.translation import gettext as _

from minefree.core.geometry import as_multipolygon
from minefree.countrysetup.sources import BoundaryFileError, features, layer_names


def outline_from_file(path: Path, layer: str | None = None, label: str = "") -> MultiPolygon:
    label = label or path.name
    layer = layer or layer_names(path, label)[0]
    problems: list[str] = []
    polygons = [polygon for feature in features(path, label, layer, problems) for polygon in feature.geometry]
    if problems:
        raise BoundaryFileError(problems)
    if not polygons:
        message = _("file %(name)s, layer %(layer)s: it holds no polygons.") % {"name": label, "layer": layer}
        raise BoundaryFileError([message])
    joined: GEOSGeometry = MultiPolygon(*polygons, srid=4326).unary_union
    return as_multipolygon(GEOSGeometry(joined.wkt, srid=4326))
