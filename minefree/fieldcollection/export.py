"""A form's submissions across all its versions, one row each, every answer in a column of its own.

Columns come from every version's XForm, oldest first, then from the instances themselves, so an
answer a later version dropped, or one no record of the national database holds, is still there.
Personal answers (sealed on receipt) are never written out in clear.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from minefree.core.permissions import Action
from minefree.core.spreadsheet import safe_row
from minefree.fieldcollection import instance, mapping
from minefree.fieldcollection.models import Submission, XForm
from minefree.fieldwork.models import FieldReport
from minefree.fieldwork.payload import sealed_fields

FIXED = ["reference", "state", "version", "instanceID", "deprecatedID", "received", "submitter"]
SEALED_TEXT = "(personal data, encrypted)"


def answer_names(form: XForm) -> list[str]:
    """The form's answers in form order; a repeat is one column (its items as JSON)."""
    repeats = re.findall(r'<repeat nodeset="([^"]+)"', form.xml)
    names: list[str] = []
    for path in re.findall(r'<bind nodeset="([^"]+)" type="', form.xml):
        if "/meta/" in path:
            continue
        inside = next((r for r in repeats if path.startswith(r + "/")), None)
        name = (inside or path).rsplit("/", 1)[-1]
        if name not in names:
            names.append(name)
    return names


def _cell(value: Any, sealed: set[str], name: str) -> str:
    if isinstance(value, list):  # a repeat: its items, with their personal answers hidden too
        items = [{k: _cell(v, sealed, k) for k, v in item.items()} for item in value]
        return json.dumps(items, ensure_ascii=False)
    text = str(value)
    if text and (name in sealed or instance.is_sealed(text)):
        return SEALED_TEXT
    return text


def table(user: Any, form_id: str) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of the submissions of `form_id` whose report `user` may see."""
    # A draft's questions are no columns: its test submissions are never exported.
    versions = list(XForm.objects.filter(form_id=form_id, state="published").order_by("uploaded_at", "id"))
    columns: list[str] = []
    for form in versions:
        columns += [n for n in answer_names(form) if n not in columns]
    visible = FieldReport.objects.restrict(user, Action.VIEW)
    submissions = (
        Submission.objects.filter(form__form_id=form_id, report__in=visible)
        .select_related("form", "report", "user")
        .order_by("received_at", "id")
    )
    records = []
    for sub in submissions:
        root = instance.parse(sub.xml.encode("utf-8"))
        answers = instance.answers(root, mapping.repeats(sub.form))
        columns += [n for n in answers if n not in columns]
        records.append((sub, answers))
    header = FIXED + columns
    rows = []
    for sub, answers in records:
        sealed = set(sealed_fields(sub.form.kind))
        fixed = [
            sub.report.reference,
            sub.report.state,
            sub.form.version,
            sub.instance_id,
            sub.deprecated_id,
            sub.received_at.isoformat(timespec="seconds"),
            sub.user.username,
        ]
        rows.append(fixed + [_cell(answers.get(n, ""), sealed, n) for n in columns])
    return header, rows


def as_csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(safe_row(header))
    writer.writerows(safe_row(row) for row in rows)
    return out.getvalue().encode("utf-8")


def as_xlsx(header: list[str], rows: list[list[str]], title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(safe_row(header))
    for row in rows:
        cells = []
        for value in safe_row(row):
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"  # text as text: an answer starting with "=" is not a formula
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
