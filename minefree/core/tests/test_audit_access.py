"""The audit log shows each entry under the rules of the object it is about (`restrict`).

Operators' drafts are theirs until submitted: the NMAC's log readers never get what a report said
as a draft, on the page or in the CSV; a log reader without personal data never gets entries about
victims; no entry holds a victim's personal data in clear.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth.models import User

from minefree.core.models import AuditEntry
from minefree.core.permissions import Action
from minefree.fieldwork import actions
from minefree.fieldwork.models import FieldReport
from minefree.organisations.models import Membership, Organisation, Role

READERS = ["tnmac.admin", "tnmac.im", "tnmac.qa"]
SECRET = "Unsubmitted-Ridge-Draft"


def log(client, query: str = "") -> str:
    """The log's rows as the page and the CSV give them (the page's own links repeat the query)."""
    page = client.get(f"/audit/?{query}").content.decode()
    rows = page[page.index("<table") : page.rindex("</table>")] if "<table" in page else ""
    csv = b"".join(client.get(f"/audit/export.csv?{query}").streaming_content).decode()
    return rows + csv


def draft(user, name: str = SECRET) -> FieldReport:
    payload = {
        "name": name,
        "admin_area": "TJ-KT-SSH",
        "classification": "SHA",
        "contamination": "ap_mines",
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[70.10, 37.90], [70.11, 37.90], [70.11, 37.91], [70.10, 37.91], [70.10, 37.90]]],
        },
    }
    report, _ = actions.save_report(
        user,
        kind="hazard",
        organisation=Organisation.objects.get(acronym="NPA"),
        client_id=f"audit-{name}",
        date_of_information=dt.date(2026, 6, 3),
        payload=payload,
    )
    return report


@pytest.mark.parametrize("username", READERS)
def test_nmac_log_readers_never_get_an_operators_draft(persona, user, username):
    report = draft(user("npa.clerk"))
    edited = actions.edit_report(
        user("npa.clerk"), report, expected_version=1, payload=report.payload | {"description": "second thoughts"}
    )
    client = persona(username)
    for query in ("", "action=save_report", "object_type=fieldreport", f"q={report.reference}"):
        text = log(client, query)
        assert SECRET not in text and report.reference not in text and "second thoughts" not in text, query
    visible = AuditEntry.objects.restrict(user(username), Action.VIEW)
    assert not visible.filter(content_type__model="fieldreport", object_id=str(report.pk)).exists()

    # Submitted, the report and what happens to it from then on are the NMAC's to see; its drafts stay NPA's.
    actions.submit_report(user("npa.clerk"), edited)
    rows = visible.filter(content_type__model="fieldreport", object_id=str(report.pk))
    assert list(rows.values_list("action", flat=True)) == ["submit_report"]
    csv = b"".join(client.get("/audit/export.csv?action=edit_report").streaming_content).decode()
    assert report.reference not in csv


def test_draft_entries_of_its_own_organisation_stay_readable(user):
    im = user("tnmac.im")
    report, _ = actions.save_report(
        im,
        kind="funding",
        organisation=Organisation.objects.get(acronym="TNMAC"),
        client_id="own-draft",
        date_of_information=dt.date(2026, 6, 3),
        payload={"project": "ours"},
    )
    visible = AuditEntry.objects.restrict(im, Action.VIEW)
    assert visible.filter(content_type__model="fieldreport", object_id=str(report.pk)).exists()


def test_entries_without_a_state_stay_readable(user):
    """A comment's entry (`after` without a state) on another organisation's submitted report."""
    submitted = FieldReport.objects.filter(organisation__acronym="NPA", state="submitted").first()
    actions.comment_on(user("tnmac.im"), submitted, "Which team?")
    visible = AuditEntry.objects.restrict(user("tnmac.qa"), Action.VIEW)
    assert visible.filter(action="comment_on_report", object_id=str(submitted.pk)).exists()


def test_a_log_reader_without_personal_data_gets_no_entry_about_victims(db, persona):
    reader = User.objects.create_user("qa.no.personal")
    Membership.objects.create(
        user=reader,
        organisation=Organisation.objects.get(acronym="TNMAC"),
        role=Role.objects.get(code="nmac_qa"),
        data_classes=["record", "reports"],
    )
    client = persona("qa.no.personal")
    text = log(client, "object_type=victim") + log(client, "object_type=fieldreport")
    victims = FieldReport.objects.filter(kind="victim").values_list("reference", flat=True)
    assert victims and not any(reference in text for reference in victims)
    assert "register_victim" not in log(client)
    assert "register_victim" in log(persona("tnmac.admin"), "action=register_victim")


def test_no_entry_holds_a_victims_personal_data_in_clear(persona):
    text = b"".join(persona("tnmac.admin").get("/audit/export.csv").streaming_content).decode()
    for clear in ("Daler Aminov", "Lower-leg amputation", "555 1212", "Sitora Qodirova", "Fragment wounds"):
        assert clear not in text
    rows = AuditEntry.objects.filter(content_type__model__in=["victim", "fieldreport"])
    assert "Daler Aminov" not in json.dumps([[r.before, r.after] for r in rows])
