"""Every report kind has an XLSForm; each, compiled by pyxform and filled in as ODK Collect would,
goes through /openrosa/submission, is approved by the NMAC and ends in the national record."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pyxform.xls2xform import convert

from minefree.casualties.models import Accident, Victim
from minefree.core.crypto import unseal
from minefree.core.registry import REGISTRY
from minefree.fieldcollection.tests.collect import Form, device, download, send
from minefree.fieldcollection.xforms import bundled_source
from minefree.fieldwork import actions as reports
from minefree.fieldwork.models import FieldReport
from minefree.fieldwork.payload import KINDS
from minefree.funding.models import Funding
from minefree.gazetteer.models import AdminArea, Place
from minefree.hazards.models import HazardArea
from minefree.organisations.models import Asset, Team
from minefree.quality import actions as quality
from minefree.quality.models import CorrectiveAction, Marking, MarkingCheck

XLSFORMS = Path(__file__).resolve().parents[1] / "xlsforms"
FORMS = sorted(p.stem for p in XLSFORMS.glob("*.md"))
# Who fills each form in: victim registration needs a grant holding personal data (RCST).
SENDER = {"victim": "rcst.clerk"}


def test_every_report_kind_has_a_bundled_form():
    assert sorted(KINDS) == FORMS


def ring_around(hazard: HazardArea) -> str:
    west, south, east, north = hazard.geometry.extent
    corners = [(south, west), (south, east), (north, east), (north, west), (south, west)]
    return ";".join(f"{lat} {lon} 0 0" for lat, lon in corners)


def csv_rows(form: Form, name: str, kind: str) -> list[str]:
    return [line.split(",")[0] for line in form.media[name].splitlines()[1:] if f",{kind}," in line]


def answers(kind: str, form: Form) -> dict[str, Any]:
    """What a field team would answer; selects from files take values from the downloaded CSV lists."""
    npa = HazardArea.objects.filter(operator__acronym="NPA")
    if kind == "hazard":
        return {
            "date": "2025-07-01",
            "name": "Bundled",
            "admin_area": "TJ-SU-GFR",
            "classification": "SHA",
            "contamination": "ap_mines",
            "geometry": "40.95 69.95 0 0;40.95 69.952 0 0;40.952 69.952 0 0;40.952 69.95 0 0;40.95 69.95 0 0",
        }
    if kind == "spot_task":
        return {
            "date": "2025-07-01",
            "location": "37.4 69.1 0 0",
            "category": "uxo",
            "ordnance_type": "VOG-17",
            "quantity": "2",
            "disposal": "in_situ",
            "disposed_on": "2025-07-01",
        }
    if kind == "progress":
        hazard = npa.filter(status="open", recorded_on__lt="2025-01-01").order_by("reference").first()
        return {
            "hazard": hazard.reference,
            "kind": "clear",
            "method": "manual",
            "team": csv_rows(form, "tasks.csv", "team")[0],
            "start_date": "2025-06-01",
            "date": "2025-07-01",
            "depth_cm": "20",
            "geometry": ring_around(hazard),
        }
    if kind == "eore":
        return {
            "date": "2025-07-01",
            "admin_area": "TJ-RA-RSH",
            "place": "School 5",
            "facilitator": "teacher",
            "audience": "schoolchildren",
            "method": "presentation",
            "grouping": "mixed",
            "materials": "10",
            "girls": "10",
            "boys": "12",
            "women": "0",
            "men": "0",
            "total": "22",
        }
    if kind == "accident":
        return {
            "date": "2025-05-05",
            "kind": "civilian",
            "admin_area": "TJ-KT-PNJ",
            "location": "37.4 69.1 0 0",
            "activity_at_time": "herding",
            "device": "PMN-2",
            "casualties": [
                {"sex": "male", "age": "11", "outcome": "injured", "deminer": "no"},
                {"sex": "female", "age": "", "outcome": "killed", "deminer": "no"},
            ],
        }
    if kind == "completion":
        hazard = npa.filter(status="closed", completion__isnull=True).order_by("reference").first()
        return {
            "hazard": hazard.reference,
            "date": str(hazard.states.order_by("-valid_from").first().valid_from),
            "certificate_number": "HC-B-1",
            "handed_over_on": "2026-06-01",
            "handed_over_to": "Jamoat",
            "residual_risk_owner": "Hukumat",
        }
    if kind == "victim":
        return {
            "date": "2025-07-01",
            "admin_area": "TJ-KT-PNJ",
            "name": "Parvina Odinaeva",
            "sex": "female",
            "birth_year": "1998",
            "contact": "+992 900 11 22 33",
            "medical": "Below-knee amputation, left leg",
            "needs": [
                {"need": "rehabilitation", "institution": "Dushanbe orthopaedic centre"},
                {"need": "economic", "institution": ""},
            ],
        }
    if kind == "funding":
        return {
            "date": "2025-07-01",
            "donor": "NOR",
            "year": "2025",
            "project": "Rasht valley clearance",
            "pillar": "clearance",
            "amount_usd": "125000.50",
        }
    if kind == "asset":
        return {"date": "2025-07-01", "kind": "dog", "name": "Sharik", "team": "MDD team", "identifier": "CHIP-7781"}
    if kind == "team":
        return {"date": "2025-07-01", "team": "NTS team", "women": "3", "men": "1"}
    if kind == "marking":
        return {
            "date": "2025-07-01",
            "hazard": csv_rows(form, "tasks.csv", "hazard")[0],
            "method": "signs",
            "signs": "12",
            "village": "Vorukh",
            "photo": "sign.jpg",
        }
    if kind == "marking_check":
        return {"date": "2025-07-01", "marking": csv_rows(form, "tasks.csv", "marking")[0], "intact": "no"}
    if kind == "corrective_action":
        return {"date": "2025-07-01", "corrective_action": csv_rows(form, "tasks.csv", "corrective_action")[0]}
    return sample_answers(kind)


def sample_answers(kind: str) -> dict[str, Any]:
    """A kind without answers of its own above: its record type's sample payload, as Collect writes it."""
    samples = [rt.sample for rt in REGISTRY.values() if rt.report_kind == kind and rt.sample is not None]
    assert samples, f"no sample answers for {kind}: give its record type a sample"
    sent: dict[str, Any] = {"date": "2025-07-01"}
    for name, value in samples[0]().items():
        if isinstance(value, dict) and value.get("type") == "Point":
            lon, lat = value["coordinates"][:2]
            sent[name] = f"{lat} {lon} 0 0"
        elif isinstance(value, list):
            sent[name] = [{k: str(v) for k, v in item.items()} for item in value]
        else:
            sent[name] = str(value).lower() if isinstance(value, bool) else str(value)
    return sent


