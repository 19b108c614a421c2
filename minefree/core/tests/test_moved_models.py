"""A database that had `interop` keeps its tables and rows when fieldcollection and geopackage take them over.

The first migrations of both apps run here again on a database whose tables are already there, as
on a server that migrated with `interop` before the split; a table missing a column is refused.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import ProjectState

from minefree.core.moved_models import CreateOrAdoptModel, MovedTableIncomplete, relabel_content_types
from minefree.fieldcollection.models import XForm
from minefree.geopackage.models import GeoPackageExport
from minefree.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _rerun(app_label: str) -> None:
    """Applies the app's 0001 again, as `migrate` does on a database that already has its tables."""
    loader = MigrationExecutor(connection).loader
    key = (app_label, "0001_initial")
    before = loader.project_state(key, at_end=False)
    # Adopting runs no DDL, so the editor is not entered (SQLite refuses one inside the test's transaction).
    loader.get_migration(*key).apply(before, connection.schema_editor())


def test_the_first_migrations_adopt_the_tables_and_keep_their_rows() -> None:
    form = XForm.objects.create(form_id="kept", version="1", kind="accident", title="Kept", source="s", xml="<x/>")
    user = User.objects.create(username="exporter")
    organisation = Organisation.objects.create(acronym="KEEP", name="Kept", kind=Organisation.Kind.OPERATOR)
    export = GeoPackageExport.objects.create(organisation=organisation, exported_by=user)
    _rerun("fieldcollection")
    _rerun("geopackage")
    assert XForm.objects.get(pk=form.pk).title == "Kept"
    assert GeoPackageExport.objects.filter(pk=export.pk).exists()
    assert XForm._meta.db_table == "interop_xform" and GeoPackageExport._meta.db_table == "interop_geopackageexport"


def test_a_table_missing_a_column_is_refused_with_what_to_do() -> None:
    operation = CreateOrAdoptModel(
        name="XForm",
        fields=[("id", models.BigAutoField(primary_key=True)), ("not_migrated", models.TextField())],
        options={"db_table": "interop_xform"},
    )
    after = ProjectState()
    operation.state_forwards("fieldcollection", after)
    with pytest.raises(MovedTableIncomplete, match="interop_xform lacks not_migrated"):
        operation.database_forwards("fieldcollection", connection.schema_editor(), ProjectState(), after)


def test_content_types_take_the_new_label_unless_it_is_taken() -> None:
    moved = ContentType.objects.create(app_label="interop", model="probe")
    kept = ContentType.objects.create(app_label="interop", model="xform")  # fieldcollection.xform exists
    state = MigrationExecutor(connection).loader.project_state()
    operation = relabel_content_types("interop", "fieldcollection", ["probe", "xform"])
    operation.database_forwards("fieldcollection", connection.schema_editor(), state, state)
    moved.refresh_from_db()
    kept.refresh_from_db()
    assert (moved.app_label, kept.app_label) == ("fieldcollection", "interop")
    operation.database_backwards("fieldcollection", connection.schema_editor(), state, state)
    moved.refresh_from_db()
    assert moved.app_label == "interop"
