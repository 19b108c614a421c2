"""A walked line (ODK geotrace) becomes a GeoJSON line in the report; a trace of one point is refused."""

from __future__ import annotations

from minefree.fieldcollection.models import SubmissionError
from minefree.fieldcollection.tests.collect import device, download, send
from minefree.fieldcollection.tests.test_bundled_forms import csv_rows
from minefree.fieldwork.models import FieldReport


def marking_with_line(line: str) -> tuple[str, bytes]:
    form = download(device(), "minefree_marking")
    values = {"date": "2025-07-01", "hazard": csv_rows(form, "tasks.csv", "hazard")[0], "method": "fence", "line": line}
    return form.fill(values)


def test_a_walked_fence_line_becomes_a_line_string(db):
    instance_id, xml = marking_with_line("39.10 69.20 1540 4.0;39.1012 69.2031 1546 3.5;39.1020 69.2055 1551 3.0")
    response = send(device(), xml)
    assert response.status_code == 201, response.content
    report = FieldReport.objects.get(client_id=instance_id)
    assert report.payload["line"] == {
        "type": "LineString",
        "coordinates": [[69.20, 39.10], [69.2031, 39.1012], [69.2055, 39.1020]],  # longitude first, altitude dropped
    }


def test_a_trace_of_one_point_is_refused_naming_the_answer(db):
    instance_id, xml = marking_with_line("39.10 69.20 1540 4.0;39.10 69.20 1540 4.0")
    response = send(device(), xml)
    assert response.status_code == 400 and "line" in response.content.decode()
    assert not FieldReport.objects.filter(client_id=instance_id).exists()
    assert SubmissionError.objects.filter(instance_id=instance_id, status=400).exists()
