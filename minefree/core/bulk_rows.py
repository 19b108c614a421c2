"""New rows of one model written at once: `bulk_create`, through COPY on PostgreSQL.

A bulk insert's parameters are bound in Python by psycopg (Django's client-side cursor), and for
a file import's thousands of reports and audit entries, each carrying its polygon as GeoJSON and
WKT, splitting, escaping and quoting that SQL cost more than the database's own work. COPY sends the
same values, prepared by the same fields, as rows of data. SQLite keeps `bulk_create`.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from django.db import DEFAULT_DB_ALIAS, connections, models

M = TypeVar("M", bound=models.Model)

BATCH = 500  # objects per insert where `bulk_create` is used


def create_all(model: type[M], objs: list[M]) -> list[M]:
    """`model.objects.bulk_create(objs)`: each object gets its primary key; no signals, as there."""
    # The connection itself, not `django.db.connection`: each field reads it a few times a value,
    # and every read through that proxy looks the connection up again.
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql" or not objs:
        return model._default_manager.bulk_create(objs, batch_size=BATCH)
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not getattr(f, "generated", False)]
    for obj in objs:
        cast(Any, obj)._prepare_related_fields_for_save(operation_name="bulk_create")  # as `bulk_create`
    ops = connection.ops
    new = [obj for obj in objs if obj.pk is None]
    with connection.cursor() as cursor:
        if new:  # the keys `bulk_create` would read back, taken from the table's sequence up front
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(new)],
            )
            for obj, (pk,) in zip(new, cursor.fetchall(), strict=True):
                obj.pk = pk
        columns = ", ".join(ops.quote_name(str(f.column)) for f in fields)
        copying = cursor.cursor.copy(f"COPY {ops.quote_name(meta.db_table)} ({columns}) FROM STDIN")
        # A broken constraint raises Django's IntegrityError, as from `bulk_create`.
        with connection.wrap_database_errors, copying as copy:
            for obj in objs:
                # What `bulk_create` sends for each field: `pre_save` fills auto_now, the field adapts.
                row: list[Any] = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
                copy.write_row(row)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs
