"""A JSON object the database writes as text, on both engines, for pages that send rows as they come."""

from __future__ import annotations

from typing import Any

from django.db.models import Func, TextField
from django.db.models.functions import Cast, JSONObject


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
