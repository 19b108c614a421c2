"""`./dev bench` at national scale: the dashboards, their API and the Article 7 report with
100,000 hazards with history, 1,000,000 ordnance records and 10,000 accidents
(`national_data.insert_national`), rolled back. Each page is timed over repeated requests and its
95th percentile printed beside the goal."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import connection, transaction

if TYPE_CHECKING:
    from django.test import Client

REQUESTS = 20  # per page, after one warm-up request


def p95(fn: Callable[[], object], repeat: int = REQUESTS) -> float:
    """The 95th percentile of `repeat` timed calls (seconds), after one untimed call."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    samples.sort()
    return samples[max(0, math.ceil(0.95 * len(samples)) - 1)]


def _ok(client: Client, url: str) -> Callable[[], object]:
    def get() -> object:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.content

    return get


def _line(name: str, seconds: float, goal: str) -> None:
    print(f"{name:<24} {seconds * 1000:8.1f} ms  ({goal})")


def _after_a_write(page: Callable[[], object]) -> float:
    """Seconds for the first request after a write to a counted table (its figures built afresh)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE hazards_hazardareastate SET cause = cause WHERE id = (SELECT MIN(id) FROM hazards_hazardareastate)"
        )
    start = time.perf_counter()
    page()
    return time.perf_counter() - start


def _overlap_check() -> object:
    """What saving a polygon asks: the remaining areas it overlaps (one square of the synthetic grid)."""
    from django.contrib.gis.geos import Polygon

    from minefree.hazards.checks import overlapping_hazards

    square = Polygon.from_bbox((70.0, 38.0, 70.003, 38.002))
    square.srid = 4326
    return overlapping_hazards(square)


def _plain_overlap() -> object:
    """The same candidates with a plain spatial filter, as the check read them before `meeting()`."""
    from django.contrib.gis.geos import Polygon

    from minefree.hazards.models import REMAINING, HazardArea

    square = Polygon.from_bbox((70.0, 38.0, 70.003, 38.002))
    square.srid = 4326
    return list(HazardArea.objects.filter(status__in=REMAINING, geometry__intersects=square).values_list("pk"))


def national_figures(client: Client, limited: Client) -> None:
    """`client` is the NMAC's information manager, `limited` a reader whose grant covers some areas."""
    from minefree.national_data import insert_national
    from minefree.reporting.treaty import build
    from minefree.reporting.treaty.sources import Sources

    public = type(client)()
    with transaction.atomic():
        started = time.perf_counter()
        counts = insert_national()
        built = time.perf_counter() - started
        print(
            f"national data: {counts['hazards_hazardarea']:,} hazards, {counts['hazards_hazardareastate']:,} states, "
            f"{counts['hazards_ordnancefind']:,} ordnance records, {counts['casualties_accident']:,} accidents "
            f"(built in {built:.1f} s, rolled back)"
        )
        _line("NMAC dashboard, p95", p95(_ok(client, "/dashboard/")), "goal: under 200 ms")
        _line("dashboard API, p95", p95(_ok(client, "/api/v1/dashboard/")), "goal: under 200 ms")
        _line("public dashboard, p95", p95(_ok(public, "/dashboard/public/")), "goal: under 200 ms")
        _line("NMAC dash, area grant", p95(_ok(limited, "/dashboard/")), "goal: under 200 ms")
        _line("hazards list, area grant", p95(_ok(limited, "/api/v1/hazards/?page_size=100")), "area ids first")
        _line("NMAC dashboard, rebuilt", _after_a_write(_ok(client, "/dashboard/")), "first reader after a write")
        plain = p95(_plain_overlap)
        _line("overlap check, p95", p95(_overlap_check), f"spatial index first; a plain filter {plain * 1000:.1f} ms")
        article7 = p95(lambda: build.generate(Sources.national(), "apmbc", 2021), repeat=2)
        _line("Article 7 figures, 2021", article7, "goal: under 5 s")
        transaction.set_rollback(True)
