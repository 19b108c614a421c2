"""GeoPackage 1.3 files written and read with Python's sqlite3, no GDAL subprocess.

The writer streams rows (geometry as ISO WKB, values in field order) straight from SQL into the
file, so a 100,000-row export never builds model objects. Each geometry table gets the R-tree
spatial index of the gpkg_rtree_index extension (QGIS is slow without it) and its triggers, so the
index stays right while QGIS or QField edits the file. Spec: OGC 12-128r18.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import sqlite3
import struct
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.gis.gdal import OGRGeometry, SpatialReference
from django.contrib.gis.geos import GEOSGeometry

from minefree.core.geometry_input import sound_geometry
from minefree.styles.layer_styles import LayerStyle, write_layer_styles

APPLICATION_ID = 0x47504B47  # "GPKG"
USER_VERSION = 10300
GEOMETRY_COLUMN = "geom"
GEOMETRY_TYPES = ("GEOMETRY", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON")
FIELD_TYPES = ("TEXT", "INTEGER", "REAL", "DATE", "DATETIME", "BOOLEAN")
METADATA_URI = "https://minefree.org/geopackage/export"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Layer:
    """One feature table: its name, geometry type, typed columns and a stream of rows."""

    name: str
    geometry_type: str
    fields: Sequence[tuple[str, str]]
    rows: Iterable[tuple[bytes | None, Sequence[Any]]]
    srid: int = 4326
    description: str = ""
    style: LayerStyle | None = None  # written to `layer_styles`: QGIS and QField draw the layer with it


class GeoPackageError(ValueError):
    """The file is not a GeoPackage this module can read, or a layer definition is wrong."""


def write_geopackage(path: Path, layers: Sequence[Layer], metadata: Mapping[str, str] | None = None) -> None:
    """A GeoPackage 1.3 file QGIS, QField and GDAL open; rows are streamed, never all held in memory."""
    for layer in layers:
        _check_layer(layer)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    connection = sqlite3.connect(partial)
    try:
        # The file is private until renamed, so no journal is needed while filling it.
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {USER_VERSION}")
        _create_core_tables(connection)
        for srid in sorted({layer.srid for layer in layers}):
            _add_spatial_ref_sys(connection, srid)
        for layer in layers:
            _write_layer(connection, layer)
        write_layer_styles(connection, [(ly.name, GEOMETRY_COLUMN, ly.style) for ly in layers if ly.style is not None])
        if metadata:
            _write_metadata(connection, metadata)
        connection.commit()
        connection.execute("PRAGMA journal_mode = DELETE")
    except BaseException:
        connection.close()
        partial.unlink(missing_ok=True)
        raise
    connection.close()
    os.replace(partial, path)


def _check_layer(layer: Layer) -> None:
    if not _NAME.match(layer.name) or layer.name.lower().startswith(("gpkg_", "rtree_")):
        raise GeoPackageError(f"Layer name {layer.name!r} is not a plain table name.")
    if layer.geometry_type not in GEOMETRY_TYPES:
        raise GeoPackageError(
            f"Layer {layer.name}: geometry type {layer.geometry_type!r} is not one of {GEOMETRY_TYPES}."
        )
    names = {"fid", GEOMETRY_COLUMN}
    for column, kind in layer.fields:
        if not _NAME.match(column) or column.lower() in names:
            raise GeoPackageError(f"Layer {layer.name}: column name {column!r} is not allowed or repeated.")
        if kind not in FIELD_TYPES:
            raise GeoPackageError(f"Layer {layer.name}: column {column} has type {kind!r}, not one of {FIELD_TYPES}.")
        names.add(column.lower())


def _create_core_tables(connection: sqlite3.Connection) -> None:
    connection.executescript(
        """
        CREATE TABLE gpkg_spatial_ref_sys (
            srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
            organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
        CREATE TABLE gpkg_contents (
            table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
            description TEXT DEFAULT '',
            last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
            CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
        CREATE TABLE gpkg_geometry_columns (
            table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
            srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
            CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
            CONSTRAINT uk_gc_table_name UNIQUE (table_name),
            CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
            CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
        CREATE TABLE gpkg_extensions (
            table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
            scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
        INSERT INTO gpkg_spatial_ref_sys VALUES
            ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
            ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
        """
    )


def _add_spatial_ref_sys(connection: sqlite3.Connection, srid: int) -> None:
    if srid in (-1, 0):
        return
    reference = SpatialReference(srid)
    name = reference.name or f"EPSG:{srid}"
    connection.execute(
        "INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, 'EPSG', ?, ?, ?)",
        (name, srid, srid, reference.wkt, name),
    )


def _write_layer(connection: sqlite3.Connection, layer: Layer) -> None:
    columns = "".join(f', "{column}" {kind}' for column, kind in layer.fields)
    connection.execute(
        f'CREATE TABLE "{layer.name}" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, '
        f'"{GEOMETRY_COLUMN}" {layer.geometry_type}{columns})'
    )
    connection.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
        "VALUES (?, 'features', ?, ?, ?)",
        (layer.name, layer.name, layer.description, layer.srid),
    )
    connection.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)",
        (layer.name, GEOMETRY_COLUMN, layer.geometry_type, layer.srid),
    )
    rtree = f"rtree_{layer.name}_{GEOMETRY_COLUMN}"
    connection.execute(f'CREATE VIRTUAL TABLE "{rtree}" USING rtree(id, minx, maxx, miny, maxy)')
    placeholders = ", ".join("?" for _ in range(len(layer.fields) + 1))
    names = ", ".join(f'"{column}"' for column, _kind in layer.fields)
    insert = f'INSERT INTO "{layer.name}" ("{GEOMETRY_COLUMN}"{", " if names else ""}{names}) VALUES ({placeholders})'
    insert_rtree = f'INSERT INTO "{rtree}" VALUES (?, ?, ?, ?, ?)'
    kinds = [kind for _column, kind in layer.fields]
    bounds: list[float] | None = None
    for wkb, values in layer.rows:
        if len(values) != len(kinds):
            raise GeoPackageError(f"Layer {layer.name}: a row has {len(values)} values for {len(kinds)} fields.")
        blob, envelope = (None, None) if wkb is None else encode_geometry(bytes(wkb), layer.srid)
        cursor = connection.execute(insert, [blob, *(_sql_value(v, k) for v, k in zip(values, kinds, strict=True))])
        if envelope is not None:
            minx, maxx, miny, maxy = envelope
            connection.execute(insert_rtree, (cursor.lastrowid, minx, maxx, miny, maxy))
            if bounds is None:
                bounds = [minx, miny, maxx, maxy]
            else:
                bounds = [min(bounds[0], minx), min(bounds[1], miny), max(bounds[2], maxx), max(bounds[3], maxy)]
    if bounds is not None:
        connection.execute(
            "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?",
            (*bounds, layer.name),
        )
    connection.execute(
        "INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', "
        "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
        (layer.name, GEOMETRY_COLUMN),
    )
    # Created after the bulk insert: the triggers call ST_* functions that GDAL, QGIS and QField
    # provide but plain sqlite3 does not.
    connection.executescript(_rtree_triggers(layer.name, GEOMETRY_COLUMN))


def _rtree_triggers(table: str, column: str) -> str:
    """The six triggers of the gpkg_rtree_index extension (GeoPackage 1.3, annex F.3)."""
    t, c, r = f'"{table}"', f'"{column}"', f'"rtree_{table}_{column}"'
    box = f"ST_MinX(NEW.{c}), ST_MaxX(NEW.{c}), ST_MinY(NEW.{c}), ST_MaxY(NEW.{c})"
    return f"""
    CREATE TRIGGER "rtree_{table}_{column}_insert" AFTER INSERT ON {t}
      WHEN (new.{c} NOT NULL AND NOT ST_IsEmpty(NEW.{c}))
    BEGIN INSERT OR REPLACE INTO {r} VALUES (NEW.fid, {box}); END;
    CREATE TRIGGER "rtree_{table}_{column}_update1" AFTER UPDATE OF {c} ON {t}
      WHEN OLD.fid = NEW.fid AND (NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c}))
    BEGIN INSERT OR REPLACE INTO {r} VALUES (NEW.fid, {box}); END;
    CREATE TRIGGER "rtree_{table}_{column}_update2" AFTER UPDATE OF {c} ON {t}
      WHEN OLD.fid = NEW.fid AND (NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c}))
    BEGIN DELETE FROM {r} WHERE id = OLD.fid; END;
    CREATE TRIGGER "rtree_{table}_{column}_update3" AFTER UPDATE ON {t}
      WHEN OLD.fid != NEW.fid AND (NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c}))
    BEGIN DELETE FROM {r} WHERE id = OLD.fid; INSERT OR REPLACE INTO {r} VALUES (NEW.fid, {box}); END;
    CREATE TRIGGER "rtree_{table}_{column}_update4" AFTER UPDATE ON {t}
      WHEN OLD.fid != NEW.fid AND (NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c}))
    BEGIN DELETE FROM {r} WHERE id IN (OLD.fid, NEW.fid); END;
    CREATE TRIGGER "rtree_{table}_{column}_delete" AFTER DELETE ON {t}
      WHEN old.{c} NOT NULL
    BEGIN DELETE FROM {r} WHERE id = OLD.fid; END;
    """


def _write_metadata(connection: sqlite3.Connection, metadata: Mapping[str, str]) -> None:
    """The export's facts (its id above all) as one dataset-scope gpkg_metadata record in JSON."""
    connection.executescript(
        """
        CREATE TABLE gpkg_metadata (
            id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL, md_scope TEXT NOT NULL DEFAULT 'dataset',
            md_standard_uri TEXT NOT NULL, mime_type TEXT NOT NULL DEFAULT 'text/xml',
            metadata TEXT NOT NULL DEFAULT '');
        CREATE TABLE gpkg_metadata_reference (
            reference_scope TEXT NOT NULL, table_name TEXT, column_name TEXT, row_id_value INTEGER,
            timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            md_file_id INTEGER NOT NULL, md_parent_id INTEGER,
            CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id),
            CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id));
        """
    )
    for table in ("gpkg_metadata", "gpkg_metadata_reference"):
        connection.execute(
            "INSERT INTO gpkg_extensions VALUES (?, NULL, 'gpkg_metadata', ?, 'read-write')",
            (table, "http://www.geopackage.org/spec120/#extension_metadata"),
        )
    cursor = connection.execute(
        "INSERT INTO gpkg_metadata (md_scope, md_standard_uri, mime_type, metadata) VALUES ('dataset', ?, ?, ?)",
        (METADATA_URI, "application/json", json.dumps(dict(metadata), sort_keys=True)),
    )
    connection.execute(
        "INSERT INTO gpkg_metadata_reference (reference_scope, md_file_id) VALUES ('geopackage', ?)",
        (cursor.lastrowid,),
    )


