"""What the bundled forms carry besides the answers: a name for each filled form in Collect's lists
(reference, place, date), the GPS altitude and accuracy, and totals the form computes itself."""

from __future__ import annotations

import re

import pytest
from pyxform.xls2xform import convert

from minefree.fieldcollection.tests.collect import device, download, send
from minefree.fieldcollection.xforms import BUNDLED, bundled_source
from minefree.fieldwork import actions as reports
from minefree.fieldwork.models import FieldReport
from minefree.hazards.models import OrdnanceFind

FORMS = sorted(p.stem for p in BUNDLED.glob("*.md"))
# The answer each form's name starts with: the hazard's reference where the form names one, else the place.
FIRST = {
    "accident": "kind",
    "asset": "kind",
    "community_liaison": "place",
    "completion": "hazard",
    "corrective_action": "corrective_action",
    "eore": "place",
    "funding": "donor",
    "hazard": "name",
    "marking": "hazard",
    "marking_check": "marking",
    "progress": "hazard",
    "spot_task": "category",
    "team": "team",
    "victim": "admin_area",
}


def xform(name: str) -> str:
    return str(convert(xlsform=bundled_source(name), file_type=".md", warnings=[]).xform)


def bind(xml: str, path: str) -> dict[str, str]:
    found = re.search(rf'<bind nodeset="{re.escape(path)}"([^>]*)/>', xml)
    assert found, path
    return dict(re.findall(r'([\w:]+)="([^"]*)"', found.group(1)))


@pytest.mark.engine_free
@pytest.mark.parametrize("name", FORMS)
def test_every_bundled_form_names_each_filled_form(name):
    """Collect's send list shows `instanceName`: without it every hazard report reads "MineFree hazard report"."""
    expression = bind(xform(name), "/data/meta/instanceName")["calculate"]
    assert expression.startswith(f"concat( /data/{FIRST[name]} ") and "/data/date" in expression
    if name == "victim":  # the name Collect lists stays on the phone's screen: never a person's name
        assert "/data/name" not in expression


@pytest.mark.engine_free
def test_totals_are_computed_in_the_form():
    eore = bind(xform("eore"), "/data/total")
    assert eore["calculate"].split() == ["/data/girls", "+", "/data/boys", "+", "/data/women", "+", "/data/men"]
    assert eore["readonly"] == "true()"  # shown, not typed; the constraint still checks it
    accident = xform("accident")
    groups = {
        "total_casualties": "count( /data/casualties )",
        "total_killed": "count( /data/casualties [outcome = 'killed'])",
        "total_women": "count( /data/casualties [sex = 'female' and age &gt;= 18])",
        "total_girls": "count( /data/casualties [sex = 'female' and age != '' and age &lt; 18])",
        "total_boys": "count( /data/casualties [sex = 'male' and age != '' and age &lt; 18])",
    }
    for name, expression in groups.items():
        assert bind(accident, f"/data/{name}")["calculate"] == expression, name
    notes = re.findall(r'<text id="/data/casualty_totals:label"><value>(.*?)</value>', accident)
    assert len(notes) == 3  # English, Russian, Tajik, each showing the computed totals
    assert all('<output value=" /data/total_girls "/>' in note for note in notes)


def test_a_gps_points_altitude_and_accuracy_are_kept(user):
    """ODK sends "lat lon alt acc": the point goes to the map, altitude and accuracy (whole metres)
    stay on the report and, once approved, on the spot task's ordnance record."""
    client = device()
    form = download(client, "minefree_spot_task")
    values = {
        "date": "2025-07-01",
        "location": "37.4 69.1 812.4 3.900000095367",
        "category": "uxo",
        "ordnance_type": "VOG-17",
        "quantity": "2",
        "disposal": "in_situ",
        "disposed_on": "2025-07-01",
        "instanceName": "uxo · VOG-17 · 2025-07-01",  # as Collect computes it
    }
    instance_id, xml = form.fill(values)
    assert b"<instanceName>uxo" in xml
    response = send(client, xml)
    assert response.status_code == 201, response.content
    payload = FieldReport.objects.get(client_id=instance_id).payload
    assert payload["location"] == {"type": "Point", "coordinates": [69.1, 37.4]}
    assert payload["location_altitude_m"] == "812" and payload["location_accuracy_m"] == "4"
    report = FieldReport.objects.get(client_id=instance_id)
    approved = reports.approve_report(user("tnmac.im"), report, confirm=True)
    find = OrdnanceFind.objects.get(pk=approved.applied["ordnance"])
    assert (find.location_altitude_m, find.location_accuracy_m) == (812, 4)
    assert (round(find.location.x, 6), round(find.location.y, 6)) == (69.1, 37.4)


def test_the_accident_totals_reach_the_report(db):
    client = device()
    form = download(client, "minefree_accident")
    values = {
        "date": "2025-05-05",
        "kind": "civilian",
        "admin_area": "TJ-KT-PNJ",
        "location": "37.4 69.1 0 0",
        "activity_at_time": "herding",
        "casualties": [
            {"sex": "male", "age": "11", "outcome": "injured", "deminer": "no"},
            {"sex": "female", "age": "34", "outcome": "killed", "deminer": "no"},
        ],
        # What Collect computes from the two casualties above.
        "total_casualties": "2",
        "total_killed": "1",
        "total_injured": "1",
        "total_women": "1",
        "total_men": "0",
        "total_girls": "0",
        "total_boys": "1",
    }
    instance_id, xml = form.fill(values)
    assert send(client, xml).status_code == 201
    payload = FieldReport.objects.get(client_id=instance_id).payload
    assert (payload["total_casualties"], payload["total_boys"], payload["total_women"]) == ("2", "1", "1")
