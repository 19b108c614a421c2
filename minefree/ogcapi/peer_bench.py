"""`./dev bench` figures for issue 14's speed goals, on the same 100,000 synthetic polygons (the
disaster bench's grid, rolled back): a 1,000-feature page and a bbox of about 150 features against
the raw SQL that writes the same GeoJSON, an area-limited reader against an unlimited one, and the
REST API's own 1,000-feature page. pygeoapi, when a separate virtualenv holds it
(MINEFREE_BENCH_PYGEOAPI, default /tmp/pygeoapi-venv), is timed on the same table through its
PostgreSQL provider; it is never a dependency of MineFree."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import connection, transaction

if TYPE_CHECKING:
    from django.test import Client

ITEMS = "/ogc/collections/hazardous-areas/items"
BBOX = (70.0, 38.0, 70.25, 38.2)  # 160 of the grid's squares
PROPERTIES = (
    "reference",
    "name",
    "classification",
    "contamination",
    "status",
    "area_m2",
    "mechanical_suitable",
    "admin_area",
    "operator",
    "recorded_on",
)


def _raw_features(where: str, params: list[float], limit: int) -> str:
    """The bar: the same FeatureCollection written by one plain query, no restriction, no Django."""
    if connection.vendor == "postgresql":
        feature = (
            "json_build_object('type', 'Feature', 'id', h.id, 'properties', json_build_object("
            "'reference', h.reference, 'name', h.name, 'classification', h.classification, "
            "'contamination', h.contamination, 'status', h.status, 'area_m2', round(h.area_m2)::bigint, "
            "'mechanical_suitable', h.mechanical_suitable, 'admin_area', a.code, 'operator', o.acronym, "
            "'recorded_on', h.recorded_on), 'geometry', ST_AsGeoJSON(h.geometry, 7)::json)::text"
        )
        box = "h.geometry && ST_MakeEnvelope(%s, %s, %s, %s, 4326)"
    else:
        feature = (
            "json_object('type', 'Feature', 'id', h.id, 'properties', json_object("
            "'reference', h.reference, 'name', h.name, 'classification', h.classification, "
            "'contamination', h.contamination, 'status', h.status, 'area_m2', CAST(ROUND(h.area_m2) AS INTEGER), "
            "'mechanical_suitable', json(CASE WHEN h.mechanical_suitable THEN 'true' ELSE 'false' END), "
            "'admin_area', a.code, 'operator', o.acronym, 'recorded_on', h.recorded_on), "
            "'geometry', json(AsGeoJSON(h.geometry, 7)))"
        )
        box = (
            "h.id IN (SELECT id FROM SpatialIndex WHERE f_table_name = 'hazards_hazardarea' "
            "AND f_geometry_column = 'geometry' AND search_frame = BuildMbr(%s, %s, %s, %s, 4326))"
        )
    sql = (
        f"SELECT {feature} FROM hazards_hazardarea AS h "
        "LEFT JOIN gazetteer_adminarea AS a ON a.id = h.admin_area_id "
        "LEFT JOIN organisations_organisation AS o ON o.id = h.operator_id "
        f"WHERE {where.format(box=box)} ORDER BY h.id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return '{"type":"FeatureCollection","features":[' + ",".join(row[0] for row in cursor.fetchall()) + "]}"


def _page(client: Client, url: str) -> Callable[[], object]:
    def get() -> object:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.content

    return get


def _line(name: str, ours: float, bar: float, bar_name: str, goal: str) -> None:
    print(f"{name:<24} {ours * 1000:8.1f} ms  ({bar_name} {bar * 1000:.1f} ms; {ours / bar:.2f} x; {goal})")


def _pygeoapi(python: Path, limit: int, bbox: tuple[float, ...] | None, repeat: int) -> float | None:
    """Median seconds of pygeoapi's PostgreSQL provider answering the same page, in its own process."""
    settings = connection.settings_dict
    script = Path(__file__).with_name("pygeoapi_probe.py")
    args = [
        str(python),
        str(script),
        json.dumps(
            {
                "host": settings["HOST"] or "127.0.0.1",
                "port": str(settings["PORT"] or 5432),
                "dbname": settings["NAME"],
                "user": settings["USER"],
                "password": settings["PASSWORD"] or "",
                "limit": limit,
                "bbox": list(bbox) if bbox else [],
                "repeat": repeat,
            }
        ),
    ]
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=600)
    if done.returncode != 0:
        print(f"pygeoapi probe failed: {done.stderr.strip().splitlines()[-1:] or done.returncode}")
        return None
    return float(done.stdout.strip().splitlines()[-1])


