"""An instanceID names one content: a resend with other answers, or an edit of a version a newer edit
replaced, is refused with 409 and a message Collect shows, and kept in the refusal log for the NMAC."""

from __future__ import annotations

import re
import threading
import uuid
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from minefree.fieldcollection.models import Submission, SubmissionError
from minefree.fieldcollection.tests.collect import device, download, send
from minefree.fieldcollection.tests.test_openrosa import RING, hazard_instance
from minefree.fieldcollection.tests.test_personal_data import ANSWERS as VICTIM
from minefree.fieldcollection.tests.test_personal_data import NAME, registered
from minefree.fieldwork.models import FieldReport

HAZARD = {
    "date": "2025-07-01",
    "name": "Conflict field",
    "admin_area": "TJ-SU-GFR",
    "classification": "SHA",
    "contamination": "ap_mines",
    "geometry": RING,
}


def message(response) -> str:
    found = re.search(r"<message[^>]*>([^<]*)</message>", response.content.decode())
    assert found, response.content.decode()
    return found.group(1)


def test_the_same_instance_resent_in_another_layout_is_already_received(db):
    client = device()
    form = download(client, "minefree_hazard")
    instance_id, xml = form.fill(HAZARD)
    assert send(client, xml).status_code == 201
    # The same answers, re-serialised: declaration, quoting and indentation differ.
    root = ElementTree.fromstring(xml)
    ElementTree.indent(root)
    again = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True).replace(b"'", b'"')
    assert again != xml
    response = send(client, again)
    assert response.status_code == 202 and "Already received" in message(response)
    assert not SubmissionError.objects.filter(instance_id=instance_id).exists()


def test_the_same_instance_id_with_other_answers_is_a_conflict_kept_for_the_nmac(db, persona):
    client = device()
    form = download(client, "minefree_hazard")
    instance_id, xml = form.fill(HAZARD)
    assert send(client, xml).status_code == 201
    report = FieldReport.objects.get(client_id=instance_id)
    changed = xml.replace(b"Conflict field", b"Conflict field, other answers")
    response = client.post(
        "/openrosa/submission",
        {"xml_submission_file": SimpleUploadedFile("instance.xml", changed, "text/xml")},
        HTTP_USER_AGENT="org.odk.collect.android/v2024.3.1",
    )
    assert response.status_code == 409 and response["X-OpenRosa-Version"] == "1.0"
    assert report.reference in message(response) and "not kept" in message(response)
    report.refresh_from_db()
    assert report.payload["name"] == "Conflict field" and report.version == 2  # saved, then submitted
    assert Submission.objects.filter(report=report).count() == 1
    refused = SubmissionError.objects.get(instance_id=instance_id)
    assert refused.status == 409 and refused.user.username == "npa.clerk"
    assert refused.form_id == "minefree_hazard" and "collect.android" in refused.device
    assert "Conflict field, other answers" in refused.xml  # what the team typed is not lost
    # The NMAC's reviewers see it, and can download the refused instance.
    page = persona("tnmac.im").get("/forms/refused/?conflicts=1").content.decode()
    assert instance_id in page and "collect.android" in page and "npa.clerk" in page
    download_ = persona("tnmac.im").get(f"/forms/refused/{refused.pk}/instance.xml")
    assert download_.status_code == 200 and b"Conflict field, other answers" in download_.content
    assert download_["Content-Disposition"].startswith("attachment")
    assert persona("npa.clerk").get(f"/forms/refused/{refused.pk}/instance.xml").status_code == 403


def test_an_edit_of_a_replaced_version_is_refused_and_the_newer_edit_stays(db):
    client = device()
    form = download(client, "minefree_hazard")
    first_id, first = form.fill(HAZARD)
    assert send(client, first).status_code == 201
    _second_id, second = form.fill(HAZARD | {"name": "Second edit"}, deprecated=first_id)
    assert send(client, second).status_code == 201
    stale_id, stale = form.fill(HAZARD | {"name": "Stale edit"}, deprecated=first_id)
    response = send(client, stale)
    assert response.status_code == 409 and "older version" in message(response)
    report = FieldReport.objects.get(client_id=first_id)
    assert report.payload["name"] == "Second edit"
    assert not Submission.objects.filter(instance_id=stale_id).exists()
    refused = SubmissionError.objects.get(instance_id=stale_id)
    assert refused.status == 409 and "Stale edit" in refused.xml


