"""Migration operations for models that moved to another app and kept their tables (`Meta.db_table`).

`fieldcollection` and `geopackage` came out of `interop` this way. Their first migrations create the
tables on a fresh database and adopt them, rows and all, on a database that already has them; the
moved models' content types (what audit rows point at) take the new app's label.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import ProjectState, StateApps


class MovedTableIncomplete(RuntimeError):
    """The table is there but lacks columns: the old app's migrations did not all run."""


class CreateOrAdoptModel(migrations.CreateModel):
    """CreateModel, except that a table already there with every column of the model is kept as it is."""

    def database_forwards(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, from_state: ProjectState, to_state: ProjectState
    ) -> None:
        model = to_state.apps.get_model(app_label, self.name)
        table = model._meta.db_table
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            if table not in connection.introspection.table_names(cursor):
                super().database_forwards(app_label, schema_editor, from_state, to_state)
                return
            present = {column.name for column in connection.introspection.get_table_description(cursor, table)}
        missing = sorted({field.column for field in model._meta.local_concrete_fields} - present)
        if missing:
            raise MovedTableIncomplete(
                f"{table} lacks {', '.join(missing)}: run `minefree manage migrate` with the MineFree release "
                f"that still had the `interop` app first, then with this one"
            )

    def describe(self) -> str:
        return f"Create model {self.name}, or adopt its table"


def relabel_content_types(old_label: str, new_label: str, models: Sequence[str]) -> migrations.RunPython:
    """Gives the moved models' content types the new label, so audit rows and permissions follow them."""

    def move(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor, source: str, target: str) -> None:
        content_type: Any = apps.get_model("contenttypes", "ContentType")
        rows = content_type.objects.using(schema_editor.connection.alias)
        taken = set(rows.filter(app_label=target, model__in=models).values_list("model", flat=True))
        rows.filter(app_label=source, model__in=[m for m in models if m not in taken]).update(app_label=target)

    return migrations.RunPython(
        lambda apps, editor: move(apps, editor, old_label, new_label),
        lambda apps, editor: move(apps, editor, new_label, old_label),
    )
