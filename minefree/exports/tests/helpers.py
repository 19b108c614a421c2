"""What the list pages show, and export files read back with the tools a GIS or Excel user has."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from html import unescape
from pathlib import Path
from typing import Any

from django.contrib.gis.gdal import DataSource, GDALException
from django.test import Client
from openpyxl import load_workbook

NEXT = re.compile(r'<a rel="next" href="\?([^"]+)"')


def list_ids(client: Client, list_url: str, link: str, query: str = "") -> list[int]:
    """The ids of every row a list page shows, all pages followed; `link` is the rows' detail URL
    prefix ("/hazards/", "/records/ordnance/", "/field-reports/")."""
    row = re.compile(rf'<tr><td><a href="{re.escape(link)}(\d+)/">')
    ids: list[int] = []
    url: str | None = f"{list_url}?{query}"
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        ids += [int(pk) for pk in row.findall(html)]
        more = NEXT.search(html)
        url = f"{list_url}?{unescape(more.group(1))}" if more else None
    return ids


def api_ids(client: Client, url: str) -> list[int]:
    ids: list[int] = []
    next_url: str | None = url
    while next_url:
        page = client.get(next_url).json()
        rows = page.get("features") or page.get("results") or []
        if isinstance(rows, dict):  # a GeoJSON page inside the paging envelope
            rows = rows.get("features", [])
        ids += [row["id"] for row in rows]
        next_url = page.get("next")
    return ids


def exported(client: Client, slug: str, fmt: str, query: str = "", **form: str) -> bytes:
    response = client.post(f"/exports/{slug}/?{query}", {"fmt": fmt, **form})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return b"".join(response.streaming_content) if response.streaming else response.content


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(data: bytes) -> list[dict[str, Any]]:
    """Rows keyed by the stable column names, which the "columns" sheet gives beside each heading."""
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    names = dict(book["columns"].iter_rows(values_only=True))
    header = [names[heading] for heading in rows[0]]
    # Trailing empty cells are not stored, so a row may be shorter than the header.
    return [dict(zip(header, (*row, *[None] * (len(header) - len(row))), strict=True)) for row in rows[1:]]


def read_geojson(data: bytes) -> dict[str, Any]:
    collection: dict[str, Any] = json.loads(data)
    return collection


def read_gdal(path: Path) -> tuple[list[str], list[dict[str, Any]], list[Any]]:
    """Field names, attribute rows and geometries (None when null) of the first layer, via GDAL."""
    layer = DataSource(str(path))[0]
    names = list(layer.fields)
    rows, shapes = [], []
    for feature in layer:
        rows.append({name: feature.get(name) for name in names})
        try:
            shapes.append(feature.geom.geos)
        except GDALException:  # a null geometry (a fully released area)
            shapes.append(None)
    return names, rows, shapes


def unzip(data: bytes, folder: Path) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(folder)
        return sorted(archive.namelist())