def test_a_refused_victim_registration_stays_sealed(db, persona):
    instance_id, _report = registered()
    client = device("rcst.clerk")
    form = download(client, "minefree_victim")
    _id, xml = form.fill(VICTIM | {"birth_year": "1999"})
    changed = xml.replace(_id.encode(), instance_id.encode())
    response = send(client, changed)
    assert response.status_code == 409
    refused = SubmissionError.objects.get(instance_id=instance_id)
    assert NAME not in refused.xml and "1999" in refused.xml
    page = persona("tnmac.im").get(f"/forms/refused/{refused.pk}/instance.xml").content.decode()
    assert NAME not in page


def test_a_victim_registration_resent_unchanged_is_already_received(db):
    """Its stored instance is sealed, so the comparison opens it (rows kept before digests too)."""
    client = device("rcst.clerk")
    form = download(client, "minefree_victim")
    instance_id, xml = form.fill(VICTIM)
    assert send(client, xml).status_code == 201
    Submission.objects.filter(instance_id=instance_id).update(content_sha256="")
    assert send(client, xml).status_code == 202


def test_two_phones_racing_with_one_instance_id_store_one_and_refuse_the_other(django_db_setup, django_db_blocker):
    """Both pass the first look for the instanceID; the unique constraint and a second look settle it.

    Committed rows, as in the browser tests: the instanceID is new, so nothing else depends on them.
    """
    if connection.vendor == "sqlite" and connection.settings_dict["OPTIONS"].get("transaction_mode") != "IMMEDIATE":
        pytest.skip("SQLite writers that start deferred fail with 'database is locked' instead of waiting")
    instance_id = f"uuid:{uuid.uuid4()}"
    statuses: list[int] = []
    start = threading.Barrier(2)

    def post(name: str) -> None:
        try:
            body = hazard_instance(instance_id, name=name)
            parts = {"xml_submission_file": SimpleUploadedFile("instance.xml", body, "text/xml")}
            client = device()
            start.wait()
            statuses.append(client.post("/openrosa/submission", parts).status_code)
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        threads = [threading.Thread(target=post, args=(f"Racing {n}",)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(statuses) == [201, 409]
        assert Submission.objects.filter(instance_id=instance_id).count() == 1
        assert SubmissionError.objects.filter(instance_id=instance_id, status=409).count() == 1


def test_two_edits_of_one_version_racing_apply_one_and_refuse_the_other(django_db_setup, django_db_blocker):
    if connection.vendor == "sqlite" and connection.settings_dict["OPTIONS"].get("transaction_mode") != "IMMEDIATE":
        pytest.skip("SQLite writers that start deferred fail with 'database is locked' instead of waiting")
    first_id = f"uuid:{uuid.uuid4()}"
    edits = {f"uuid:{uuid.uuid4()}": f"Edit {n}" for n in range(2)}
    statuses: dict[str, int] = {}
    start = threading.Barrier(2)

    def post(edit_id: str) -> None:
        try:
            body = hazard_instance(edit_id, name=edits[edit_id], deprecated=first_id)
            parts = {"xml_submission_file": SimpleUploadedFile("instance.xml", body, "text/xml")}
            client = device()
            start.wait()
            statuses[edit_id] = client.post("/openrosa/submission", parts).status_code
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        parts = {"xml_submission_file": SimpleUploadedFile("i.xml", hazard_instance(first_id), "text/xml")}
        assert device().post("/openrosa/submission", parts).status_code == 201
        threads = [threading.Thread(target=post, args=(edit_id,)) for edit_id in edits]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(statuses.values()) == [201, 409]
        applied = next(edit_id for edit_id, status in statuses.items() if status == 201)
        assert FieldReport.objects.get(client_id=first_id).payload["name"] == edits[applied]
        assert Submission.objects.filter(deprecated_id=first_id).get().instance_id == applied
