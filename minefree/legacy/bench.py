"""`./dev bench` figures for the legacy import: N hazard polygons from a GeoPackage, against ogr2ogr.

Writes a GeoPackage of N small polygons (each inside a district, IMSMA-like columns) with pyogrio,
times `ogr2ogr -f PostgreSQL` loading it into a scratch PostGIS database, and our import of the
same file with every check (rolled back), and prints both rates and their ratio (goal: at least
0.5). Memory: each size runs in a child process, whose peak RSS is printed at N and 2N (goal: flat).

    python -m minefree.legacy.bench [N]        # N defaults to 100,000; 2,000 is a quick look
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SYNTHETIC = 100_000
SIDE = 0.0004  # degrees: a box of about 1,500 m²
SCRATCH_DB = "minefree_bench_ogr2ogr"
PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}
CONNINFO = f"host={PG['host']} port={PG['port']} user={PG['user']}"


def write_file(path: Path, count: int) -> None:
    """`count` boxes on a grid, each wholly inside one district, with the district's code."""
    import numpy as np
    import pyogrio.raw
    from django.contrib.gis.geos import Polygon

    from minefree.gazetteer.models import AdminArea

    districts = [(a.code, a.boundary.prepared, a.boundary.extent) for a in AdminArea.objects.filter(level=2)]
    wkb: list[bytes] = []
    codes: list[str] = []
    per = count // len(districts) + 1
    for code, prepared, (x0, y0, x1, y1) in districts:
        step = max(SIDE * 2, min(x1 - x0, y1 - y0) / (per**0.5 * 1.6))
        made = 0
        y = y0
        while y < y1 and made < per and len(wkb) < count:
            x = x0
            while x < x1 and made < per and len(wkb) < count:
                box = Polygon.from_bbox((x, y, x + SIDE, y + SIDE))
                box.srid = 4326
                if prepared.covers(box):
                    wkb.append(bytes(box.wkb))
                    codes.append(code)
                    made += 1
                x += step
            y += step
    n = len(wkb)
    if n < count:
        raise RuntimeError(f"only {n} boxes fit the districts; lower SIDE")
    fields = [
        np.array([f"{{00000000-0000-4000-8000-{i:012d}}}" for i in range(n)], dtype=object),
        np.array([f"HA-{i:06d}" for i in range(n)], dtype=object),
        np.array([f"Bench field {i}" for i in range(n)], dtype=object),
        np.array(["Confirmed Hazardous Area" if i % 3 else "Suspected Hazardous Area" for i in range(n)], dtype=object),
        np.array(["AP mines"] * n, dtype=object),
        np.array(codes, dtype=object),
        np.array([f"{(i % 28) + 1:02d}/05/2015" for i in range(n)], dtype=object),
        np.array([1500.0 + i % 100 for i in range(n)]),
    ]
    names = ["GUID", "LOCALID", "HAZ_NAME", "HAZ_TYPE", "CONTAM", "DISTRICT", "DATE_INFO", "AREA_M2"]
    pyogrio.raw.write(
        str(path),
        np.array(wkb, dtype=object),
        fields,
        names,
        layer="HAZARDS",
        driver="GPKG",
        geometry_type="Polygon",
        crs="EPSG:4326",
    )


# The mapping of the IMSMA-like hazard layer the bench writes, and the legacy tests' files too.
MAPPING: dict[str, Any] = {
    "target": "hazard",
    "guid": "GUID",
    "local_id": "LOCALID",
    "date_formats": ["dd/mm/yyyy", "excel"],
    "fields": {
        "name": "HAZ_NAME",
        "classification": {
            "column": "HAZ_TYPE",
            "values": {"Confirmed Hazardous Area": "CHA", "Suspected Hazardous Area": "SHA"},
        },
        "contamination": {"column": "CONTAM", "values": {"AP mines": "ap_mines"}},
        "admin_area": {"column": "DISTRICT", "by": "code"},
        "recorded_on": "DATE_INFO",
        "recorded_area_m2": "AREA_M2",
    },
}


