"""`index_cut()`: a spatial filter that uses the spatial index on both engines.

PostGIS's ST_Intersects asks the GiST index by itself; SpatiaLite's Intersects does not, and tests
every row's polygon (67 ms for an overlap check at national scale, 0.9 ms through the index). Filter by
`pk__in=meeting(Model, geom)` (or put `index_cut(Model, geom)` beside a spatial filter) so
SpatiaLite reads its R*Tree first.
"""

from __future__ import annotations

from typing import Any

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.db.models.expressions import RawSQL


def _indexed(model: type[Model], column: str) -> bool:
    """Whether `column` is a geometry column of `model` itself with a spatial index (not a path
    through a relation, nor a computed value)."""
    try:
        field = model._meta.get_field(column)
    except FieldDoesNotExist:
        return False
    return isinstance(field, GeometryField) and bool(field.spatial_index)


def index_cut(model: type[Model], geom: GEOSGeometry, column: str = "geometry") -> Q:
    """Rows whose bounding box meets `geom`'s, through the spatial index.

    On SpatiaLite the R*Tree (`idx_<table>_<column>`, kept by GeoDjango's triggers) is queried
    explicitly; on PostGIS, or for a column without an index of its own, this is no condition at all
    (the GiST index serves the filter itself).
    """
    if connection.vendor != "sqlite" or not _indexed(model, column):
        return Q()
    table = model._meta.db_table
    xmin, ymin, xmax, ymax = geom.extent
    subquery = f'SELECT pkid FROM "idx_{table}_{column}" WHERE xmin <= %s AND xmax >= %s AND ymin <= %s AND ymax >= %s'
    return Q(pk__in=RawSQL(subquery, (xmax, xmin, ymax, ymin)))


def meeting(model: type[Model], geom: GEOSGeometry, column: str = "geometry") -> QuerySet[Any]:
    """The ids of the rows of `model` whose `column` intersects `geom`, as a subquery to filter by
    (`pk__in=meeting(...)`): on its own, so no planner starts from another index (the status of
    100,000 areas) and tests each of their polygons; the spatial index answers it."""
    where = index_cut(model, geom, column)
    return model._default_manager.filter(where, **{f"{column}__intersects": geom}).values("pk")
