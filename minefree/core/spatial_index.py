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

_enabled: dict[tuple[str, str, str], bool] = {}


def _indexed(model: type[Model], column: str) -> str | None:
    """The table column of `column` if SpatiaLite keeps a spatial index on it, as its
    `geometry_columns` says (a column altered by a migration can lose it; a path through a relation
    or a computed value has none); else None."""
    try:
        field = model._meta.get_field(column)
    except FieldDoesNotExist:
        return None
    if not isinstance(field, GeometryField) or not field.column:
        return None
    key = (str(connection.settings_dict["NAME"]), model._meta.db_table, str(field.column))
    if key not in _enabled:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT spatial_index_enabled FROM geometry_columns WHERE f_table_name = %s AND f_geometry_column = %s",
                [key[1].lower(), key[2].lower()],
            )
            row = cursor.fetchone()
        _enabled[key] = bool(row and row[0])
    return key[2] if _enabled[key] else None


def index_cut(model: type[Model], geom: GEOSGeometry, column: str = "geometry") -> Q:
    """Rows whose bounding box meets `geom`'s, through the spatial index.

    On SpatiaLite the R*Tree (`idx_<table>_<column>`, kept by GeoDjango's triggers) is queried
    explicitly; on PostGIS, or for a column without an index of its own, this is no condition at all
    (the GiST index serves the filter itself).
    """
    indexed = _indexed(model, column) if connection.vendor == "sqlite" else None
    if indexed is None:
        return Q()
    table = model._meta.db_table
    xmin, ymin, xmax, ymax = geom.extent
    subquery = f'SELECT pkid FROM "idx_{table}_{indexed}" WHERE xmin <= %s AND xmax >= %s AND ymin <= %s AND ymax >= %s'
    return Q(pk__in=RawSQL(subquery, (xmax, xmin, ymax, ymin)))


def meeting(model: type[Model], geom: GEOSGeometry, column: str = "geometry") -> QuerySet[Any]:
    """The ids of the rows of `model` whose `column` intersects `geom`, as a subquery to filter by
    (`pk__in=meeting(...)`): on its own, so no planner starts from another index (the status of
    100,000 areas) and tests each of their polygons; the spatial index answers it."""
    where = index_cut(model, geom, column)
    return model._default_manager.filter(where, **{f"{column}__intersects": geom}).values("pk")
