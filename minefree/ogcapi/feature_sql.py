"""Each feature's whole GeoJSON text written by the database, so Python only joins strings (as the
hazard map does, `hazards/views.py`): a page of 10,000 features then costs little more than the raw
query that reads them (`./dev bench`)."""

from __future__ import annotations

from typing import Any

from django.db.models import BigIntegerField, Expression, F, Func, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat, JSONObject

from minefree.ogcapi.properties import Prop, whole


class JSONText(JSONObject):
    """JSONObject; on PostgreSQL json_build_object, which writes text instead of a jsonb value per row (faster)."""

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        keys_as_text = self.copy()  # as JSONObject does, so the keys have a type under server-side binding
        keys_as_text.set_source_expressions(
            [Cast(e, TextField()) if i % 2 == 0 else e for i, e in enumerate(self.get_source_expressions())]
        )
        return Func.as_sql(keys_as_text, compiler, connection, function="JSON_BUILD_OBJECT", **extra_context)

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        # Not JSONObject's own: that asks `features.has_json_object_function`, probed once per connection
        # in a write transaction; a connection opened while another writer held the lock cached "no" and
        # answered every page with a 500. Every SQLite MineFree runs on has JSON_OBJECT built in.
        return Func.as_sql(self, compiler, connection, function="JSON_OBJECT", **extra_context)


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
