"""The export formats: one small registry (pygeoapi / Datasette style) that the built-ins use too.

A format writes an `Export` (one filtered list for one user) to a file; CSV and GeoJSON can also
stream straight into a response. Register another with `register(Format(...))`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from minefree.core.spreadsheet import safe_cell, safe_row
from minefree.exports import hxl
from minefree.exports.exportable import Export, layer_name
from minefree.exports.headings import heading, headings
from minefree.exports.shapefile import write_shapefile_zip
from minefree.exports.sources import Column, Source
from minefree.exports.styled import export_style
from minefree.geopackage.geopackage import Layer, write_geopackage

BOM = "\ufeff"


@dataclass(frozen=True)
class Format:
    code: str
    label: Any
    extension: str
    content_type: str
    write: Callable[[Export, Path], None]
    stream: Callable[[Export], Iterator[bytes]] | None = None
    needs_geometry: bool = False  # offered only for lists that have a geometry
    max_rows: int | None = None  # what the format can hold (a spreadsheet's sheet has a last row)


FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    if fmt.code in FORMATS:
        raise ValueError(f"export format {fmt.code!r} registered twice")
    FORMATS[fmt.code] = fmt
    return fmt


def formats_for(source: Source) -> list[Format]:
    return [f for f in FORMATS.values() if source.geometry or not f.needs_geometry]


def _write_stream(stream: Callable[[Export], Iterator[bytes]]) -> Callable[[Export, Path], None]:
    def write(export: Export, path: Path) -> None:
        with path.open("wb") as out:
            for chunk in stream(export):
                out.write(chunk)

    return write


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="seconds") if value.tzinfo else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# CSV: UTF-8 with a byte order mark by default, because Excel (what NMAC staff open CSVs with)
# reads a CSV without one in the Windows code page and garbles Cyrillic; `?bom=0` leaves it out.
def csv_stream(export: Export) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    source = export.source
    extra = ("wkt",) if source.geometry else ()
    if export.options.get("bom", "1") != "0":
        buffer.write(BOM)
    # Column names for programs by default; `headers=labels` heads it for people, as a spreadsheet is.
    if export.options.get("headers") == "labels":
        header = headings(source) + [heading(source, Column(name, name, "TEXT")) for name in extra]
    else:
        header = [c.name for c in source.columns] + list(extra)
    writer.writerow(safe_row(header))
    if export.options.get("hxl") == "1":
        writer.writerow(safe_row(hxl.hashtag_row(source.slug, source.columns, extra)))
    for n, (wkt, values) in enumerate(export.rows("wkt" if extra else None)):
        writer.writerow(safe_row([_text(v) for v in values] + ([wkt or ""] if extra else [])))
        if n % 500 == 499:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date | dt.datetime):
        return _text(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


# GeoJSON (RFC 7946): WGS 84 longitude/latitude, no "crs" member; the database writes each geometry.
# Asked for in a projected system (UTM), the file is the older GeoJSON (2008) with a "crs" member
# naming it, which GDAL, QGIS and ArcGIS read.
def geojson_stream(export: Export) -> Iterator[bytes]:
    names = [c.name for c in export.source.columns]
    if export.srid == 4326:
        yield b'{"type":"FeatureCollection","features":['
    else:
        crs = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{export.srid}"}}
        yield ('{"type":"FeatureCollection","crs":' + json.dumps(crs) + ',"features":[').encode()
    parts: list[str] = []
    for n, (shape, values) in enumerate(export.rows("geojson")):
        properties = json.dumps(dict(zip(names, values, strict=True)), default=_json_default, ensure_ascii=False)
        parts.append(
            ("," if n else "") + f'{{"type":"Feature","id":{values[0]},"geometry":{shape or "null"},'
            f'"properties":{properties}}}'
        )
        if len(parts) == 500:
            yield "".join(parts).encode()
            parts.clear()
    yield ("".join(parts) + "]}").encode()


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo:
        return value.astimezone(dt.UTC).replace(tzinfo=None)  # Excel has no time zones: UTC
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):  # openpyxl would write text starting with "=" as a live formula
        return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def write_xlsx(export: Export, path: Path) -> None:
    """openpyxl's write-only mode: rows go to the file as they come, never a sheet in memory."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(export.source.slug[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in headings(export.source):  # a spreadsheet is read by people: labels, units, "(code)"
        cell = WriteOnlyCell(sheet, value=_cell(text))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    # Plain values, not cell objects: twice as fast, and openpyxl gives dates the yyyy-mm-dd format.
    for _shape, values in export.rows():
        sheet.append([_cell(v) for v in values])
    about = book.create_sheet("export")
    for key, value in export.facts.items():
        about.append([_cell(key), _cell(value)])
    # Each heading beside the column's stable name, the one the CSV, GeoPackage and API use.
    names = book.create_sheet("columns")
    for text, column in zip(headings(export.source), export.source.columns, strict=True):
        names.append([_cell(text), column.name])
    book.save(path)


def write_gpkg(export: Export, path: Path) -> None:
    source = export.source
    name = layer_name(source)
    layer = Layer(
        name,
        source.geometry_type,
        [(c.name, c.kind) for c in source.columns],
        export.rows("wkb"),
        srid=export.srid,
        description=str(source.title),
        style=export_style(source, name),
    )
    write_geopackage(path, [layer], metadata=export.facts)


register(Format("csv", _("CSV"), "csv", "text/csv; charset=utf-8", _write_stream(csv_stream), csv_stream))
register(
    Format(
        "xlsx",
        _("Excel (XLSX)"),
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        write_xlsx,
        max_rows=1_048_575,  # Excel's 1,048,576 rows less the header
    )
)
register(
    Format(
        "geojson",
        _("GeoJSON"),
        "geojson",
        "application/geo+json",
        _write_stream(geojson_stream),
        geojson_stream,
        needs_geometry=True,
    )
)
register(Format("gpkg", _("GeoPackage"), "gpkg", "application/geopackage+sqlite3", write_gpkg))
register(Format("shp", _("Shapefile (zip)"), "zip", "application/zip", write_shapefile_zip, needs_geometry=True))
