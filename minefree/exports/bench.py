"""Speed of exports for `./dev bench`: each format's page against the raw SQL read of the same rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client

RAW = """
SELECT h.id, h.reference, h.name, h.classification, h.contamination, h.status, c.code, p.name, a.code, a.name,
       o.acronym, h.mechanical_suitable, h.recorded_on, h.area_m2, h.description, {function}(h.geometry)
FROM hazards_hazardarea h
JOIN gazetteer_country c ON c.id = h.country_id
JOIN gazetteer_adminarea a ON a.id = h.admin_area_id
LEFT JOIN gazetteer_adminarea p ON p.id = a.parent_id
LEFT JOIN organisations_organisation o ON o.id = h.operator_id
ORDER BY h.reference
"""


def _raw(function: str) -> Callable[[], list[tuple[Any, ...]]]:
    def read() -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(RAW.format(function=function))
            return cursor.fetchall()

    return read


def export_figures(client: Client, timed: Callable[[Callable[[], object]], float]) -> None:
    """Prints the all-hazards export in three formats and its ratio to the raw query (a superuser-free
    NMAC login, so the permission WHERE clause is in the measured path)."""
    postgis = connection.vendor == "postgresql"
    functions = {
        "gpkg": "ST_AsBinary" if postgis else "AsBinary",
        "geojson": "ST_AsGeoJSON" if postgis else "AsGeoJSON",
        "csv": "ST_AsText" if postgis else "AsText",
    }
    for fmt, function in functions.items():

        def download(fmt: str = fmt) -> bytes:
            response = client.post("/exports/hazards/", {"fmt": fmt})
            return b"".join(response.streaming_content)  # type: ignore[attr-defined]

        page, raw = timed(download), timed(_raw(function))
        name = f"export {fmt} (all)"
        print(f"{name:<24} {page * 1000:8.1f} ms   raw SQL {raw * 1000:6.1f} ms   {page / raw:6.2f} x")
