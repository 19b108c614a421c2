"""`./dev bench` figures for GeoPackage: the round-trip export and import (features imported per second), and
the writer at 100,000 rows."""

from __future__ import annotations

import struct
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.db import transaction

from minefree.geopackage.geopackage import Layer, write_geopackage

SYNTHETIC_ROWS = 100_000


def _synthetic(count: int) -> Iterator[tuple[bytes, list[Any]]]:
    """Small squares as ISO WKB, packed directly so the figure measures the writer, not GEOS."""
    for n in range(count):
        x, y = 60 + (n % 1000) * 0.01, 35 + (n // 1000) * 0.01
        ring = (x, y, x + 0.005, y, x + 0.005, y + 0.005, x, y + 0.005, x, y)
        wkb = struct.pack("<BIIBIII10d", 1, 6, 1, 1, 3, 1, 5, *ring)  # MultiPolygon of one Polygon
        yield wkb, [f"HA-{n}", "SHA", 25.0 * n]


def _write_into(path: Path, count: int) -> None:
    fields = [("reference", "TEXT"), ("classification", "TEXT"), ("area_m2", "REAL")]
    write_geopackage(path, [Layer("hazard_areas", "MULTIPOLYGON", fields, _synthetic(count))])


def _write(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _write_into(Path(folder) / "big.gpkg", count)


def count_seconds(timed: Callable[[Callable[[], object]], float]) -> float:
    """What an upload costs the request before it becomes a job: counting SYNTHETIC_ROWS features."""
    from minefree.geopackage.geopackage_import import feature_count

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.gpkg"
        _write_into(path, SYNTHETIC_ROWS)
        assert feature_count(path) == SYNTHETIC_ROWS
        return timed(lambda: feature_count(path))


def _peak_mb(count: int) -> float:
    tracemalloc.start()
    _write(count)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return peak


def writer_figures() -> tuple[float, float, float]:
    """Seconds to stream SYNTHETIC_ROWS polygons into a file, and peak Python memory (MB) at 1/50 and 1/5 of that.

    Streaming means the peak does not grow with the rows (tracemalloc slows the run, so it is timed apart).
    """
    start = time.perf_counter()
    _write(SYNTHETIC_ROWS)
    seconds = time.perf_counter() - start
    return seconds, _peak_mb(SYNTHETIC_ROWS // 50), _peak_mb(SYNTHETIC_ROWS // 5)


def geopackage_figures(user: Any, timed: Callable[[Callable[[], object]], float]) -> None:
    """Print the figures; the exports and imports made are rolled back."""
    from minefree.geopackage.geopackage_export import export_geopackage, exporting_organisations
    from minefree.geopackage.geopackage_import import read_plan

    organisation = exporting_organisations(user).first()
    if organisation is None:
        return
    with tempfile.TemporaryDirectory() as folder, transaction.atomic():
        path = Path(folder) / "round-trip.gpkg"
        export = export_geopackage(user, organisation, path)
        export_seconds = timed(lambda: export_geopackage(user, organisation, Path(folder) / "again.gpkg"))
        plan_seconds = timed(lambda: read_plan(user, path))
        transaction.set_rollback(True)
    print(
        f"{'GeoPackage export':<24} {export_seconds * 1000:8.1f} ms  "
        f"({export.hazard_count} areas, {export.activity_count} activities)"
    )
    print(f"{'GeoPackage import check':<24} {plan_seconds * 1000:8.1f} ms  (the unchanged file read and compared)")
    print_import_figures()  # an edited file through the whole import: features per second
    counting = count_seconds(timed)
    print(f"{'GeoPackage import count':<24} {counting * 1000:8.1f} ms  ({SYNTHETIC_ROWS} features: job or not)")
    seconds, small, large = writer_figures()
    print(
        f"{'GeoPackage writer':<24} {seconds * 1000:8.1f} ms  ({SYNTHETIC_ROWS} polygons streamed, "
        f"{SYNTHETIC_ROWS / seconds:,.0f} rows/s)"
    )
    print(
        f"{'GeoPackage writer memory':<24} {small:8.2f} MB at {SYNTHETIC_ROWS // 50} rows, {large:.2f} MB at "
        f"{SYNTHETIC_ROWS // 5} rows  (streamed: about the same)"
    )


IMPORT_NEW = 1000  # new areas drawn in the round-trip file the import figure reads
SQUARE = 0.001  # degrees: a new area about 100 m across


def _new_squares(districts: Any, count: int) -> list[bytes]:
    """`count` small squares, each wholly inside one of `districts`, as ISO WKB multipolygons."""
    from django.contrib.gis.geos import MultiPolygon, Polygon

    squares: list[bytes] = []
    for district in districts:
        inside = district.boundary.prepared
        x0, y0, x1, y1 = district.boundary.extent
        step = max((x1 - x0) / 80, SQUARE * 2)
        y = y0
        while y < y1 and len(squares) < count:
            x = x0
            while x < x1 and len(squares) < count:
                ring = ((x, y), (x + SQUARE, y), (x + SQUARE, y + SQUARE), (x, y + SQUARE), (x, y))
                square = MultiPolygon(Polygon(ring), srid=4326)
                if inside.contains(square):
                    squares.append(bytes(square.wkb))
                x += step
            y += step
        if len(squares) >= count:
            break
    return squares


def _with_rtree_functions(connection: Any) -> None:
    """The ST_* functions GDAL's R-tree triggers call on any update (QGIS and GDAL bring their own)."""
    from minefree.geopackage.geopackage import read_geometry

    def extent(blob: bytes | None, index: int) -> float | None:
        geom = read_geometry(blob)
        return None if geom is None else float(geom.extent[index])

    for index, name in enumerate(("ST_MinX", "ST_MinY", "ST_MaxX", "ST_MaxY")):
        connection.create_function(name, 1, lambda blob, index=index: extent(blob, index))
    connection.create_function("ST_IsEmpty", 1, lambda blob: 1 if read_geometry(blob) is None else 0)


def edited_round_trip(user: Any, organisation: Any, path: Path, new: int) -> Any:
    """An export of `organisation` edited as a team would: every area renamed, `new` areas drawn (no district code)."""
    import sqlite3

    from minefree.gazetteer.models import AdminArea
    from minefree.geopackage.geopackage import encode_geometry
    from minefree.geopackage.geopackage_export import HAZARD_LAYER, export_geopackage

    export = export_geopackage(user, organisation, path)
    districts = AdminArea.objects.filter(level=AdminArea.Level.DISTRICT, hazard_areas__operator=organisation)
    squares = _new_squares(districts.distinct().order_by("code"), new)
    with sqlite3.connect(path) as connection:
        _with_rtree_functions(connection)
        connection.execute(f"UPDATE {HAZARD_LAYER} SET name = name || ' (checked)'")
        connection.executemany(
            f"INSERT INTO {HAZARD_LAYER} (geom, name, classification, contamination) VALUES (?, ?, 'SHA', 'ap_mines')",
            [(encode_geometry(wkb, 4326)[0], f"Drawn {n}") for n, wkb in enumerate(squares)],
        )
    return export


def import_figures(
    username: str = "npa.clerk", acronym: str = "NPA", new: int = IMPORT_NEW
) -> tuple[int, float, float, int]:
    """Features imported, seconds, CPU seconds of this process, queries: an edited round-trip file through
    the full import (rolled back). CPU time says what a busy machine's wall clock hides (SQLite runs in
    this process; PostgreSQL's own work is not in it)."""
    from django.contrib.auth.models import User
    from django.db import connection

    from minefree.geopackage.geopackage_import import import_geopackage
    from minefree.organisations.models import Organisation

    user = User.objects.get(username=username)
    organisation = Organisation.objects.get(acronym=acronym)
    with tempfile.TemporaryDirectory() as folder, transaction.atomic():
        path = Path(folder) / "edited.gpkg"
        edited_round_trip(user, organisation, path, new)
        samples = []
        for _ in range(2):  # the first run warms caches (content types, translations)
            queries = 0

            def counted(execute: Any, *args: Any) -> Any:
                nonlocal queries
                queries += 1
                return execute(*args)

            with transaction.atomic(), connection.execute_wrapper(counted):
                start, cpu = time.perf_counter(), time.process_time()
                result = import_geopackage(user, path, path.name)
                samples.append((time.perf_counter() - start, time.process_time() - cpu, queries))
                transaction.set_rollback(True)
        transaction.set_rollback(True)
    seconds, cpu, count = samples[-1]
    return len(result.created), seconds, cpu, count


def print_import_figures() -> None:
    features, seconds, cpu, queries = import_figures()
    print(
        f"{'GeoPackage round trip':<24} {seconds * 1000:8.1f} ms  ({features} edited features, "
        f"{features / seconds:,.0f} features/s, {features / cpu:,.0f} per CPU second of this process, "
        f"{queries / max(features, 1):.2f} queries each; goal: 1,000/s)"
    )