def prepare(kind: str, user: Any) -> None:
    """What the national record must hold before the form can be filled in (the demo has no places)."""
    if kind == "marking":
        hazard = HazardArea.objects.filter(operator__acronym="NPA", status="open").order_by("reference").first()
        Place.objects.create(name="Vorukh", location=hazard.geometry.centroid, admin_area=hazard.admin_area)
    if kind == "corrective_action":
        visit = quality.record_visit(
            user("tnmac.qa"),
            organisation=HazardArea.objects.filter(operator__acronym="NPA").first().operator,
            hazard=None,
            visited_on=dt.date(2025, 6, 1),
            result="minor",
            findings="Lane marking tapes missing on two lanes.",
        )
        quality.plan_corrective_action(
            user("tnmac.qa"), visit.non_conformities.get(), action="Re-mark the lanes", due_on=dt.date(2025, 7, 1)
        )


def in_the_record(kind: str, applied: dict[str, int], sent: dict[str, Any]) -> None:
    """The approved report's content is in the national record, as the form said it."""
    if kind == "victim":
        victim = Victim.objects.get(pk=applied["victim"])
        assert unseal(victim.name_sealed) == sent["name"] and victim.birth_year == 1998
        assert sorted(victim.referrals.values_list("need", flat=True)) == ["economic", "rehabilitation"]
    elif kind == "funding":
        funding = Funding.objects.get(pk=applied["funding"])
        assert (funding.donor.acronym, funding.amount_usd, funding.recipient.acronym) == (
            "NOR",
            Decimal("125000.50"),
            "NPA",
        )
    elif kind == "asset":
        asset = Asset.objects.get(pk=applied["asset"])
        assert (asset.name, asset.kind, asset.team.name, asset.identifier) == ("Sharik", "dog", "MDD team", "CHIP-7781")
    elif kind == "team":
        assert Team.objects.filter(pk=applied["team"], women=3, men=1, name="NTS team").exists()
    elif kind == "marking":
        marking = Marking.objects.get(pk=applied["marking"])
        assert (marking.hazard.reference, marking.signs, marking.method) == (sent["hazard"], 12, "signs")
    elif kind == "marking_check":
        check = MarkingCheck.objects.get(pk=applied["marking_check"])
        assert check.marking_id == int(sent["marking"]) and check.intact is False
    elif kind == "corrective_action":
        assert CorrectiveAction.objects.get(pk=applied["corrective_action"]).done_on == dt.date(2025, 7, 1)
    elif kind == "accident":
        groups = sorted(Accident.objects.get(pk=applied["accident"]).casualties.values_list("group", "deminer"))
        assert groups == [("boy", False), ("girl", False)]  # no age: the group comes from the adult flag


