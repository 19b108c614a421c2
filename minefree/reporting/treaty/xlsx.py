"""A treaty report as an XLSX workbook: a cover sheet, then one sheet per form.

Each table is an Excel table named `Form<letter>_<key>` (sortable, filterable), its totals on the
row below it; numbers are stored as numbers with a thousands format, dates as dates.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from minefree.core.spreadsheet import safe_text
from minefree.reporting.treaty.content import Column, Form, Report, Table

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
FORMATS = {"int": "#,##0", "m2": "#,##0", "coord": "0.00000", "date": "yyyy-mm-dd"}
WRAP = Alignment(wrap_text=True, vertical="top")
MAX_WIDTH = 60


def table_name(letter: str, key: str) -> str:
    return f"Form{letter}_{key}"


def _cell_value(column: Column, value: Any) -> Any:
    value = column.show(value)
    if column.kind == "date" and isinstance(value, str) and value:
        return dt.date.fromisoformat(value)
    return value


def _cover(ws: Worksheet, report: Report) -> None:
    ws.title = _("Cover")
    start, end = report.period
    ws["A1"] = report.title
    ws["A1"].font = TITLE
    lines = [
        (_("State Party"), report.state),
        (_("Reporting period"), f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"),
        (_("Date of submission"), report.submitted_on or _("not yet submitted")),
        (_("National point of contact"), report.contact or "—"),
        (_("Generated from the database on"), f"{report.generated_at:%Y-%m-%d %H:%M} UTC"),
        (_("Changed or unchanged compared with"), report.baseline),
    ]
    for row, (label, value) in enumerate(lines, start=3):
        ws.cell(row, 1, label).font = BOLD
        cell = ws.cell(row, 2, value)
        cell.alignment = WRAP
        if isinstance(value, dt.date):
            cell.number_format = FORMATS["date"]
    first = len(lines) + 4
    for col, label in enumerate((_("Form"), _("Title"), _("Changed or unchanged")), start=1):
        cell = ws.cell(first, col, label)
        cell.font, cell.fill = BOLD, HEADER_FILL
    for row, form in enumerate(report.forms, start=first + 1):
        ws.cell(row, 1, _("Form %(letter)s") % {"letter": form.letter})
        ws.cell(row, 2, form.title).alignment = WRAP
        mark = report.marks.get(form.letter)
        ws.cell(row, 3, mark.label if mark else "")
    ws.freeze_panes = ws.cell(first + 1, 1)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 80
    ws.column_dimensions["C"].width = 34


def _table(ws: Worksheet, letter: str, table: Table, row: int, widths: dict[int, int]) -> tuple[int, int]:
    """Write one table from `row`; return the next free row and the row its header is on."""
    ws.cell(row, 1, table.title).font = BOLD
    header = row + 1
    for col, column in enumerate(table.columns, start=1):
        cell = ws.cell(header, col, column.label)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = WRAP
        widths[col] = max(widths.get(col, 8), min(len(column.label) + 2, 24))
    row = header + 1
    if not table.rows:
        ws.cell(row, 1, _("Nothing to report for the year."))
        return row + 2, header
    for values in table.rows:
        for col, (column, value) in enumerate(zip(table.columns, values, strict=True), start=1):
            cell = ws.cell(row, col, _cell_value(column, value))
            if column.kind in FORMATS:
                cell.number_format = FORMATS[column.kind]
            widths[col] = max(widths[col], min(len(str(cell.value or "")) + 2, MAX_WIDTH))
        row += 1
    ref = f"A{header}:{get_column_letter(len(table.columns))}{row - 1}"
    excel = ExcelTable(displayName=table_name(letter, table.key), ref=ref)
    excel.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(excel)
    if table.total is not None:
        for col, (column, value) in enumerate(zip(table.columns, table.total, strict=True), start=1):
            cell = ws.cell(row, col, value)
            cell.font = BOLD
            if column.kind in FORMATS and column.kind != "date":
                cell.number_format = FORMATS[column.kind]
        row += 1
    if table.note:
        ws.cell(row, 1, table.note).font = Font(italic=True)
        row += 1
    return row + 1, header


def _form(ws: Worksheet, form: Form) -> None:
    ws.title = _("Form %(letter)s") % {"letter": form.letter}
    ws["A1"] = f"{_('Form %(letter)s') % {'letter': form.letter}}: {form.title}"
    ws["A1"].font = TITLE
    ws["A2"] = _("Article 7 paragraph: %(p)s") % {"p": form.article}
    row = 4
    if form.narrative.strip():
        ws.cell(row, 1, form.narrative.strip()).alignment = WRAP
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=8)
        ws.row_dimensions[row].height = min(400, 15 * (form.narrative.count("\n") + 1 + len(form.narrative) // 120))
        row += 2
    widths: dict[int, int] = {}
    freeze = None
    for table in form.tables:
        row, header = _table(ws, form.letter, table, row, widths)
        freeze = freeze or header + 1
    if not form.tables and not form.narrative.strip():
        ws.cell(row, 1, _("Nothing reported on this form for the year."))
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    if freeze:
        ws.freeze_panes = ws.cell(freeze, 1)


def _defuse(wb: Workbook) -> None:
    """Every text cell through the one rule: a name or narrative starting with "=" stays text."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = safe_text(cell.value)


def render(report: Report) -> bytes:
    wb = Workbook()
    _cover(wb.active, report)
    for form in report.forms:
        _form(wb.create_sheet(), form)
    _defuse(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
