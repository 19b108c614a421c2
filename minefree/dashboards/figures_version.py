"""A version of the records the dashboards count, changed by the database itself on every write.

The dashboards' figures are aggregates over hundreds of thousands of rows (seconds at national
scale), and read far more often than the records change. `dashboards/cached.py` keeps them keyed by
this version, as DHIS2 keeps analytics tables: any insert, update or delete in a source table (an
approved report, an import, an edit in the admin, raw SQL) gives a new version, so a cached figure
is never served after the records under it changed.

Triggers, not Django signals: bulk creates, COPY and queryset updates send no signals. Each
version is a random number, so a rolled-back transaction's version is never seen again.
- SQLite serialises writers, so each row trigger simply sets a new version.
- PostgreSQL: a statement trigger marks the writing transaction with a fresh token (its own reads
  see their own changes at once, taking no lock), and one deferred trigger per transaction sets the
  new version at commit, so the version row is locked last and briefly (no deadlock with the locks
  the write itself takes, and others see the new version exactly when they see the new rows).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.apps import apps as global_apps
from django.db import connection

# The apps whose records the dashboards read (dashboards/nmac.py, public.py, reporting/land.py), and
# the planner's parameters (its forecasts are kept the same way, planning/compare.py).
SOURCE_APPS = (
    "hazards",
    "casualties",
    "education",
    "funding",
    "gazetteer",
    "organisations",
    "quality",
    "dashboards",
    "planning",
)
TRIGGER = "minefree_figures"
MARK = "minefree.figures_token"  # the writing transaction's token (PostgreSQL)
QUEUED = "minefree.figures_queued"  # its commit-time version change is queued (PostgreSQL)

POSTGRES_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION minefree_figures_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('{MARK}', (random() * 1e15)::bigint::text, true);
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION minefree_figures_first() RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF current_setting('{QUEUED}', true) = 'on' THEN
        RETURN false;
    END IF;
    PERFORM set_config('{QUEUED}', 'on', true);
    RETURN true;
END $$;
CREATE OR REPLACE FUNCTION minefree_figures_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE dashboards_figuresversion SET version = (random() * 1e15)::bigint WHERE id = 1;
    RETURN NULL;
END $$;
"""


def source_tables() -> list[str]:
    """Every table of the source apps (and their many-to-many tables), but the version's own."""
    tables: set[str] = set()
    for label in SOURCE_APPS:
        for model in global_apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tables.add(model._meta.db_table)
    tables.discard("dashboards_figuresversion")
    return sorted(tables)


def _postgres(cursor: Any, table: str) -> None:
    cursor.execute(
        f'CREATE OR REPLACE TRIGGER {TRIGGER}_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION minefree_figures_mark()"
    )
    cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER}_commit ON "{table}"')
    # Deferred to commit; WHEN (checked as each row is written) queues it once per transaction.
    cursor.execute(
        f'CREATE CONSTRAINT TRIGGER {TRIGGER}_commit AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (minefree_figures_first()) "
        "EXECUTE FUNCTION minefree_figures_commit()"
    )


def _sqlite(cursor: Any, table: str) -> None:
    for event in ("INSERT", "UPDATE", "DELETE"):
        cursor.execute(
            f'CREATE TRIGGER IF NOT EXISTS {TRIGGER}_{event.lower()}_{table} AFTER {event} ON "{table}" '
            "BEGIN UPDATE dashboards_figuresversion SET version = random() WHERE id = 1; END"
        )


def install(**kwargs: Any) -> None:
    """Create the version row and a trigger on every source table (after each `migrate`; idempotent)."""
    existing = set(connection.introspection.table_names())
    if "dashboards_figuresversion" not in existing:
        return  # migrated back to before the version existed
    with connection.cursor() as cursor:
        # A new random version each time: after a flush (tests) no figure cached before it is served.
        cursor.execute("DELETE FROM dashboards_figuresversion")
        cursor.execute("INSERT INTO dashboards_figuresversion (id, version) VALUES (1, %s)", [secrets.randbits(50)])
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_FUNCTIONS)
        for table in source_tables():
            if table in existing:
                (_postgres if connection.vendor == "postgresql" else _sqlite)(cursor, table)


def current() -> str | None:
    """The version the reader sees now: the committed one, and its own transaction's writes if any
    (None before `install`: then nothing may be cached)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT version, current_setting('{MARK}', true) FROM dashboards_figuresversion WHERE id = 1"
            )
        else:
            cursor.execute("SELECT version, '' FROM dashboards_figuresversion WHERE id = 1")
        row = cursor.fetchone()
    return f"{row[0]}.{row[1] or ''}" if row else None


def installed_on() -> set[str]:
    """The tables that carry the version's triggers (for the test that none is missing)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s",
                [f"{TRIGGER}_commit"],
            )
        else:
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{TRIGGER}_update_%"],
            )
        return {row[0] for row in cursor.fetchall()}
