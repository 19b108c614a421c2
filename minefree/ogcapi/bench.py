"""`./dev bench` figures for OGC API - Features and Tiles at national scale: 100,000 synthetic hazardous
areas (the disaster bench's grid, rolled back), a 10,000-feature page against the raw SQL reading the
same rows, a page deep in the collection against the first (keyset paging: about 1x), and 256 z10
vector tiles over the grid against raw ST_AsMVT on the same table (PostGIS; goal: within 1.5x)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import connection, transaction

from minefree.ogcapi.tilematrix import BUFFER, EXTENT, Tile, containing

if TYPE_CHECKING:
    from django.test import Client

PAGE = 10_000
ITEMS = "/ogc/collections/hazardous-areas/items"
TILES = "/ogc/collections/hazardous-areas/tiles/WebMercatorQuad/{z}/{y}/{x}"
# The bar for a tile: the table's own columns and ST_AsMVT, with no restriction, join or Django.
RAW_TILE = f"""
SELECT ST_AsMVT(q, 'hazardous-areas', {EXTENT}, 'geom', 'id') FROM (
    SELECT id, reference, name, classification, contamination, status, ROUND(area_m2)::bigint AS area_m2,
        mechanical_suitable, recorded_on,
        ST_AsMVTGeom(
            ST_Transform(geometry, 3857), ST_TileEnvelope(%(z)s, %(x)s, %(y)s), {EXTENT}, {BUFFER}, true
        ) AS geom
    FROM hazards_hazardarea
    WHERE geometry && ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => {BUFFER / EXTENT}), 4326)
) AS q WHERE geom IS NOT NULL
"""


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
        tile_figures(client, timed)
        transaction.set_rollback(True)
    label = f"OGC {PAGE:,} of +{SYNTHETIC:,}"
    print(f"{label:<24} {first * 1000:8.1f} ms  (raw SQL {raw * 1000:.1f} ms; {first / raw:.2f} x)")
    print(f"{'OGC page 10 / page 1':<24} {deep / first:8.2f} x   (keyset paging: about 1x)")
    print(f"{'OGC page in UTM 42N':<24} {projected * 1000:8.1f} ms")


def _block() -> list[Tile]:
    """16 x 16 tiles at zoom 10 from the grid's north-west corner: 256 tiles, nearly all full."""
    corner = containing(67.41, 40.99, 10)
    return [Tile(10, corner.y + row, corner.x + col) for row in range(16) for col in range(16)]


def tile_figures(client: Client, timed: Callable[..., float]) -> None:
    tiles = _block()

    def ours() -> int:
        cache.clear()  # every tile written afresh: the cache would otherwise answer them all
        return sum(len(client.get(TILES.format(z=t.z, y=t.y, x=t.x)).content) for t in tiles)

    def cached() -> int:
        return sum(len(client.get(TILES.format(z=t.z, y=t.y, x=t.x)).content) for t in tiles)

    def raw() -> int:
        with connection.cursor() as cursor:
            total = 0
            for t in tiles:
                cursor.execute(RAW_TILE, {"z": t.z, "x": t.x, "y": t.y})
                total += len(cursor.fetchone()[0] or b"")
            return total

    written = timed(ours, repeat=3)
    again = timed(cached, repeat=3)
    label = f"{len(tiles)} z10 tiles"
    if connection.vendor != "postgresql":
        print(f"{label:<24} {written * 1000:8.1f} ms  (no ST_AsMVT on SpatiaLite; cached {again * 1000:.1f} ms)")
        return
    bar = timed(raw, repeat=3)
    print(f"{label:<24} {written * 1000:8.1f} ms  (raw ST_AsMVT {bar * 1000:.1f} ms; {written / bar:.2f} x; goal 1.5x)")
    print(f"{label + ', cached':<24} {again * 1000:8.1f} ms  ({again / bar:.2f} x raw ST_AsMVT)")
