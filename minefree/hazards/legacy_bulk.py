"""The set-based path of the hazard import: a batch's polygons checked and written in SQL.

A legacy file is mostly polygons that pass every check: valid, on the export grid, wholly inside
the district they name and its country. For a batch, their WKB (never a GEOS object per row) goes
into a temporary table (COPY on PostGIS, one executemany on SpatiaLite), and one query answers for
every row whether it passes all of `check_polygon` and `placed` at once. The district is the one
the row names (joined by key; the engine prepares each boundary once for the many polygons it
holds). Only the rows that do not pass go through the per-row checks, which name the problem.
The new hazards that passed are then written with INSERT ... SELECT from the same table: the
hazard, its CREATE event and first state, its external ids and its audit entry, five statements.

What the per-row path would store, this path stores: the polygon as a multipolygon, its area in
its UTM zone (`area_m2`), the same event, state, external id and audit rows (see `HazardTarget`).
The statements are the same on both engines but for a few function names (`DIALECTS`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection
from django.utils import timezone

from minefree.core.models import AuditEntry
from minefree.gazetteer.models import AdminArea
from minefree.hazards.models import HazardArea, HazardAreaState, HazardEvent
from minefree.legacy.models import ExternalId
from minefree.legacy.targets import Row

STAGE = "legacy_hazard_stage"
NEW = "legacy_hazard_new"

# What differs between PostGIS and SpatiaLite in the statements below.
DIALECTS = {
    "postgresql": {
        "two_d": "ST_NDims(g.geom) = 2",
        "xmin": "ST_XMin",
        "xmax": "ST_XMax",
        "ymin": "ST_YMin",
        "ymax": "ST_YMax",
        "repeated": "ST_RemoveRepeatedPoints",
        "wkt7": "ST_AsText(g.geom, 7)",
        "wkt17": "ST_AsText(h.geometry, 17)",
        "least": "LEAST",
        "greatest": "GREATEST",
        "json": "jsonb_build_object",
        "false": "false",
        "empty": "TRUNCATE {stage}, {new}",
        "bytes": "bytea",
        "flag": "h.mechanical_suitable",
    },
    "sqlite": {
        "two_d": "CoordDimension(g.geom) = 'XY'",
        "xmin": "ST_MinX",
        "xmax": "ST_MaxX",
        "ymin": "ST_MinY",
        "ymax": "ST_MaxY",
        "repeated": "RemoveRepeatedPoints",
        "wkt7": "AsWkt(g.geom, 7)",
        # SpatiaLite writes at most 15 digits, which do not always read back as the same number.
        "wkt17": "minefree_wkt(AsBinary(h.geometry))",
        "least": "MIN",
        "greatest": "MAX",
        "json": "json_object",
        "false": "0",
        "empty": "DELETE FROM {stage}; DELETE FROM {new}",
        "bytes": "blob",
        "flag": "json(CASE WHEN h.mechanical_suitable THEN 'true' ELSE 'false' END)",
    },
}

# Every check the per-row path makes of a polygon filed under a district, as one expression: the
# CASE makes GEOS look at where the polygon lies only once it is known to be valid (an invalid one
# could raise instead of answering).
PASSES = """
    CASE WHEN ST_IsEmpty(g.geom) OR NOT {two_d}
              OR GeometryType(g.geom) NOT IN ('POLYGON', 'MULTIPOLYGON')
              OR {xmin}(g.geom) < -180 OR {xmax}(g.geom) > 180
              OR {ymin}(g.geom) < -90 OR {ymax}(g.geom) > 90
              OR ST_NPoints(g.geom) <> ST_NPoints({repeated}(g.geom))
              OR NOT ST_IsValid(g.geom)
              OR NOT ST_IsValid(ST_GeomFromText({wkt7}, 4326))
         THEN {false}
         ELSE ST_Contains(d.boundary, g.geom) AND ST_CoveredBy(g.geom, c.boundary)
    END
"""

# The area `core.geometry.area_m2` gives: in the WGS 84 UTM zone of the polygon's centroid.
AREA = """
    ST_Area(ST_Transform(g.geom,
        (CASE WHEN ST_Y(ST_Centroid(g.geom)) >= 0 THEN 32600 ELSE 32700 END)
        + {least}(60, {greatest}(1, CAST(floor((ST_X(ST_Centroid(g.geom)) + 180) / 6) AS integer) + 1))))
"""


def available() -> bool:
    return connection.vendor in DIALECTS


def _sql(text: str) -> str:
    """`text` in this engine's dialect."""
    return text.format(stage=STAGE, new=NEW, **DIALECTS[connection.vendor])


