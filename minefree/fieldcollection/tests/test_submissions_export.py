"""A form's submissions exported across versions: v2 adds a question and drops one, nothing is lost."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
from django.contrib.auth.models import User
from django.test import Client

from minefree.fieldcollection.models import Submission
from minefree.fieldcollection.tests import test_bundled_forms as bundled
from minefree.fieldcollection.tests.collect import device, download, send
from minefree.fieldcollection.tests.drafts import upload_and_publish
from minefree.fieldcollection.tests.test_personal_data import ANSWERS as VICTIM
from minefree.gazetteer.models import AdminArea
from minefree.organisations.models import Membership, Organisation, Role

HAZARD = (Path(__file__).resolve().parents[1] / "xlsforms" / "hazard.md").read_text()
RING = "40.95 69.95 0 0;40.95 69.952 0 0;40.952 69.952 0 0;40.952 69.95 0 0;40.95 69.95 0 0"
V1 = {
    "date": "2025-07-01",
    "name": "Old version field",
    "admin_area": "TJ-SU-GFR",
    "classification": "SHA",
    "contamination": "ap_mines",
    "geometry": RING,
    "description": "Shepherds saw a mine near the spring",
}


def second_version() -> str:
    """v2: a new question (village), and no description any more."""
    lines = [line for line in HAZARD.splitlines() if "| description " not in line]
    text = "\n".join(lines).replace("| 2026120801 |", "| 2027020101 |")
    village = "|        | text | village | Village | Село | Деҳа |\n"
    return text.replace("| choices |", village + "| choices |")


def rows_of(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.status_code
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_both_versions_export_with_every_answer(persona):
    im = persona("tnmac.im")
    old = download(device(), "minefree_hazard")
    old_id, old_xml = old.fill(V1)
    assert send(device(), old_xml).status_code == 201
    upload_and_publish(im, "hazard.md", second_version())
    new = download(device(), "minefree_hazard")
    assert 'version="2027020101"' in new.xml.decode()
    v2 = {k: v for k, v in V1.items() if k != "description"} | {"name": "New version field", "village": "Vorukh"}
    new_id, new_xml = new.fill(v2)
    assert send(device(), new_xml).status_code == 201

    rows = {r["instanceID"]: r for r in rows_of(im.get("/forms/minefree_hazard/export.csv"))}
    assert rows[old_id]["description"] == "Shepherds saw a mine near the spring"  # dropped by v2, still there
    assert rows[old_id]["version"] == "2026120801" and rows[old_id]["village"] == ""
    assert rows[new_id]["village"] == "Vorukh"  # no column in the national record holds it
    assert rows[new_id]["version"] == "2027020101" and rows[new_id]["submitter"] == "npa.clerk"
    assert rows[new_id]["state"] == "submitted" and rows[new_id]["reference"].startswith("NPA-FR-")
    assert rows[new_id]["geometry"].startswith("40.95 69.95")
    # The old version's report still displays every answer it was sent with.
    old_report = Submission.objects.get(instance_id=old_id).report
    assert "Shepherds saw a mine near the spring" in im.get(f"/field-reports/{old_report.pk}/").content.decode()

    book = openpyxl.load_workbook(io.BytesIO(im.get("/forms/minefree_hazard/export.xlsx").content))
    sheet = book.active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert {"description", "village", "reference", "state", "version", "instanceID", "received"} <= set(header)
    values = {row[header.index("instanceID")]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values[new_id][header.index("village")] == "Vorukh"
    assert values[old_id][header.index("description")] == "Shepherds saw a mine near the spring"


def test_an_answer_that_looks_like_a_formula_stays_text(persona):
    form = download(device(), "minefree_hazard")
    _id, xml = form.fill(V1 | {"description": '=HYPERLINK("http://x")'})
    assert send(device(), xml).status_code == 201
    book = openpyxl.load_workbook(io.BytesIO(persona("tnmac.im").get("/forms/minefree_hazard/export.xlsx").content))
    cells = [c for row in book.active.iter_rows(min_row=2) for c in row if c.value == '\'=HYPERLINK("http://x")']
    assert cells and all(c.data_type == "s" for c in cells)
    rows = persona("tnmac.im").get("/forms/minefree_hazard/export.csv").content.decode()
    assert '\'=HYPERLINK(""http://x"")' in rows and ",=HYPERLINK" not in rows


def test_personal_answers_never_export_in_clear(persona):
    client = device("rcst.clerk")
    form = download(client, "minefree_victim")
    instance_id, xml = form.fill(VICTIM)
    assert send(client, xml).status_code == 201
    for url in ("/forms/minefree_victim/export.csv", "/forms/minefree_victim/export.xlsx"):
        body = persona("tnmac.im").get(url).content
        assert b"Parvina" not in body and b"amputation" not in body
    row = next(
        r
        for r in rows_of(persona("tnmac.im").get("/forms/minefree_victim/export.csv"))
        if r["instanceID"] == instance_id
    )
    assert row["name"] == row["contact"] == row["medical"] == "(personal data, encrypted)"
    assert row["sex"] == "female" and "Dushanbe orthopaedic centre" in row["needs"]


def limited_officer(areas: list[str], classes: list[str], username: str = "limited.im") -> Client:
    """An NMAC information officer whose grant covers only some areas or data classes."""
    officer = User.objects.create_user(username)
    grant = Membership.objects.create(
        user=officer,
        organisation=Organisation.objects.get(acronym="TNMAC"),
        role=Role.objects.get(code="nmac_im"),
        data_classes=classes,
    )
    grant.admin_areas.set(AdminArea.objects.filter(code__in=areas))
    client = Client()
    client.force_login(officer)
    return client


def test_only_the_reports_the_user_may_see(persona):
    client = device("rcst.clerk")
    victim_id, xml = download(client, "minefree_victim").fill(VICTIM)
    assert send(client, xml).status_code == 201
    everything = [r["instanceID"] for r in rows_of(persona("tnmac.im").get("/forms/minefree_victim/export.csv"))]
    assert victim_id in everything
    without_personal = limited_officer([], ["record", "reports"])
    assert victim_id not in [
        r["instanceID"] for r in rows_of(without_personal.get("/forms/minefree_victim/export.csv"))
    ]


def test_an_officer_limited_to_some_areas_exports_only_their_reports(db):
    form = download(device(), "minefree_progress")
    instance_id, xml = form.fill(bundled.answers("progress", form))
    assert send(device(), xml).status_code == 201
    hazard = Submission.objects.get(instance_id=instance_id).report.hazard
    region = hazard.admin_area.region()
    elsewhere = AdminArea.objects.filter(level=1).exclude(pk=region.pk).order_by("code").first()
    inside = limited_officer([region.code], ["record", "reports"], "inside.im")
    outside = limited_officer([elsewhere.code], ["record", "reports"], "outside.im")
    assert instance_id in [r["instanceID"] for r in rows_of(inside.get("/forms/minefree_progress/export.csv"))]
    assert instance_id not in [r["instanceID"] for r in rows_of(outside.get("/forms/minefree_progress/export.csv"))]
