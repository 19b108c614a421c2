"""`./dev bench` figures for GeoPackage: the round-trip export and import, and the writer at 100,000 rows."""

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