def peer_figures(unlimited: Client, limited: Client, timed: Callable[..., float]) -> None:
    """`unlimited` reads every hazard, `limited` holds a grant limited to some areas."""
    from minefree.disaster.bench import SYNTHETIC, insert_synthetic

    python = Path(os.environ.get("MINEFREE_BENCH_PYGEOAPI", "/tmp/pygeoapi-venv")) / "bin" / "python"
    with transaction.atomic():
        insert_synthetic()
        first = "1 = 1"
        ours = timed(_page(unlimited, f"{ITEMS}?limit=1000"), repeat=7)
        raw = timed(lambda: _raw_features(first, [], 1000), repeat=7)
        _line(f"OGC 1,000 of +{SYNTHETIC:,}", ours, raw, "raw SQL", "goal: under 2x")
        bbox = ",".join(str(v) for v in BBOX)
        found = len(json.loads(unlimited.get(f"{ITEMS}?limit=1000&bbox={bbox}").content)["features"])
        ours_box = timed(_page(unlimited, f"{ITEMS}?limit=1000&bbox={bbox}"), repeat=7)
        raw_box = timed(lambda: _raw_features("{box}", list(BBOX), 1000), repeat=7)
        _line(f"OGC bbox, {found} items", ours_box, raw_box, "raw SQL", "goal: under 2x")
        limited_page = timed(_page(limited, f"{ITEMS}?limit=1000"), repeat=7)
        _line("OGC 1,000, area grant", limited_page, ours, "unlimited", "goal: under 1.2x")
        api = timed(_page(unlimited, "/api/v1/hazards/?page_size=1000"), repeat=7)
        _line("REST API 1,000 features", api, raw, "raw SQL", "goal: under 2x")
        if connection.vendor != "postgresql" or not python.exists():
            print(f"pygeoapi: not timed ({'PostGIS only' if python.exists() else f'no {python}'})")
        else:
            # pygeoapi reads through its own connection: the synthetic rows must be committed for it.
            print("pygeoapi: see the committed-table figures below")
        transaction.set_rollback(True)
    if connection.vendor == "postgresql" and python.exists():
        _pygeoapi_figures(python, timed)


def _pygeoapi_figures(python: Path, timed: Callable[..., float]) -> None:
    """pygeoapi's own connection cannot see rolled-back rows: commit the grid, time, then delete it."""
    from minefree.disaster.bench import insert_synthetic

    with transaction.atomic():
        insert_synthetic()
    try:
        raw = timed(lambda: _raw_features("1 = 1", [], 1000), repeat=7)
        peer = _pygeoapi(python, 1000, None, 7)
        peer_box = _pygeoapi(python, 1000, BBOX, 7)
        raw_box = timed(lambda: _raw_features("{box}", list(BBOX), 1000), repeat=7)
        if peer is not None:
            _line("pygeoapi 1,000 features", peer, raw, "raw SQL", "ours goal: 4x faster than pygeoapi")
        if peer_box is not None:
            _line("pygeoapi bbox", peer_box, raw_box, "raw SQL", "for comparison")
    finally:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM hazards_landreleaseactivity WHERE reference LIKE 'BENCH-LR-%%'")
            cursor.execute("DELETE FROM hazards_hazardarea WHERE reference LIKE 'BENCH-HA-%%'")
