"""The overlay asks the spatial index on both engines (EXPLAIN), so it stays fast on national data."""

from __future__ import annotations

from django.db import connection, transaction

from minefree.disaster.overlay import hazards_near, released_near, zone_of
from minefree.disaster.tests.helpers import AREA, record


def _plan(queryset) -> str:  # type: ignore[no-untyped-def]
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The demo's few hundred rows make a sequential scan cheapest; ask whether the index can serve.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row) for row in cursor.fetchall())


def test_both_lists_go_through_the_spatial_index(user):
    officer = user("coes.officer")
    zone = zone_of(record(officer, AREA, 1000))
    with transaction.atomic():
        for queryset, table in (
            (hazards_near(officer, zone), "hazardarea"),
            (released_near(officer, zone), "landreleaseactivity"),
        ):
            plan = _plan(queryset)
            if connection.vendor == "postgresql":
                assert f"hazards_{table}_geometry" in plan and "Index" in plan, plan
            else:
                assert f"idx_hazards_{table}_geometry VIRTUAL TABLE" in plan, plan
