"""The overlay on national-scale data: synthetic rows inside a transaction that is rolled back.

`minefree/bench.py` calls `overlay_figures(_timed)` (its median of repeated runs); the demo database
is left exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from django.contrib.auth.models import User
from django.contrib.gis.geos import LineString, MultiPolygon
from django.db import connection, transaction

from minefree.disaster.models import AffectedArea
from minefree.disaster.results import overlay as overlay_of
from minefree.disaster.results import overlay_size
from minefree.exports.export import ROWS_BEFORE_JOB
from minefree.gazetteer.models import AdminArea
from minefree.organisations.models import Organisation

SYNTHETIC = 100_000
COLUMNS = 400  # a 400 × 250 grid of small squares over 67.4–75.2 E, 36.7–41.0 N

HAZARDS = """
INSERT INTO hazards_hazardarea (version, created_at, updated_at, reference, name, country_id, admin_area_id,
    operator_id, classification, contamination, status, geometry, area_m2, mechanical_suitable, recorded_on,
    description)
SELECT 1, {now}, {now}, 'BENCH-HA-' || i, 'Synthetic ' || i, %(country)s, %(district)s, NULL,
    CASE WHEN i %% 3 = 0 THEN 'SHA' ELSE 'CHA' END, 'ap_mines', CASE WHEN i %% 5 = 0 THEN 'worked_on' ELSE 'open' END,
    {box}, 30000, {false}, '2020-01-01', ''
FROM (SELECT i, 67.4 + (i %% {cols}) * 0.0195 AS x, 36.7 + (i / {cols}) * 0.0172 AS y FROM {series}) AS grid
"""
RELEASED = """
INSERT INTO hazards_landreleaseactivity (version, created_at, updated_at, reference, hazard_id, organisation_id,
    team_id, kind, method, geometry, area_m2, start_date, end_date, depth_cm)
SELECT 1, {now}, {now}, 'BENCH-LR-' || h.id, h.id, %(organisation)s, NULL, 'clear', 'manual', {shifted}, 20000,
    '2021-01-01', '2021-06-01', NULL
FROM hazards_hazardarea AS h WHERE h.reference LIKE 'BENCH-HA-%%'
"""
SQL = {
    "sqlite": {
        "now": "CURRENT_TIMESTAMP",
        "false": "0",
        "box": "CastToMultiPolygon(BuildMbr(x, y, x + 0.002, y + 0.0015, 4326))",
        "shifted": "ST_Translate(h.geometry, 0.0025, 0, 0)",
        "series": "(WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %(last)s)"
        " SELECT i FROM n)",
    },
    "postgresql": {
        "now": "now()",
        "false": "false",
        "box": "ST_Multi(ST_MakeEnvelope(x, y, x + 0.002, y + 0.0015, 4326))",
        "shifted": "ST_Translate(h.geometry, 0.0025, 0)",
        "series": "generate_series(0, %(last)s) AS i",
    },
}


def insert_synthetic() -> None:
    """Add SYNTHETIC hazards on a grid over Tajikistan, each with one released polygon; call inside a transaction."""
    words = SQL[connection.vendor]
    district = AdminArea.objects.filter(level=2).order_by("pk").first()
    operator = Organisation.objects.filter(kind=Organisation.Kind.OPERATOR).order_by("pk").first()
    assert district is not None and operator is not None
    params = {
        "country": district.country_id,
        "district": district.pk,
        "organisation": operator.pk,
        "last": SYNTHETIC - 1,
    }
    with connection.cursor() as cursor:
        cursor.execute(HAZARDS.format(cols=COLUMNS, **words), params)
        cursor.execute(RELEASED.format(**words), params)
        if connection.vendor == "postgresql":
            # Fresh statistics (rolled back with the rows), as a live server would have after autovacuum.
            cursor.execute("ANALYZE hazards_hazardarea")
            cursor.execute("ANALYZE hazards_landreleaseactivity")


def flood() -> MultiPolygon:
    """A 10 km wide flood along 330 km of river valley, south-west to north-east."""
    river = LineString((68.6, 37.1), (69.6, 37.6), (70.6, 38.1), (71.6, 38.6), srid=4326)
    local = river.transform(32642, clone=True)
    return MultiPolygon(local.buffer(5000).transform(4326, clone=True), srid=4326)


def overlay_figures(timed: Callable[[Callable[[], object]], float]) -> list[tuple[str, float]]:
    """Seconds for the overlay on 100,000 hazards and 100,000 released polygons, as coes.officer."""
    officer = User.objects.get(username="coes.officer")
    with transaction.atomic():
        start = time.perf_counter()
        insert_synthetic()
        inserted = time.perf_counter() - start
        area = AffectedArea(name="bench", kind="flood", event_date=dt.date(2026, 1, 1), geometry=flood())
        counts: dict[str, int] = {}

        def overlay(distance: int) -> Callable[[], object]:
            def run() -> object:
                area.distance_m = distance
                result = overlay_of(officer, area)  # as the API builds it, GeoJSON included
                counts[f"{distance}"] = result.hazard_count + result.released_count
                return result

            return run

        only, near = timed(overlay(0)), timed(overlay(2000))
        # What a request does before a large overlay becomes a job (count), and one API page.
        counted = timed(lambda: overlay_size(officer, area, ROWS_BEFORE_JOB))
        page = timed(lambda: overlay_of(officer, area, limit=1000))
        rows = [
            (f"overlay setup: {SYNTHETIC:,} hazards + {SYNTHETIC:,} releases inserted", inserted),
            (f"overlay, flood only: {counts['0']:,} rows", only),
            (f"overlay, flood + 2 km: {counts['2000']:,} rows", near),
            (f"overlay, flood + 2 km: job or not (counted to {ROWS_BEFORE_JOB + 1:,} each)", counted),
            ("overlay, flood + 2 km: first API page (1,000 of each)", page),
        ]
        transaction.set_rollback(True)
    return rows