@pytest.mark.parametrize("name", FORMS)
def test_a_form_filled_in_on_the_device_reaches_the_national_record(user, name):
    kind = name
    prepare(kind, user)
    client = device(SENDER.get(kind, "npa.clerk"))
    form = download(client, f"minefree_{kind}")
    compiled = convert(xlsform=bundled_source(name), file_type=".md", warnings=[]).xform
    assert form.xml.decode() == compiled  # the server hands out what pyxform makes of the repository's file
    sent = answers(kind, form)
    instance_id, xml = form.fill(sent)
    photos = {"sign.jpg": SimpleUploadedFile("sign.jpg", b"\xff\xd8\xff" + b"7" * 500, "image/jpeg")}
    response = send(client, xml, **(photos if "photo" in sent else {}))
    assert response.status_code == 201, response.content.decode()
    report = FieldReport.objects.get(client_id=instance_id)
    assert report.kind == kind and report.state == "submitted"
    approved = reports.approve_report(user("tnmac.im"), report, confirm=True)
    assert approved.state == "approved" and approved.applied
    in_the_record(kind, approved.applied, sent)


def test_the_victim_form_is_offered_only_to_who_holds_personal_data(db):
    assert "minefree_victim" in device("rcst.clerk").get("/openrosa/formList").content.decode()
    assert "minefree_victim" not in device("npa.clerk").get("/openrosa/formList").content.decode()


def test_a_wrong_total_is_refused_with_the_field_named(db):
    form = download(device(), "minefree_eore")
    _id, xml = form.fill(answers("eore", form) | {"total": "25"})
    response = send(device(), xml)
    assert response.status_code == 400 and "total" in response.content.decode()


def test_districts_in_the_forms_are_the_gazetteer_codes(db):
    form = download(device(), "minefree_eore")
    codes = set(AdminArea.objects.filter(level=2).values_list("code", flat=True))
    assert form.choices()["admin_area"] == codes


@pytest.mark.parametrize("name", FORMS)
def test_every_label_in_english_russian_and_tajik(name):
    xml = convert(xlsform=bundled_source(name), file_type=".md", warnings=[]).xform
    texts: dict[str, dict[str, str]] = {}
    for lang, body in re.findall(r'<translation lang="([^"]+)"[^>]*>(.*?)</translation>', xml):
        texts[lang] = dict(re.findall(r'<text id="([^"]+)"><value>([^<]*)</value>', body))
    assert set(texts) == {"English (en)", "Russian (ru)", "Tajik (tg)"}
    english = texts["English (en)"]
    for lang, found in texts.items():
        assert set(found) == set(english) and all(v.strip() for v in found.values()), f"{name} {lang}"