def _copy(cursor: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Rows into a scratch table: COPY on PostgreSQL, one executemany on SQLite."""
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", list(rows))


def _wkt(wkb: bytes | None) -> str | None:
    """The WKT GEOS writes of a polygon, as the per-row path records it in the CREATE event."""
    return None if wkb is None else str(GEOSGeometry(memoryview(wkb)).wkt)


def _tables(cursor: Any) -> None:
    """The session's two scratch tables, made once and emptied for each batch."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("minefree_wkt", 1, _wkt, deterministic=True)
    cursor.execute(
        _sql(
            "CREATE TEMP TABLE IF NOT EXISTS {stage}"
            " (row integer PRIMARY KEY, wkb {bytes} NOT NULL, district_id bigint)"
        )
    )
    cursor.execute(
        f"""CREATE TEMP TABLE IF NOT EXISTS {NEW} (
            row integer PRIMARY KEY, id bigint, reference text, name text, classification text,
            contamination text, status text, mechanical_suitable boolean, recorded_on date,
            description text, admin_area_id bigint, country_id bigint, operator_id bigint,
            recorded_area_m2 double precision, guid text, local_id text)"""
    )
    for statement in _sql(_sql("{empty}")).split("; "):  # the dialect's statement names the tables
        cursor.execute(statement)


def finds_districts() -> bool:
    """Whether a polygon naming no district is checked here too, its district found by a spatial join.
    PostGIS only: SpatiaLite keeps no spatial index of district boundaries, and every polygon
    measured against every boundary took three times the per-row path (300 polygons: 11.9 s, 3.6 s)."""
    return connection.vendor == "postgresql"


def passing(rows: Iterable[tuple[int, bytes, int | None]], home_country: int | None) -> dict[int, int]:
    """The rows (number, polygon WKB, district id or None) whose polygon passes every check, each with
    its district: the one it names, or (naming none, `finds_districts`) the one district sharing ground
    with it, which holds it whole, in the home country (as `placed` finds it); the districts' boundaries
    are found through their spatial index. Staged for `create` until the next batch."""
    with connection.cursor() as cursor:
        _tables(cursor)
        _copy(cursor, STAGE, ("row", "wkb", "district_id"), rows)
        geoms = "(SELECT row, district_id, ST_GeomFromWKB(wkb, 4326) AS geom FROM {stage}"
        named = f"""SELECT g.row, d.id FROM {geoms} WHERE district_id IS NOT NULL) g
                    JOIN gazetteer_adminarea d ON d.id = g.district_id
                    JOIN gazetteer_country c ON c.id = d.country_id
                    WHERE {PASSES}"""
        found = f"""SELECT g.row, d.id FROM {geoms} WHERE district_id IS NULL) g
                    JOIN gazetteer_adminarea d ON d.level = %(level)s AND d.boundary && g.geom
                    JOIN gazetteer_country c ON c.id = %(home)s
                    WHERE CASE WHEN {PASSES} THEN NOT EXISTS (
                        SELECT 1 FROM gazetteer_adminarea o WHERE o.level = %(level)s AND o.id <> d.id
                        AND o.boundary && g.geom AND ST_Intersects(o.boundary, g.geom)) ELSE {{false}} END"""
        if finds_districts():
            cursor.execute(
                _sql(f"{named} UNION ALL {found}"),
                {"level": AdminArea.Level.DISTRICT.value, "home": home_country or 0},
            )
        else:
            cursor.execute(_sql(named))
        return dict(cursor.fetchall())


def _check_columns(model: type[Any], written: Sequence[str]) -> None:
    """A field added to a model and not written here would be left to the database: refuse instead."""
    columns = {f.column for f in model._meta.concrete_fields}
    if columns != set(written):
        raise RuntimeError(f"{model.__name__}'s columns changed: {sorted(columns ^ set(written))}")


HAZARD_COLUMNS = (
    "id",
    "version",
    "created_at",
    "updated_at",
    "reference",
    "name",
    "classification",
    "contamination",
    "status",
    "geometry",
    "area_m2",
    "mechanical_suitable",
    "recorded_on",
    "description",
    "admin_area_id",
    "country_id",
    "operator_id",
    "location",
    "recorded_area_m2",
)
EVENT_COLUMNS = ("id", "day", "kind", "changes", "cause", "recorded_at", "hazard_id", "activity_id")
STATE_COLUMNS = (
    "id",
    "valid_from",
    "valid_to",
    "classification",
    "contamination",
    "status",
    "geometry",
    "area_m2",
    "mechanical_suitable",
    "cause",
    "hazard_id",
)
EXTERNAL_COLUMNS = ("id", "object_id", "system", "guid", "local_id", "imported_at", "content_type_id")
AUDIT_COLUMNS = (
    "id",
    "time",
    "action",
    "object_id",
    "object_repr",
    "before",
    "after",
    "related_to",
    "content_type_id",
    "user_id",
    "source",
)


def _keys(cursor: Any, count: int) -> list[int]:
    """`count` primary keys for new hazards, taken before they are written (the statements after
    the hazards' own refer to them)."""
    table = HazardArea._meta.db_table
    if connection.vendor == "postgresql":
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
        return [pk for (pk,) in cursor.fetchall()]
    # SQLite: past the largest key ever given (AUTOINCREMENT's counter), as an insert would be;
    # the import's transaction holds the database's write lock.
    cursor.execute(
        f"SELECT max(COALESCE((SELECT max(id) FROM {table}), 0),"
        " COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
        [table],
    )
    (last,) = cursor.fetchone()
    return list(range(last + 1, last + 1 + count))


def create(
    new: Sequence[tuple[Row, dict[str, Any]]], *, cause: str, user_id: int | None, file: str, import_id: int
) -> list[int]:
    """Write the staged rows `new` (row, its hazard's values) as new hazards; their primary keys."""
    for model, columns in (
        (HazardArea, HAZARD_COLUMNS),
        (HazardEvent, EVENT_COLUMNS),
        (HazardAreaState, STATE_COLUMNS),
        (ExternalId, EXTERNAL_COLUMNS),
        (AuditEntry, AUDIT_COLUMNS),
    ):
        _check_columns(model, columns)
    now: dt.datetime = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    content_type = ContentType.objects.get_for_model(HazardArea).pk
    with connection.cursor() as cursor:
        ids = _keys(cursor, len(new))
        _copy(
            cursor,
            NEW,
            (
                "row",
                "id",
                "reference",
                "name",
                "classification",
                "contamination",
                "status",
                "mechanical_suitable",
                "recorded_on",
                "description",
                "admin_area_id",
                "country_id",
                "operator_id",
                "recorded_area_m2",
                "guid",
                "local_id",
            ),
            (
                (
                    row.number,
                    pk,
                    v["reference"],
                    v["name"],
                    v["classification"],
                    v["contamination"],
                    v["status"],
                    v["mechanical_suitable"],
                    connection.ops.adapt_datefield_value(v["recorded_on"]),
                    v["description"],
                    v["admin_area_id"],
                    v["country_id"],
                    v["operator_id"],
                    v["recorded_area_m2"],
                    row.guid,
                    row.local_id,
                )
                for (row, v), pk in zip(new, ids, strict=True)
            ),
        )
        joined = f"""FROM {NEW} n JOIN (SELECT row, ST_Multi(ST_GeomFromWKB(wkb, 4326)) AS geom FROM {STAGE}) g
                     ON g.row = n.row"""
        cursor.execute(
            _sql(f"""INSERT INTO {HazardArea._meta.db_table} ({", ".join(HAZARD_COLUMNS)})
                SELECT n.id, 1, %(now)s, %(now)s, n.reference, n.name, n.classification, n.contamination,
                       n.status, g.geom, {AREA}, n.mechanical_suitable, n.recorded_on, n.description,
                       n.admin_area_id, n.country_id, n.operator_id, NULL, n.recorded_area_m2
                {joined}"""),
            {"now": stamp},
        )
        # The hazards just written, in file order: their polygon and area are not computed again.
        written = f"FROM {NEW} n JOIN {HazardArea._meta.db_table} h ON h.id = n.id ORDER BY n.row"
        # What timeline.record_created writes: the CREATE event with the state fields (the polygon as
        # WKT), and the first state, open-ended from the date of information.
        cursor.execute(
            _sql(f"""INSERT INTO {HazardEvent._meta.db_table} ({", ".join(EVENT_COLUMNS[1:])})
                SELECT h.recorded_on, %(kind)s, {{json}}(
                           'classification', h.classification, 'contamination', h.contamination,
                           'status', h.status, 'geometry', {{wkt17}},
                           'mechanical_suitable', {{flag}}),
                       %(cause)s, %(now)s, h.id, NULL
                {written}"""),
            {"kind": HazardEvent.Kind.CREATE.value, "cause": cause, "now": stamp},
        )
        cursor.execute(
            f"""INSERT INTO {HazardAreaState._meta.db_table} ({", ".join(STATE_COLUMNS[1:])})
                SELECT h.recorded_on, NULL, h.classification, h.contamination, h.status, h.geometry,
                       h.area_m2, h.mechanical_suitable, %(cause)s, h.id
                {written}""",
            {"cause": cause},
        )
        cursor.execute(
            f"""INSERT INTO {ExternalId._meta.db_table} ({", ".join(EXTERNAL_COLUMNS[1:])})
                SELECT n.id, %(system)s, n.guid, n.local_id, %(now)s, %(ct)s
                FROM {NEW} n WHERE n.guid <> '' OR n.local_id <> '' ORDER BY n.row""",
            {"system": "imsma", "now": stamp, "ct": content_type},
        )
        cursor.execute(
            _sql(f"""INSERT INTO {AuditEntry._meta.db_table} ({", ".join(AUDIT_COLUMNS[1:])})
                SELECT %(now)s, %(cause)s, CAST(n.id AS text), substr(n.reference || ' ' || n.name, 1, 200), NULL,
                       {{json}}('reference', n.reference, 'name', n.name, 'row', n.row,
                                'import', CAST(%(import)s AS bigint)),
                       %(file)s, %(ct)s, %(user)s, ''
                FROM {NEW} n ORDER BY n.row"""),
            {
                "now": stamp,
                "cause": cause,
                "import": import_id,
                "file": file[:100],
                "ct": content_type,
                "user": user_id,
            },
        )
    return ids
