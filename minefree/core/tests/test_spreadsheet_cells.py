"""No CSV or XLSX the application writes holds a formula: every writer, every text column.

A hostile value (`=...`, `+...`, `-...`, `@...`, a leading tab) is put into every text column a
file carries, then each file is read back as a spreadsheet would: no XLSX cell is a formula, no
CSV cell starts with a trigger unless it is a plain number, and negative numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Concat
from openpyxl import load_workbook

from minefree.core import audit
from minefree.core.spreadsheet import NUMBER, TRIGGERS
from minefree.dashboards import nmac, public
from minefree.exports.sources import sources
from minefree.exports.tests.helpers import exported
from minefree.gazetteer.models import AdminArea
from minefree.hazards.models import HazardArea
from minefree.organisations.models import Organisation
from minefree.reporting import formats

HOSTILE = ['=HYPERLINK("http://x")', "+A1", "-2+3", "@SUM(A1)", "\t=A1", "=A1"]


def csv_cells(data: bytes | str) -> list[list[str]]:
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def assert_defused_csv(rows: list[list[str]]) -> int:
    """Every cell safe; returns how many cells were neutralised (so a test sees its values arrive)."""
    for row in rows:
        for cell in row:
            assert cell[:1] not in TRIGGERS or NUMBER.fullmatch(cell), (cell, row)
    return sum(1 for row in rows for cell in row if cell.startswith("'") and cell[1:2] in TRIGGERS)


def assert_defused_xlsx(data: bytes) -> list[Any]:
    """No formula anywhere in the workbook; returns every cell for further checks."""
    cells = [c for ws in load_workbook(io.BytesIO(data)).worksheets for row in ws.iter_rows() for c in row]
    for cell in cells:
        assert cell.data_type != "f", (cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            assert cell.value[:1] not in TRIGGERS or NUMBER.fullmatch(cell.value), cell.value
    return cells


def _poison(obj: Any, path: str, value: str) -> bool:
    """Write `value` into the text field at the end of `path` (e.g. "admin_area__name") from `obj`."""
    *links, name = path.split("__")
    target = obj
    for link in links:
        target = getattr(target, link, None)
        if target is None:
            return False
    field = type(target)._meta.get_field(name)
    if not isinstance(field, models.CharField | models.TextField):  # an id where no natural key exists
        return False
    if getattr(field, "max_length", None) and field.max_length < len(value):  # a two-letter country code
        return False
    type(target)._default_manager.filter(pk=target.pk).update(**{name: value})
    return True


@pytest.mark.parametrize("slug", sorted(sources()))
def test_every_text_column_of_every_list_export_is_text_in_csv_and_xlsx(persona, user, slug):
    source = sources()[slug]
    obj = source.queryset(user("tnmac.im"), {}).first()
    if obj is None:
        pytest.skip(f"the demo has no {slug}")
    by_path: dict[str, str] = {}  # a code and its label read the same path
    poisoned: dict[str, str] = {}
    for n, column in enumerate(c for c in source.columns if c.kind == "TEXT" and c.convert is None):
        if column.path not in by_path and _poison(obj, column.path, HOSTILE[n % len(HOSTILE)]):
            by_path[column.path] = HOSTILE[n % len(HOSTILE)]
        if column.path in by_path:
            poisoned[column.name] = by_path[column.path]
    negative = slug == "hazards"
    if negative:
        HazardArea.objects.filter(pk=obj.pk).update(area_m2=-12.5)
    assert poisoned
    client = persona("tnmac.im")

    rows = csv_cells(exported(client, slug, "csv"))
    header = rows[0]
    row = next(r for r in rows[1:] if r[0] == str(obj.pk))
    assert_defused_csv(rows)
    for name, value in poisoned.items():
        shown = row[header.index(name)]
        assert shown == "'" + value, (name, shown)
    if negative:
        assert row[header.index("area_m2")] == "-12.5"

    cells = assert_defused_xlsx(exported(client, slug, "xlsx"))
    texts = [c.value for c in cells if isinstance(c.value, str)]
    for value in poisoned.values():
        assert "'" + value in texts, value
    if negative:
        assert any(c.value == -12.5 and c.data_type == "n" for c in cells)


def test_dashboard_csv_twins_show_names_as_text(db, persona):
    AdminArea.objects.update(name=Concat(Value("="), F("name")))
    Organisation.objects.update(acronym=Concat(Value("@"), F("acronym")), name=Concat(Value("-"), F("name")))
    HazardArea.objects.update(name=Concat(Value("+"), F("name")), reference=Concat(Value("=A"), F("reference")))
    im = persona("tnmac.im")
    neutralised = 0
    for url in [f"/dashboard/{slug}.csv" for slug in nmac.BLOCKS] + [
        f"/dashboard/public/{slug}.csv" for slug in public.BLOCKS
    ]:
        response = im.get(url)
        if response.status_code == 404:  # a block with nothing to show for this country
            continue
        assert response.status_code == 200, url
        neutralised += assert_defused_csv(csv_cells(response.content))
    assert neutralised


def test_report_csv_neutralises_text_and_keeps_negative_numbers():
    rows = [[value, -5, -1.5] for value in HOSTILE]
    out = csv_cells(formats.render({}, rows, ["=name", "n", "x"], "csv"))
    assert assert_defused_csv(out) == len(HOSTILE) + 1
    assert all(r[1:] == ["-5", "-1.5"] for r in out[1:])


def test_audit_csv_neutralises_names_and_printed_objects(db, persona, user):
    hazard = HazardArea.objects.first()
    entry = audit.record(user("tnmac.im"), "update_hazard_area", hazard, None, None)
    type(entry).objects.filter(pk=entry.pk).update(object_repr="-2+3", related_to="@x", source="+A1")
    rows = csv_cells(b"".join(persona("tnmac.admin").get("/audit/export.csv").streaming_content))
    quoted = {c for r in rows if r[4] == str(hazard.pk) for c in r if c.startswith("'")}
    assert {"'-2+3", "'+A1"} <= quoted
    assert_defused_csv(rows)


def test_the_article7_workbook_writes_narratives_and_names_as_text(db, persona):
    im = persona("tnmac.im")
    post = {"contact": '=HYPERLINK("http://x")', "submitted_on": "2020-04-30", "narrative_B": "@SUM(A1)"}
    post["version"] = ""
    assert im.post("/treaty/apmbc/2019/", post).status_code == 302
    HazardArea.objects.update(name=Concat(Value("="), F("name")))
    texts = [c.value for c in assert_defused_xlsx(im.get("/treaty/apmbc/2019/article7.xlsx").content)]
    assert '\'=HYPERLINK("http://x")' in texts and "'@SUM(A1)" in texts