def ogr2ogr_seconds(path: Path) -> float | None:
    """ogr2ogr loading the file into a fresh PostGIS database, or None when PostGIS does not answer."""
    import psycopg

    try:
        with psycopg.connect(f"{CONNINFO} dbname=postgres connect_timeout=3", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
            conn.execute(f"CREATE DATABASE {SCRATCH_DB}")
        with psycopg.connect(f"{CONNINFO} dbname={SCRATCH_DB}", autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    except psycopg.OperationalError:
        return None
    target = f"PG:host={PG['host']} port={PG['port']} user={PG['user']} dbname={SCRATCH_DB}"
    start = time.perf_counter()
    subprocess.run(
        ["/usr/bin/ogr2ogr", "-f", "PostgreSQL", target, str(path), "HAZARDS", "-nln", "hazards", "-overwrite"],
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - start
    with psycopg.connect(f"{CONNINFO} dbname=postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
    return seconds


def import_seconds(path: Path) -> tuple[float, float, int]:
    """Our import of the file with every check, in a transaction rolled back: seconds, CPU seconds of
    this process (what a busy machine's wall clock hides; PostgreSQL's own work is not in it), rows."""
    from django.contrib.auth.models import User
    from django.db import transaction

    from minefree.legacy.mapping import parse
    from minefree.legacy.run import import_file

    user = User.objects.get(username="tnmac.im")
    mapping = parse(MAPPING)
    with transaction.atomic():
        start, cpu = time.perf_counter(), time.process_time()
        outcome = import_file(path, mapping, user=user)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        if outcome.problems or outcome.counts.created != outcome.rows:
            raise RuntimeError(f"the bench file has problems: {outcome.problems[:3]}")
        transaction.set_rollback(True)
    return seconds, cpu, outcome.rows


def peak_rss_mb() -> float:
    """This process's peak resident memory. Not getrusage's ru_maxrss: Linux keeps the parent's
    across fork and exec, and the parent held the file's rows while writing it."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(path: Path) -> None:
    """The import alone, in a fresh process, so its peak RSS is the import's: one line of figures."""
    from django.contrib.auth.models import User

    User.objects.filter(username="tnmac.im").exists()  # the connection and the models loaded
    base = peak_rss_mb()
    seconds, cpu, rows = import_seconds(path)
    peak = peak_rss_mb()
    print(f"{rows} {seconds:.3f} {cpu:.3f} {base:.1f} {peak:.1f}", flush=True)


def _import_in_child(path: Path) -> tuple[int, float, float, float, float]:
    out = (
        subprocess.run(
            [sys.executable, "-m", "minefree.legacy.bench", "--child", str(path)],
            check=True,
            capture_output=True,
            text=True,
            env=os.environ.copy(),
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    rows, seconds, cpu, base, peak = out.split()
    return int(rows), float(seconds), float(cpu), float(base), float(peak)


def legacy_figures(count: int = SYNTHETIC) -> None:
    """Print the rates at `count` and the import's peak memory at `count` and twice that."""
    from django.db import connection

    with tempfile.TemporaryDirectory() as folder:
        path, double = Path(folder) / "legacy.gpkg", Path(folder) / "legacy2.gpkg"
        write_file(path, count)
        ogr = ogr2ogr_seconds(path)
        rows, ours, cpu, base, peak = _import_in_child(path)
        path.unlink()
        write_file(double, count * 2)
        rows2, ours2, _cpu2, base2, peak2 = _import_in_child(double)
    print(f"legacy import, {rows:,} polygons ({connection.vendor}), every check, rolled back")
    print(f"{'our import':<24} {rows / ours:8.0f} features/s  ({ours:.1f} s; {rows / cpu:.0f} per CPU second of it)")
    if ogr is None:
        print(f"{'ogr2ogr -> PostGIS':<24}  PostGIS did not answer; no ratio")
    else:
        print(f"{'ogr2ogr -> PostGIS':<24} {rows / ogr:8.0f} features/s  ({ogr:.1f} s)")
        print(f"{'ours / ogr2ogr':<24} {ogr / ours:8.2f} x   (goal: at least 0.5)")
    print(f"{'import peak RSS at N':<24} {peak:8.1f} MB  (process before it {base:.1f} MB)")
    print(
        f"{'import peak RSS at 2N':<24} {peak2:8.1f} MB"
        f"  (process before it {base2:.1f} MB; {rows2 / ours2:.0f} features/s)"
    )
    print(f"{'growth 2N / N':<24} {(peak2 - base2) / max(peak - base, 1e-6):8.2f} x   (goal: about 1, flat)")


def _setup() -> None:
    os.environ.setdefault("MINEFREE_DATA_DIR", str(Path(tempfile.gettempdir()) / "minefree-bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minefree.settings")
    import django

    django.setup()


def main(argv: list[str]) -> int:
    _setup()
    if argv[:1] == ["--child"]:
        child(Path(argv[1]))
        return 0
    from django.core.management import call_command

    from minefree.demo.generate import build_demo, demo_exists

    call_command("migrate", verbosity=0, interactive=False)
    if not demo_exists():
        print("building the demo data once...", file=sys.stderr)
        build_demo("bench-password")
    legacy_figures(int(argv[0]) if argv else SYNTHETIC)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
