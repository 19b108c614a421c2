"""One Mapbox vector tile of a collection's rows: the rows the reader may see whose box meets the
tile's, found through the spatial index, with the same properties as the features.

PostGIS writes the tile itself (ST_AsMVTGeom, ST_AsMVT) over the restricted query's SQL. SpatiaLite
has no tile writer: it reads the rows (geometry in Web Mercator as WKB), Shapely clips them to the
tile and `mapbox-vector-tile` encodes them; slower, and said so in docs/gis.md.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Any

import mapbox_vector_tile
import numpy
import shapely
from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import AsWKB, Transform
from django.contrib.gis.geos import Polygon
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import BinaryField, Expression, F, Func, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from minefree.ogcapi.feature_sql import value
from minefree.ogcapi.properties import schema_of
from minefree.ogcapi.registry import Collection
from minefree.ogcapi.rows import Source
from minefree.ogcapi.tilematrix import BUFFER, EXTENT, Tile


class AsMVTGeom(Func):
    """The geometry in the tile's own coordinates, clipped to the tile and its buffer (PostGIS)."""

    output_field = BinaryField()  # never read by Python: ST_AsMVT takes it inside the database

    def __init__(self, expression: Any, tile: Tile) -> None:
        super().__init__(expression)
        self.tile = tile

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        t = self.tile  # whole numbers, checked by `tilematrix.tile`
        template = (
            f"ST_AsMVTGeom(ST_Transform(%(expressions)s, 3857), ST_TileEnvelope({t.z}, {t.x}, {t.y}), "
            f"{EXTENT}, {BUFFER}, true)"
        )
        return self.as_sql(compiler, connection, template=template, **extra_context)


@functools.cache
def _indexed(table: str, column: str) -> bool:
    """Whether SpatiaLite keeps an R*Tree for the column: asked of SpatiaLite itself, since a column
    a migration rebuilt can have lost its index whatever the model says."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT spatial_index_enabled FROM geometry_columns WHERE f_table_name = %s AND f_geometry_column = %s",
            [table, column],
        )
        row = cursor.fetchone()
    return bool(row and row[0] == 1)


def _index_cut(collection: Collection, column: str, box: tuple[float, float, float, float]) -> Q:
    """SpatiaLite's R*Tree asked directly (GeoDjango's lookups do not use it): ids whose box meets `box`."""
    table = collection.model._meta.db_table
    minx, miny, maxx, maxy = box
    sql = f'SELECT pkid FROM "idx_{table}_{column}" WHERE xmin <= %s AND xmax >= %s AND ymin <= %s AND ymax >= %s'
    return Q(pk__in=RawSQL(sql, (maxx, minx, maxy, miny)))


def _near(collection: Collection, column: str, box: tuple[float, float, float, float]) -> Q:
    area = Polygon.from_bbox(box)
    area.srid = 4326
    if connection.vendor != "sqlite":
        return Q(**{f"{column}__bboverlaps": area})  # &&, which asks the GiST index
    try:
        name = getattr(collection.model._meta.get_field(column), "column", None)
    except FieldDoesNotExist:
        name = None  # an annotation (an ordnance find's point from its activity): no index to ask
    if isinstance(name, str) and _indexed(collection.model._meta.db_table, name):
        return _index_cut(collection, name, box)
    return Q(**{f"{column}__intersects": area})


def in_tile(collection: Collection, src: Source, tile: Tile) -> tuple[QuerySet[Any], Expression | F]:
    """The rows to draw in `tile` and the geometry to draw for each."""
    box = tile.degrees(BUFFER / EXTENT)
    where = _near(collection, src.geometry, box)
    shape: Expression | F = F(src.geometry)
    if collection.point:
        where |= Q(**{f"{src.geometry}__isnull": True}) & _near(collection, collection.point, box)
        shape = Coalesce(src.geometry, collection.point, output_field=GeometryField(srid=4326))
    return src.rows.filter(where).order_by(), shape  # a tile has no order: no sort by the model's ordering


def _postgis(collection: Collection, src: Source, rows: QuerySet[Any], shape: Any, tile: Tile) -> bytes:
    props = list(src.props)
    columns = {f"mvt_{i}": value(p, src.paths[p.name], schema_of(collection.model, p)) for i, p in enumerate(props)}
    inner = rows.values(mvt_id=F(src.key), mvt_geom=AsMVTGeom(shape, tile), **columns)
    sql, params = inner.query.sql_with_params()
    quote = connection.ops.quote_name
    named = "".join(f", s.mvt_{i} AS {quote(p.name)}" for i, p in enumerate(props))
    outer = (
        f"SELECT ST_AsMVT(t, %s, {EXTENT}, 'mvt_geom', 'mvt_id') FROM "
        f"(SELECT s.mvt_id, s.mvt_geom{named} FROM ({sql}) AS s WHERE s.mvt_geom IS NOT NULL) AS t"
    )
    with connection.cursor() as cursor:
        cursor.execute(outer, [collection.id, *params])
        row = cursor.fetchone()
    return bytes(row[0]) if row and row[0] is not None else b""


def _plain(value: Any) -> Any:
    """A property value as a vector tile holds it: text, number or boolean (None: left out)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _spatialite(collection: Collection, src: Source, rows: QuerySet[Any], shape: Any, tile: Tile) -> bytes:
    props = list(src.props)
    columns = {f"mvt_{i}": F(src.paths[p.name]) for i, p in enumerate(props)}
    found = list(rows.values_list(src.key, AsWKB(Transform(shape, 3857)), *columns.values()))
    if not found:
        return b""
    shapes = shapely.clip_by_rect(shapely.from_wkb([bytes(r[1]) for r in found]), *tile.mercator(BUFFER / EXTENT))
    # Into the tile's own whole-number coordinates here, all at once (the encoder would go vertex by vertex).
    minx, miny, maxx, maxy = tile.mercator()
    scale = numpy.array([EXTENT / (maxx - minx), EXTENT / (maxy - miny)])
    shapes = shapely.transform(shapes, lambda xy: numpy.rint((xy - [minx, miny]) * scale))
    # Outer rings counter-clockwise here (clockwise once the encoder turns y downwards, as the format
    # wants), all at once: the encoder's own check goes polygon by polygon in Python.
    shapes = shapely.orient_polygons(shapes)
    features = []
    for row, geometry in zip(found, shapes, strict=True):
        if geometry.is_empty:  # its box met the tile's, the shape itself does not
            continue
        properties = {}
        for prop, raw in zip(props, row[2:], strict=True):
            if raw is not None:
                properties[prop.name] = _plain(prop.convert(raw) if prop.convert else raw)
        features.append({"id": row[0], "geometry": geometry, "properties": properties})
    if not features:
        return b""
    layer = {"name": collection.id, "features": features}
    options = {"extents": EXTENT, "check_winding_order": False}
    return bytes(mapbox_vector_tile.encode([layer], default_options=options))


def encode(collection: Collection, src: Source, tile: Tile) -> bytes:
    """The tile's bytes; empty when no feature falls in it."""
    rows, shape = in_tile(collection, src, tile)
    write = _postgis if connection.vendor == "postgresql" else _spatialite
    return write(collection, src, rows, shape, tile)
