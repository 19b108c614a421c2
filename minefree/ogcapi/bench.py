"""`./dev bench` figures for OGC API - Features at national scale: 100,000 synthetic hazardous areas
(the disaster bench's grid, rolled back), a 10,000-feature page against the raw SQL reading the same
rows, and a page deep in the collection against the first (keyset paging: about 1x)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import connection, transaction

if TYPE_CHECKING:
    from django.test import Client

PAGE = 10_000
ITEMS = "/ogc/collections/hazardous-areas/items"


def _raw_page(after: int) -> list[tuple[object, ...]]:
    """The bar: the same page's columns and GeoJSON with a plain cursor, no restriction, no joins."""
    function = "ST_AsGeoJSON" if connection.vendor == "postgresql" else "AsGeoJSON"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, reference, name, classification, contamination, status, area_m2, mechanical_suitable, "
            f"recorded_on, {function}(geometry, 7) FROM hazards_hazardarea WHERE id > %s ORDER BY id LIMIT %s",
            [after, PAGE],
        )
        return cursor.fetchall()


def ogc_figures(client: Client, timed: Callable[..., float]) -> None:
    from minefree.disaster.bench import SYNTHETIC, insert_synthetic

    with transaction.atomic():
        insert_synthetic()
        first = timed(lambda: client.get(f"{ITEMS}?limit={PAGE}").content, repeat=3)
        deep_key = _raw_page(0)[-1][0]
        for _ in range(8):
            deep_key = _raw_page(int(str(deep_key)))[-1][0]
        deep = timed(lambda: client.get(f"{ITEMS}?limit={PAGE}&after={deep_key}").content, repeat=3)
        raw = timed(lambda: _raw_page(0), repeat=3)
        utm = f"{ITEMS}?limit={PAGE}&crs=http://www.opengis.net/def/crs/EPSG/0/32642"
        projected = timed(lambda: client.get(utm).content, repeat=3)
        transaction.set_rollback(True)
    label = f"OGC {PAGE:,} of +{SYNTHETIC:,}"
    print(f"{label:<24} {first * 1000:8.1f} ms  (raw SQL {raw * 1000:.1f} ms; {first / raw:.2f} x)")
    print(f"{'OGC page 10 / page 1':<24} {deep / first:8.2f} x   (keyset paging: about 1x)")
    print(f"{'OGC page in UTM 42N':<24} {projected * 1000:8.1f} ms")
