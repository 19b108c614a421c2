"""Spreadsheets, and CSVs asked for in words, are headed with the fields' labels; programs keep the names."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from minefree.core.tests.visible_text import snake_words
from minefree.exports.headings import headings
from minefree.exports.sources import sources
from minefree.exports.tests.helpers import exported

FILTER = "status=open&classification=CHA"


@pytest.mark.parametrize("slug", sorted(sources()))
def test_every_list_has_a_distinct_heading_in_words_for_each_column(slug):
    found = headings(sources()[slug])
    assert snake_words(" ".join(found)) == set()
    assert len(set(found)) == len(found), found


def test_a_spreadsheet_is_headed_in_words_with_units_and_the_names_beside(persona):
    data = exported(persona("tnmac.im"), "hazards", "xlsx", FILTER)
    book = load_workbook(io.BytesIO(data), read_only=True)
    header = next(book.worksheets[0].iter_rows(values_only=True))
    assert header[:4] == ("Number", "Reference", "Name", "Classification (code)")
    assert {"Classification", "Admin area (code)", "Admin area", "Remaining area (m²)"} <= set(header)
    names = dict(book["columns"].iter_rows(values_only=True))
    assert names["Remaining area (m²)"] == "area_m2" and names["Status"] == "status_label"


def test_a_csv_keeps_its_column_names_unless_asked_for_words(persona):
    client = persona("tnmac.im")
    plain = exported(client, "hazards", "csv", FILTER, bom="0").decode()
    assert plain.splitlines()[0].startswith("id,reference,name,classification,classification_label,")
    worded = exported(client, "hazards", "csv", FILTER, bom="0", hxl="1", headers="labels").decode()
    header, hashtags = list(csv.reader(io.StringIO(worded)))[:2]
    assert header[:2] == ["Number", "Reference"] and header[-2:] == ["Description", "Geometry (WKT)"]
    assert hashtags[1] == "#meta+ref"  # the HXL row is the same under either header


def test_a_spreadsheet_is_headed_in_the_users_language(persona):
    client = persona("tnmac.im")
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    header = next(
        load_workbook(io.BytesIO(exported(client, "funding", "xlsx")), read_only=True)
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    assert "Год" in header and "Year" not in header
