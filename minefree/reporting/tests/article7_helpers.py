"""Read a generated Article 7 workbook back the way a user's spreadsheet would."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet


def workbook(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def sheet(wb: Workbook, letter: str) -> Worksheet:
    return wb[f"Form {letter}"]


def table(wb: Workbook, letter: str, key: str) -> tuple[list[str], list[list[Any]], list[Any]]:
    """The header, data rows and totals row of the Excel table `Form<letter>_<key>`."""
    ws = sheet(wb, letter)
    ref = ws.tables[f"Form{letter}_{key}"].ref
    cells = ws[ref]
    header = [c.value for c in cells[0]]
    rows = [[c.value for c in row] for row in cells[1:]]
    last = cells[-1][0].row
    total = [ws.cell(last + 1, col).value for col in range(1, len(header) + 1)]
    return header, rows, total


def column(header: list[str], rows: list[list[Any]], label: str) -> list[Any]:
    index = header.index(label)
    return [row[index] for row in rows]


def cover_marks(wb: Workbook) -> dict[str, str]:
    """Form letter -> the cover page's tick, read from the cover sheet."""
    ws = wb.worksheets[0]
    marks = {}
    for row in ws.iter_rows(values_only=True):
        if isinstance(row[0], str) and row[0].startswith("Form ") and len(row[0]) == 6:
            marks[row[0][-1]] = row[2]
    return marks