def _sql_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "BOOLEAN":
        return 1 if value else 0
    if kind == "DATETIME" and isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value.isoformat(timespec="milliseconds") + "Z"
    if kind == "DATE" and isinstance(value, datetime.date):
        return value.isoformat()
    if kind == "REAL" and isinstance(value, Decimal):
        return float(value)
    if kind == "TEXT" and not isinstance(value, str):
        return str(value)
    return value


def encode_geometry(wkb: bytes, srid: int) -> tuple[bytes, tuple[float, float, float, float] | None]:
    """GeoPackage binary (header, xy envelope, then the WKB) and the envelope (minx, maxx, miny, maxy)."""
    envelope = wkb_envelope(wkb)
    if envelope is None:
        # Flags: little-endian header, no envelope, empty geometry.
        return b"GP\x00" + bytes([0b00010001]) + struct.pack("<i", srid) + wkb, None
    return b"GP\x00" + bytes([0b00000011]) + struct.pack("<i", srid) + struct.pack("<4d", *envelope) + wkb, envelope


def wkb_envelope(wkb: bytes) -> tuple[float, float, float, float] | None:
    """(minx, maxx, miny, maxy) of an ISO or extended WKB geometry; None when it is empty.

    Read with struct rather than GEOS: GeoDjango's `extent` walks every coordinate in Python.
    """
    xs: list[float] = []
    ys: list[float] = []

    def read(offset: int) -> int:
        order = "<" if wkb[offset] == 1 else ">"
        (code,) = struct.unpack_from(order + "I", wkb, offset + 1)
        offset += 5
        if code & 0x20000000:  # EWKB: an SRID follows
            offset += 4
        dims = 2 + bool(code & 0x80000000) + bool(code & 0x40000000)
        code &= 0x0FFFFFFF
        kind, iso = code % 1000, code // 1000
        dims += {0: 0, 1: 1, 2: 1, 3: 2}[iso]
        if kind == 1:
            point = struct.unpack_from(f"{order}{dims}d", wkb, offset)
            if point[0] == point[0]:  # NaN coordinates are an empty point
                xs.append(point[0])
                ys.append(point[1])
            return offset + 8 * dims
        if kind in (2, 3):
            rings = 1
            if kind == 3:
                (rings,) = struct.unpack_from(order + "I", wkb, offset)
                offset += 4
            for _ring in range(rings):
                (count,) = struct.unpack_from(order + "I", wkb, offset)
                coords = struct.unpack_from(f"{order}{count * dims}d", wkb, offset + 4)
                xs.extend(coords[0::dims])
                ys.extend(coords[1::dims])
                offset += 4 + 8 * dims * count
            return offset
        if kind in (4, 5, 6, 7):
            (parts,) = struct.unpack_from(order + "I", wkb, offset)
            offset += 4
            for _part in range(parts):
                offset = read(offset)
            return offset
        raise GeoPackageError(f"unsupported WKB geometry type {code}")

    try:
        read(0)
    except (struct.error, IndexError, KeyError) as error:
        raise GeoPackageError(f"unreadable WKB: {error}") from error
    if not xs:
        return None
    return min(xs), max(xs), min(ys), max(ys)


