"""A report's payload holds only what its kind's reader reads, as an object, with numbers and dates in
range: anything else is a 400 naming the field when it is saved or submitted, never a 500 at approval."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from minefree.core.errors import ActionError
from minefree.fieldwork import payload as report_payload
from minefree.fieldwork.declare import KINDS as DECLARED
from minefree.fieldwork.declare import personal_kinds
from minefree.fieldwork.models import FieldReport
from minefree.hazards.models import OrdnanceFind
from minefree.organisations.models import Organisation

KINDS = sorted(DECLARED)
URL = "/api/v1/field-reports/"
SPOT_TASK = {
    "category": "uxo",
    "ordnance_type": "82 mm mortar",
    "quantity": 1,
    "disposal": "in_situ",
    "disposed_on": "2025-10-05",
    "location": {"type": "Point", "coordinates": [68.95, 37.45]},
}


def writer(kind: str) -> tuple[str, str]:
    return ("rcst.clerk", "RCST") if kind in personal_kinds() else ("npa.clerk", "NPA")


def client(username: str) -> APIClient:
    api = APIClient()
    token, _ = Token.objects.get_or_create(user=User.objects.get(username=username))
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def body(kind: str, client_id: str, payload: Any, day: str = "2025-10-04") -> dict[str, Any]:
    return {
        "kind": kind,
        "organisation": writer(kind)[1],
        "client_id": client_id,
        "date_of_information": day,
        "payload": payload,
    }


def integer_fields(kind: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names the kind's reader reads as whole numbers (found by watching it read an empty report)."""
    names: list[str] = []
    number = report_payload.Reader.number

    def watched(self: report_payload.Reader, name: str, *args: Any, **kwargs: Any) -> Any:
        names.append(name)
        return number(self, name, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(report_payload.Reader, "number", watched)
        organisation = Organisation.objects.get(acronym=writer(kind)[1])
        draft = FieldReport(kind=kind, organisation=organisation, payload={}, date_of_information=dt.date(2025, 10, 4))
        with pytest.raises(ActionError):  # an empty report is incomplete; only the names matter
            report_payload.check(draft)
    return names


@pytest.mark.parametrize("kind", KINDS)
def test_unknown_keys_are_refused_on_save_naming_each(db: Any, kind: str) -> None:
    api = client(writer(kind)[0])
    extra = {"phone": "+992 900 000 001", "notes_x": "HIV+", "NAME": "Ali", "name ": "Ali"}
    answer = api.post(URL, body(kind, f"unknown-{kind}", extra), format="json")
    assert answer.status_code == 400, answer.content
    assert set(extra) <= set(answer.json()["errors"])
    assert not FieldReport.objects.filter(client_id=f"unknown-{kind}").exists()


def test_an_edit_cannot_add_an_unknown_key(db: Any) -> None:
    api = client("npa.clerk")
    made = api.post(URL, body("spot_task", "edit-extra", SPOT_TASK), format="json")
    assert made.status_code == 201, made.content
    url = f"{URL}{made.json()['id']}/"
    answer = api.patch(url, {"version": 1, "payload": {**SPOT_TASK, "phone": "+992"}}, format="json")
    assert answer.status_code == 400 and "phone" in answer.json()["errors"]
    assert "phone" not in FieldReport.objects.get(client_id="edit-extra").payload


def test_personal_keys_inside_a_victims_referrals_are_refused(db: Any) -> None:
    needs = [{"need": "rehabilitation", "institution": "RCST", "phone": "+992 900 000 001"}]
    answer = client("rcst.clerk").post(URL, body("victim", "needs-extra", {"needs": needs}), format="json")
    assert answer.status_code == 400 and "needs.1.phone" in answer.json()["errors"]
    assert not FieldReport.objects.filter(client_id="needs-extra").exists()


@pytest.mark.parametrize("value", [[1, 2], "x", 5, 1.5])
@pytest.mark.parametrize("kind", ["victim", "spot_task"])
def test_a_payload_that_is_not_an_object_is_a_400(db: Any, kind: str, value: Any) -> None:
    answer = client(writer(kind)[0]).post(URL, body(kind, "not-object", value), format="json")
    assert answer.status_code == 400
    assert "payload must be an object" in str(answer.json())


@pytest.mark.parametrize("value", [10**29, 2**63, 1e308, -5, 2.5, True])
@pytest.mark.parametrize("kind", KINDS)
def test_every_integer_field_is_bounded_at_submission(
    db: Any, kind: str, value: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = integer_fields(kind, monkeypatch)
    api = client(writer(kind)[0])
    lowest = {q.name: q.low for q in DECLARED[kind].questions}
    for name in names:
        client_id = f"bound-{kind}-{name}"
        # Below the field's own lowest value: an altitude may be below sea level, a count may not.
        sent = min(value, lowest.get(name, 0) - 1) if value == -5 else value
        made = api.post(URL, body(kind, client_id, {name: sent}), format="json")
        assert made.status_code in (201, 400), made.content  # a draft may hold it; never a 500
        if made.status_code == 400:
            assert name in made.json()["errors"]
            continue
        answer = api.post(f"{URL}{made.json()['id']}/submit/", {}, format="json")
        assert answer.status_code == 400, (name, answer.content)
        assert name in answer.json()["errors"], (name, answer.json())
        assert FieldReport.objects.get(client_id=client_id).state == FieldReport.State.DRAFT


def test_the_integer_fields_are_found(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    found = {kind: integer_fields(kind, monkeypatch) for kind in KINDS}
    assert "quantity" in found["spot_task"] and "birth_year" in found["victim"] and "year" in found["funding"]


@pytest.mark.parametrize(
    ("kind", "change", "field"),
    [
        ("spot_task", {"disposed_on": "2025-10-01"}, "disposed_on"),
        ("spot_task", {"quantity": 0}, "quantity"),
        ("progress", {"start_date": "2025-12-01"}, "start_date"),
        ("completion", {"handed_over_on": "2025-10-01"}, "handed_over_on"),
        ("accident", {"casualties": [{"sex": "male", "age": "130", "outcome": "injured"}]}, "casualties.1"),
    ],
)
def test_what_approval_refuses_is_refused_at_submission(db: Any, kind: str, change: dict[str, Any], field: str) -> None:
    api = client(writer(kind)[0])
    content = {**SPOT_TASK, **change} if kind == "spot_task" else change
    made = api.post(URL, body(kind, f"cross-{kind}-{field}", content), format="json")
    assert made.status_code == 201, made.content
    answer = api.post(f"{URL}{made.json()['id']}/submit/", {}, format="json")
    assert answer.status_code == 400 and field in answer.json()["errors"], answer.content


@pytest.mark.parametrize("quantity", [10**29, 2**63, 1e308, -5])
def test_approval_of_an_out_of_range_report_stored_earlier_is_a_400(db: Any, quantity: Any) -> None:
    made = client("npa.clerk").post(URL, body("spot_task", f"old-{quantity}", SPOT_TASK), format="json")
    assert made.status_code == 201, made.content
    # As a report submitted before numbers were bounded would be stored.
    FieldReport.objects.filter(pk=made.json()["id"]).update(
        payload={**SPOT_TASK, "quantity": quantity}, state=FieldReport.State.SUBMITTED
    )
    finds = OrdnanceFind.objects.count()
    answer = client("tnmac.im").post(f"{URL}{made.json()['id']}/approve/", {}, format="json")
    assert answer.status_code == 400 and "quantity" in answer.json()["errors"], answer.content
    assert OrdnanceFind.objects.count() == finds
    assert FieldReport.objects.get(pk=made.json()["id"]).state == FieldReport.State.SUBMITTED


VICTIM = {
    "date": "2025-07-01",
    "admin_area": "TJ-KT-PNJ",
    "name": "Parvina Odinaeva",
    "sex": "female",
    "birth_year": "1998",
    "contact": "",
    "medical": "",
    "needs": [{"need": "rehabilitation", "institution": "Dushanbe orthopaedic centre"}],
}


def test_an_openrosa_answer_the_form_does_not_ask_is_refused_and_never_kept_in_clear(db: Any) -> None:
    from minefree.fieldcollection.models import Submission, SubmissionError
    from minefree.fieldcollection.tests.collect import device, download, send

    collect = device("rcst.clerk")
    form = download(collect, "minefree_victim")
    instance_id, xml = form.fill(VICTIM)
    forged = xml.replace(b"<meta>", b"<phone>+992 900 000 001</phone><meta>")
    answer = send(collect, forged)
    assert answer.status_code == 400 and "phone" in answer.content.decode()
    assert not Submission.objects.filter(instance_id=instance_id).exists()
    assert not FieldReport.objects.filter(client_id=instance_id).exists()
    assert "+992 900 000 001" not in SubmissionError.objects.latest("pk").xml
    instance_id, xml = form.fill(VICTIM)  # what Collect sends (meta included) still passes
    assert send(collect, xml).status_code == 201


# Keys a web form builds from several inputs, beyond its payload_fields.
BUILT_KEYS = {
    "hazard": ("geometry",),
    "progress": ("geometry",),
    "spot_task": ("location",),
    "accident": ("location", "casualties"),
    "eore": ("location",),
    "victim": ("needs",),
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_a_web_form_sends_is_one_its_reader_knows(db: Any, kind: str) -> None:
    from minefree.fieldwork.forms import form_for

    form = form_for(kind)
    if form is None:
        pytest.skip(f"{kind} has no web form")
    organisation = Organisation.objects.get(acronym=writer(kind)[1])
    sent = (*form.payload_fields, *BUILT_KEYS.get(kind, ()))
    report = FieldReport(
        kind=kind, organisation=organisation, date_of_information=dt.date(2025, 10, 4), payload=dict.fromkeys(sent, "x")
    )
    report_payload.refuse_unknown_keys(report)  # raises, naming the key, if the form sends one nobody reads
