"""Each feature's whole GeoJSON text written by the database, so Python only joins strings (as the
hazard map does, `hazards/views.py`): a page of 10,000 features then costs little more than the raw
query that reads them (`./dev bench`)."""

from __future__ import annotations

from typing import Any

from django.db.models import BigIntegerField, Expression, F, Func, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat

from minefree.core.json_sql import JSONText
from minefree.ogcapi.properties import Prop, whole


class JSONBoolean(Func):
    """A boolean as JSON true/false: SQLite stores 0/1, which json_object would write as numbers."""

    output_field = TextField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="json(CASE WHEN %(expressions)s THEN 'true' ELSE 'false' END)"
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(compiler, connection, template="%(expressions)s")


def value(prop: Prop, path: str, schema: dict[str, Any]) -> Expression | F:
    if prop.convert is whole:
        return Cast(Func(F(path), function="ROUND"), BigIntegerField())  # Round() would go via numeric
    if schema.get("type") == "boolean":
        return JSONBoolean(F(path))
    return F(path)


def feature(key: str, props: list[tuple[Prop, str, dict[str, Any]]], geojson: Any) -> Concat:
    """The Feature text: id from `key`, each (prop, path, schema) as a property, `geojson` as geometry."""
    return Concat(
        Value('{"type":"Feature","id":'),
        Cast(key, TextField()),
        Value(',"properties":'),
        JSONText(**{prop.name: value(prop, path, schema) for prop, path, schema in props}),
        Value(',"geometry":'),
        Coalesce(geojson, Value("null"), output_field=TextField()),
        Value("}"),
        output_field=TextField(),
    )