_ENVELOPE_DOUBLES = {0: 0, 1: 4, 2: 6, 3: 6, 4: 8}


def decode_geometry(blob: bytes | memoryview | None) -> tuple[bytes | None, int]:
    """(WKB, srid) from a GeoPackage binary geometry; WKB is None for a null or empty geometry."""
    if blob is None:
        return None, 0
    data = bytes(blob)
    if len(data) < 8 or data[:2] != b"GP":
        raise GeoPackageError("not a GeoPackage binary geometry (no GP magic)")
    flags = data[3]
    indicator = (flags >> 1) & 0b111
    if indicator not in _ENVELOPE_DOUBLES:
        raise GeoPackageError(f"invalid envelope indicator {indicator}")
    (srid,) = struct.unpack("<i" if flags & 1 else ">i", data[4:8])
    if flags & 0b00010000:
        return None, srid
    return data[8 + 8 * _ENVELOPE_DOUBLES[indicator] :], srid


def read_geometry(blob: bytes | memoryview | None) -> GEOSGeometry | None:
    """The geometry of a GeoPackage blob as sound 2D WGS 84 GEOS (via OGR, which also reads ISO WKB
    with Z or M); ValueError when it is empty or out of range (`sound_geometry`)."""
    wkb, srid = decode_geometry(blob)
    if wkb is None:
        return None
    return sound_geometry(OGRGeometry(memoryview(wkb)).geos, srid if srid > 0 else 4326)


