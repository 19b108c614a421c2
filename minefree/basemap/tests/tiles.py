"""Small basemap files the tests build: PNG tiles drawn with Pillow, stored as MBTiles or PMTiles."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

from PIL import Image, ImageDraw

Tiles = dict[tuple[int, int, int], bytes]  # (z, x, y) in XYZ order, as Leaflet asks -> bytes


def tile_png(z: int, x: int, y: int) -> bytes:
    """A 256-pixel tile a person can tell apart: a pale land colour, a grid, and its own address."""
    image = Image.new("RGB", (256, 256), (236, 230, 214) if (x + y) % 2 else (224, 234, 214))
    draw = ImageDraw.Draw(image)
    for step in range(0, 256, 64):
        draw.line([(step, 0), (step, 255)], fill=(200, 196, 186))
        draw.line([(0, step), (255, step)], fill=(200, 196, 186))
    draw.rectangle([0, 0, 255, 255], outline=(150, 140, 120))
    draw.text((8, 8), f"basemap {z}/{x}/{y}", fill=(90, 80, 60))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def world(max_zoom: int) -> Tiles:
    """Every tile of zoom 0 to `max_zoom`: any map view finds its tiles (deeper ones are enlarged)."""
    return {(z, x, y): tile_png(z, x, y) for z in range(max_zoom + 1) for x in range(1 << z) for y in range(1 << z)}


def write_mbtiles(path: Path, tiles: Tiles, fmt: str = "png", attribution: str = "") -> Path:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    db.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
    meta = {"name": "test", "format": fmt, "bounds": "-180,-85,180,85", "attribution": attribution}
    db.executemany("INSERT INTO metadata VALUES (?, ?)", meta.items())
    # MBTiles counts rows from the south (TMS).
    rows = [(z, x, (1 << z) - 1 - y, data) for (z, x, y), data in tiles.items()]
    db.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)", rows)
    db.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)")  # as the spec asks
    db.commit()
    db.close()
    return path


def write_pmtiles(path: Path, tiles: Tiles, tile_type: int = 2, attribution: str = "") -> Path:
    from pmtiles.tile import Compression, TileType, zxy_to_tileid
    from pmtiles.writer import Writer

    with open(path, "wb") as f:
        writer = Writer(f)
        for tile_id, data in sorted((zxy_to_tileid(z, x, y), data) for (z, x, y), data in tiles.items()):
            writer.write_tile(tile_id, data)
        writer.finalize(
            {
                "tile_type": TileType(tile_type),
                "tile_compression": Compression.NONE,
                "min_zoom": min(z for z, _x, _y in tiles),
                "max_zoom": max(z for z, _x, _y in tiles),
                "center_zoom": 0,
                "center_lon_e7": 0,
                "center_lat_e7": 0,
                "min_lon_e7": -1800000000,
                "min_lat_e7": -850000000,
                "max_lon_e7": 1800000000,
                "max_lat_e7": 850000000,
            },
            {"attribution": attribution},
        )
    return path
