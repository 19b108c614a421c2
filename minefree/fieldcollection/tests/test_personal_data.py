"""A victim registration sent from ODK Collect: the name, contact and medical details are never stored
in clear (not in the report, not in the stored instance), and roles without personal data never read them."""

from __future__ import annotations

from xml.etree import ElementTree

from django.db import connection

from minefree.core.crypto import unseal
from minefree.fieldcollection import instance
from minefree.fieldcollection.models import Submission
from minefree.fieldcollection.tests.collect import device, download, send
from minefree.fieldwork.models import FieldReport

NAME, CONTACT, MEDICAL = "Parvina Odinaeva", "+992 900 11 22 33", "Below-knee amputation, left leg"
ANSWERS = {
    "date": "2025-07-01",
    "admin_area": "TJ-KT-PNJ",
    "name": NAME,
    "sex": "female",
    "birth_year": "1998",
    "contact": CONTACT,
    "medical": MEDICAL,
    "needs": [{"need": "rehabilitation", "institution": "Dushanbe orthopaedic centre"}],
}


def registered(deprecated: str = "") -> tuple[str, FieldReport]:
    client = device("rcst.clerk")
    form = download(client, "minefree_victim")
    instance_id, xml = form.fill(ANSWERS, deprecated=deprecated)
    response = send(client, xml)
    assert response.status_code == 201, response.content.decode()
    return instance_id, Submission.objects.get(instance_id=instance_id).report


def raw_rows(table: str, column: str, value: object) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE {column} = %s", [value])  # the names are the test's own
        return repr(cursor.fetchall())


def test_the_stored_instance_and_the_report_hold_no_personal_data_in_clear(db):
    instance_id, report = registered()
    rows = raw_rows("interop_submission", "instance_id", instance_id) + raw_rows(
        "fieldwork_fieldreport", "id", report.pk
    )
    rows += raw_rows("core_auditentry", "object_id", str(report.pk))
    assert "Parvina" not in rows and "900 11 22" not in rows and "amputation" not in rows
    assert "Dushanbe orthopaedic centre" in rows  # what is not personal stays readable
    # Sealed, not lost: the stored instance still says what was sent, for whoever may unseal it.
    stored = ElementTree.fromstring(Submission.objects.get(instance_id=instance_id).xml)
    name = stored.find("name").text
    assert instance.is_sealed(name) and unseal(name.removeprefix(instance.SEALED_MARK)) == NAME
    assert unseal(report.payload["medical"]["sealed"]) == MEDICAL


def test_an_edited_registration_is_stored_sealed_too(db):
    first_id, report = registered()
    second_id, edited = registered(deprecated=first_id)
    assert edited.pk == report.pk
    assert "Parvina" not in raw_rows("interop_submission", "instance_id", second_id)


def test_donors_and_the_disaster_agency_never_read_it(persona):
    _instance_id, report = registered()
    for username in ("donor.usdos", "coes.officer"):
        client = persona(username)
        assert client.get(f"/field-reports/{report.pk}/").status_code == 404
        assert client.get(f"/api/v1/field-reports/{report.pk}/").status_code == 404
        listing = client.get("/api/v1/field-reports/").content.decode() + client.get("/field-reports/").content.decode()
        assert report.reference not in listing and "Parvina" not in listing
        assert client.get("/forms/minefree_victim/export.csv").status_code == 403
        assert "minefree_victim" not in device(username).get("/openrosa/formList").content.decode()
    # The NMAC sees the report, and even there the page shows only that the data is sealed.
    page = persona("tnmac.im").get(f"/field-reports/{report.pk}/").content.decode()
    assert report.reference in page and "Parvina" not in page


def test_an_operator_without_personal_data_cannot_send_or_edit_one(db):
    first_id, _report = registered()
    form = download(device("rcst.clerk"), "minefree_victim")
    _id, xml = form.fill(ANSWERS, deprecated=first_id)
    assert send(device("npa.clerk"), xml).status_code == 403