@dataclass(frozen=True)
class Feature:
    fid: int
    geometry_blob: bytes | None
    values: dict[str, Any]


def open_geopackage(path: Path) -> sqlite3.Connection:
    """A read-only connection after checking the file is a GeoPackage."""
    try:
        connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        (application_id,) = connection.execute("PRAGMA application_id").fetchone()
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise GeoPackageError(f"not a GeoPackage (SQLite file): {error}") from error
    if application_id != APPLICATION_ID or "gpkg_contents" not in tables:
        connection.close()
        raise GeoPackageError("not a GeoPackage: no GPKG application id or gpkg_contents table")
    return connection


def read_metadata(connection: sqlite3.Connection) -> dict[str, str]:
    """The dataset metadata this module wrote; {} when the file has none."""
    try:
        row = connection.execute(
            "SELECT metadata FROM gpkg_metadata WHERE md_standard_uri = ? ORDER BY id LIMIT 1", (METADATA_URI,)
        ).fetchone()
    except sqlite3.OperationalError:
        return {}
    if row is None:
        return {}
    try:
        value = json.loads(row[0])
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def layer_names(connection: sqlite3.Connection) -> list[str]:
    """The feature layers gpkg_contents lists and the file really holds (a damaged file may list more)."""
    listed = connection.execute(
        "SELECT table_name FROM gpkg_contents WHERE data_type = 'features'"
        " AND table_name IN (SELECT name FROM sqlite_master WHERE type IN ('table', 'view'))"
    )
    return [row[0] for row in listed]


def read_features(connection: sqlite3.Connection, layer: str) -> Iterator[Feature]:
    """Every feature of a layer, by fid, with its geometry blob and its other columns by name."""
    if layer not in layer_names(connection):
        raise GeoPackageError(f"layer {layer} is not in the file (gpkg_contents may list it, but it has no such table)")
    row = connection.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (layer,)).fetchone()
    if row is None:
        raise GeoPackageError(f"layer {layer} has no geometry column")
    geometry_column = row[0]
    columns = [info[1] for info in connection.execute(f'PRAGMA table_info("{layer}")')]
    key = next((info[1] for info in connection.execute(f'PRAGMA table_info("{layer}")') if info[5] == 1), "fid")
    others = [c for c in columns if c not in (key, geometry_column)]
    select = ", ".join(f'"{c}"' for c in [key, geometry_column, *others])
    for values in connection.execute(f'SELECT {select} FROM "{layer}" ORDER BY "{key}"'):
        yield Feature(int(values[0]), values[1], dict(zip(others, values[2:], strict=True)))
