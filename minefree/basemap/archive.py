"""Reading tiles from the centre's basemap file: MBTiles (SQLite) or PMTiles, raster only.

The file is opened per request, read-only: SQLite and `os.pread` need no shared state between
waitress threads, and a file replaced on disk is picked up by the next request (its summary is
cached by path, size and modification time).
"""

from __future__ import annotations

import gzip
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.utils.translation import gettext as _

# The raster formats Leaflet shows as they are; the key is the file extension in the tile URL.
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}
MAX_ZOOM = 24  # no basemap goes deeper (24 is ~1 cm per pixel); anything above is a bad address
# PMTiles header tile types (spec v3): 1 is MVT, 2 PNG, 3 JPEG, 4 WebP.
PMTILES_TYPES = {1: "pbf", 2: "png", 3: "jpg", 4: "webp"}
PMTILES_GZIP = 2


class BasemapError(Exception):
    """The file cannot be served; the message says why and what to do."""


@dataclass(frozen=True)
class Archive:
    path: str
    kind: str  # "mbtiles" or "pmtiles"
    format: str  # a key of CONTENT_TYPES
    min_zoom: int
    max_zoom: int
    bounds: tuple[float, float, float, float] | None  # west, south, east, north
    attribution: str
    stamp: str  # size and modification time: part of every tile's ETag

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The tile's bytes, or None when the file has no tile there."""
        if self.kind == "mbtiles":
            return _mbtiles_tile(self.path, z, x, y)
        return _pmtiles_tile(self.path, self.stamp, z, x, y)


