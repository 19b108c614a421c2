"""`./dev bench`: speed figures on the demo data, as ratios within one run (machines are noisy).

Measures the map GeoJSON against the raw SQL it is built from, keyset paging deep in the list
against the first page, and the report queries. Prints a table; asserts nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.test import Client


def _timed(fn: Callable[[], object], repeat: int = 7) -> float:
    fn()  # warm caches
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _raw_geojson() -> list[tuple[object, ...]]:
    """The bar for the map: each mapped polygon's id, reference and GeoJSON, read with a plain cursor."""
    from django.db import connection

    function = "ST_AsGeoJSON" if connection.vendor == "postgresql" else "AsGeoJSON"
    with connection.cursor() as cursor:
        # Precision 6, as the map asks for: the same text the page sends.
        cursor.execute(
            f"SELECT id, reference, {function}(geometry, 6) FROM hazards_hazardarea WHERE geometry IS NOT NULL"
        )
        return cursor.fetchall()


def national_map_figures(client: Client) -> None:
    """The map GeoJSON with 100,000 more hazards (the disaster bench's synthetic grid, rolled back)."""
    from django.db import transaction

    from minefree.disaster.bench import SYNTHETIC, insert_synthetic

    with transaction.atomic():
        insert_synthetic()
        page = _timed(lambda: client.get("/hazards/map.geojson").content, repeat=3)
        raw = _timed(_raw_geojson, repeat=3)
        transaction.set_rollback(True)
    print(f"{f'map, +{SYNTHETIC:,} hazards':<24} {page * 1000:8.1f} ms  (raw SQL {raw * 1000:.1f} ms)")
    print(f"{'map page / raw SQL':<24} {page / raw:8.2f} x   (same, at national scale)")


def main() -> int:
    os.environ.setdefault("MINEFREE_DATA_DIR", str(Path(tempfile.gettempdir()) / "minefree-bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minefree.settings")
    os.environ.setdefault("MINEFREE_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from minefree.demo.generate import build_demo, demo_exists
    from minefree.hazards.models import HazardAreaState
    from minefree.reporting import land

    call_command("migrate", verbosity=0, interactive=False)
    if not demo_exists():
        print("building the demo data once...", file=sys.stderr)
        build_demo("bench-password")
    client = Client()
    client.force_login(User.objects.get(username="tnmac.im"))
    engine = connection.vendor

    def map_geojson() -> object:
        return client.get("/hazards/map.geojson").content

    first = client.get("/api/v1/hazards/?page_size=20").json()
    url = first["next"]
    for _ in range(5):
        url = client.get(url).json()["next"] or url
    deep_url = url

    rows = [
        ("map GeoJSON (page)", _timed(map_geojson)),
        ("map GeoJSON (raw SQL)", _timed(_raw_geojson)),
        ("API hazards page 1", _timed(lambda: client.get("/api/v1/hazards/?page_size=20"))),
        ("API hazards page 6", _timed(lambda: client.get(deep_url))),
        (
            "contamination report",
            _timed(lambda: land.contamination(HazardAreaState.objects.all(), dt.date(2019, 3, 31), country="TJK")),
        ),
        ("reports index", _timed(lambda: client.get("/reports/"))),
    ]
    print(f"engine: {engine}; hazardous areas: {len(_raw_geojson())}")
    for name, seconds in rows:
        print(f"{name:<24} {seconds * 1000:8.1f} ms")
    print(f"{'map page / raw SQL':<24} {rows[0][1] / rows[1][1]:8.2f} x   (goal: under 2x the raw query)")
    print(f"{'page 6 / page 1':<24} {rows[3][1] / rows[2][1]:8.2f} x   (keyset paging: about 1x)")
    national_map_figures(client)
    from minefree.ogcapi.bench import ogc_figures

    ogc_figures(client, _timed)  # a 10,000-feature page of 100,000 hazards against the raw SQL; page 10 / page 1
    from minefree.ogcapi.peer_bench import peer_figures

    limited = Client()  # the demo's clerk whose grant holds in Khatlon only
    limited.force_login(User.objects.get(username="npa.khatlon"))
    peer_figures(client, limited, _timed)  # 1,000 features, a bbox, an area grant, the REST API, pygeoapi
    public = Client()  # no login: the public dashboard, for slow connections
    size = len(public.get("/dashboard/public/").content)
    print(f"{'public dashboard page':<24} {_timed(lambda: public.get('/dashboard/public/')) * 1000:8.1f} ms")
    print(f"{'public dashboard size':<24} {size / 1024:8.1f} KB  (goal: under 60 KB uncompressed, no script)")
    print(f"{'NMAC dashboard page':<24} {_timed(lambda: client.get('/dashboard/')) * 1000:8.1f} ms")
    # One letter matches something in every group: the most a search reads (each group is bounded).
    print(f"{'search page, q=a':<24} {_timed(lambda: client.get('/search/?q=a')) * 1000:8.1f} ms")
    from minefree.exports.bench import export_figures

    export_figures(client, _timed)  # each format's export of every hazard against the raw SQL read
    from minefree.geopackage.geopackage_bench import geopackage_figures

    geopackage_figures(User.objects.get(username="tnmac.im"), _timed)  # round trip, and the writer at 100,000 rows
    from minefree.legacy.bench import SYNTHETIC, legacy_figures

    # N legacy hazard polygons against ogr2ogr into PostGIS, and the import's memory at N and 2N.
    legacy_figures(int(os.environ.get("MINEFREE_BENCH_LEGACY_ROWS") or SYNTHETIC))
    from minefree.disaster.bench import overlay_figures

    for name, seconds in overlay_figures(_timed):  # 100,000 synthetic hazards, rolled back (goal: under 2 s)
        print(f"{name:<24} {seconds * 1000:8.1f} ms")
    from minefree.reporting.treaty.bench import article7_figures

    article7_figures(_timed)  # the 2019 report on the demo, then with 20,000 more areas (rolled back)
    from minefree.national_bench import national_figures

    national_figures(client, limited)  # dashboards and Article 7 at 100,000 hazards, 1,000,000 finds (p95)
    from minefree.fieldcollection.openrosa_bench import get_blank_forms_figures

    get_blank_forms_figures()  # a phone's whole form download, cold (goal: 13 forms under 2 s)

    from minefree.stress import stress_figures

    stress_figures()  # 16 writers for 30 s on a served demo: SpatiaLite, and PostGIS when it answers
    return 0


if __name__ == "__main__":
    sys.exit(main())