def sniff(data: bytes) -> str:
    """The format of one tile from its first bytes ("pbf" for anything that is not an image)."""
    if data.startswith(b"\x89PNG"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return "pbf"


def open_archive(path: str) -> Archive:
    """The file's summary; BasemapError when it is missing, unreadable or not a raster basemap."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise BasemapError(
            _("MINEFREE_BASEMAP_FILE %(path)s cannot be read: %(error)s") % {"path": path, "error": exc.strerror}
        ) from exc
    return _summary(path, info.st_size, info.st_mtime_ns)


@lru_cache(maxsize=4)
def _summary(path: str, size: int, mtime_ns: int) -> Archive:
    stamp = f"{size:x}-{mtime_ns:x}"
    suffix = Path(path).suffix.lower()
    if suffix == ".mbtiles":
        archive = _mbtiles_summary(path, stamp)
    elif suffix == ".pmtiles":
        archive = _pmtiles_summary(path, stamp)
    else:
        raise BasemapError(
            _("MINEFREE_BASEMAP_FILE must be a .mbtiles or .pmtiles file, not %(path)s.") % {"path": path}
        )
    if archive.format not in CONTENT_TYPES:
        raise BasemapError(
            _(
                "%(path)s holds vector tiles (%(format)s); MineFree serves raster basemaps only (PNG, JPEG or "
                "WebP tiles). Make a raster file, for example with QGIS 'Generate XYZ tiles (MBTiles)'."
            )
            % {"path": path, "format": archive.format}
        )
    return archive


def _connect(path: str) -> sqlite3.Connection:
    # Read-only through a URI, so a mistyped path never creates an empty database.
    return sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True)


def _mbtiles_summary(path: str, stamp: str) -> Archive:
    try:
        with _connect(path) as db:
            meta = dict(db.execute("SELECT name, value FROM metadata").fetchall())
            zooms = db.execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
            first = db.execute("SELECT tile_data FROM tiles LIMIT 1").fetchone()
    except sqlite3.Error as exc:
        raise BasemapError(_("%(path)s is not an MBTiles file (%(error)s).") % {"path": path, "error": exc}) from exc
    if zooms[0] is None:
        raise BasemapError(_("%(path)s holds no tiles.") % {"path": path})
    declared = str(meta.get("format", "")).lower().replace("jpeg", "jpg")
    found = sniff(bytes(first[0]))
    return Archive(
        path=path,
        kind="mbtiles",
        format=found if found != "pbf" else (declared or found),
        min_zoom=int(zooms[0]),
        max_zoom=int(zooms[1]),
        bounds=_bounds(str(meta.get("bounds", ""))),
        attribution=str(meta.get("attribution", "")),
        stamp=stamp,
    )


def _bounds(text: str) -> tuple[float, float, float, float] | None:
    try:
        west, south, east, north = (float(v) for v in text.split(","))
    except ValueError:
        return None
    return (west, south, east, north)


def _mbtiles_tile(path: str, z: int, x: int, y: int) -> bytes | None:
    # MBTiles rows count from the south (TMS); the URL counts from the north (XYZ, as Leaflet asks).
    row = (1 << z) - 1 - y
    with _connect(path) as db:
        found = db.execute(
            "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?", (z, x, row)
        ).fetchone()
    return bytes(found[0]) if found else None


def _pmtiles_reader(path: str, handle: int) -> object:
    try:
        from pmtiles.reader import Reader
    except ImportError as exc:
        raise BasemapError(
            _("Reading %(path)s needs the pmtiles Python package; install it or use an .mbtiles file.") % {"path": path}
        ) from exc
    get_bytes: Callable[[int, int], bytes] = lambda offset, length: os.pread(handle, length, offset)  # noqa: E731
    return Reader(get_bytes)


def _number(value: object) -> int:
    """A header field the package gives as an Enum member (TileType, Compression) as its number."""
    return int(getattr(value, "value", value))  # type: ignore[call-overload]


def _pmtiles_summary(path: str, stamp: str) -> Archive:
    with open(path, "rb") as f:
        reader = _pmtiles_reader(path, f.fileno())
        try:
            header = reader.header()  # type: ignore[attr-defined]
            metadata = reader.metadata()  # type: ignore[attr-defined]
        except Exception as exc:  # the package raises plain errors on a file that is not PMTiles v3
            raise BasemapError(_("%(path)s is not a PMTiles file (%(error)s).") % {"path": path, "error": exc}) from exc
    if header.get("version") != 3:
        raise BasemapError(_("%(path)s is not a PMTiles version 3 file.") % {"path": path})
    west, south, east, north = (header[key] / 1e7 for key in ("min_lon_e7", "min_lat_e7", "max_lon_e7", "max_lat_e7"))
    return Archive(
        path=path,
        kind="pmtiles",
        format=PMTILES_TYPES.get(_number(header["tile_type"]), "unknown"),
        min_zoom=int(header["min_zoom"]),
        max_zoom=int(header["max_zoom"]),
        bounds=(west, south, east, north),
        attribution=str(metadata.get("attribution", "")) if isinstance(metadata, dict) else "",
        stamp=stamp,
    )


def _pmtiles_tile(path: str, stamp: str, z: int, x: int, y: int) -> bytes | None:
    """The package's Reader.get, with the header and directories kept between requests: a real file's
    root directory holds thousands of entries, too many to unzip and decode again for every tile."""
    from pmtiles.tile import find_tile, zxy_to_tileid

    header = _pmtiles_header(path, stamp)
    tile_id = zxy_to_tileid(z, x, y)
    offset, length = header["root_offset"], header["root_length"]
    for _depth in range(4):  # the spec's deepest directory tree
        entry = find_tile(_pmtiles_directory(path, stamp, offset, length), tile_id)
        if entry is None:
            return None
        if entry.run_length == 0:  # a leaf directory, not a tile
            offset, length = header["leaf_directory_offset"] + entry.offset, entry.length
            continue
        with open(path, "rb") as f:
            data = os.pread(f.fileno(), entry.length, header["tile_data_offset"] + entry.offset)
        return gzip.decompress(data) if _number(header["tile_compression"]) == PMTILES_GZIP else data
    return None


@lru_cache(maxsize=4)
def _pmtiles_header(path: str, stamp: str) -> dict[str, Any]:
    with open(path, "rb") as f:
        header: dict[str, Any] = _pmtiles_reader(path, f.fileno()).header()  # type: ignore[attr-defined]
    return header


@lru_cache(maxsize=256)
def _pmtiles_directory(path: str, stamp: str, offset: int, length: int) -> list[Any]:
    from pmtiles.tile import deserialize_directory

    with open(path, "rb") as f:
        entries: list[Any] = deserialize_directory(os.pread(f.fileno(), length, offset))
    return entries
