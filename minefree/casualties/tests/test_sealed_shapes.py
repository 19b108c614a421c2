"""A victim's personal data is sealed whatever shape a client sends it in, and only the server seals.

A list, an object or a number in `name`, `contact` or `medical` is stored, returned and audited
as ciphertext; a value that looks sealed (`{"sealed": ...}`) from a client is refused with a 400
naming the field, and nothing is written.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection

from minefree.core.models import AuditEntry
from minefree.fieldwork.models import FieldReport

CLEAR = "Parvina-Secret"
SHAPES = {
    "list": [CLEAR, "Odinaeva"],
    "object": {"first": CLEAR, "phone": "+992 90 555"},
    "nested": [{"note": CLEAR}],
}
BASE = {"admin_area": "TJ-GB-SHG", "sex": "female", "needs": []}


def create(client, payload, client_id):
    body = {
        "kind": "victim",
        "organisation": "RCST",
        "client_id": client_id,
        "date_of_information": "2025-09-09",
        "payload": payload,
    }
    return client.post("/api/v1/field-reports/", body, content_type="application/json")


def raw_payload(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload FROM fieldwork_fieldreport WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def audited(pk: int) -> str:
    entries = AuditEntry.objects.filter(content_type__model="fieldreport", object_id=str(pk))
    return json.dumps([[e.before, e.after] for e in entries])


@pytest.mark.parametrize("field", ["name", "contact", "medical"])
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_any_shape_of_personal_data_is_sealed_in_store_answer_and_audit(persona, field, shape):
    clerk = persona("rcst.clerk")
    payload = BASE | {"name": "Someone", field: SHAPES[shape]}
    response = create(clerk, payload, f"shape-{field}-{shape}")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert CLEAR not in response.content.decode()
    assert CLEAR not in raw_payload(pk)
    assert CLEAR not in clerk.get(f"/api/v1/field-reports/{pk}/").content.decode()
    assert CLEAR not in persona("tnmac.im").get(f"/field-reports/{pk}/").content.decode()
    edit = {"version": 1, "payload": payload | {"sex": "male"}}
    assert clerk.patch(f"/api/v1/field-reports/{pk}/", edit, content_type="application/json").status_code == 200
    assert CLEAR not in raw_payload(pk) and CLEAR not in audited(pk)
    assert audited(pk).count("sealed") >= 2


def test_a_number_is_sealed_too(persona):
    response = create(persona("rcst.clerk"), BASE | {"name": "Someone", "contact": 992905550123}, "number")
    assert response.status_code == 201
    assert "992905550123" not in raw_payload(response.json()["id"])


@pytest.mark.parametrize("field", ["name", "contact", "medical"])
@pytest.mark.parametrize("sent", [{"sealed": "x"}, {"sealed": "gAAAAB-not-a-token", "shape": "json"}])
def test_a_sealed_looking_value_from_a_client_is_refused_naming_the_field(persona, field, sent):
    clerk = persona("rcst.clerk")
    before = FieldReport.objects.count()
    response = create(clerk, BASE | {"name": "Someone", field: sent}, f"forged-{field}")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert FieldReport.objects.count() == before
    made = create(clerk, BASE | {"name": "Someone"}, f"forged-edit-{field}").json()
    edit = {"version": made["version"], "payload": made["payload"] | {field: sent}}
    response = clerk.patch(f"/api/v1/field-reports/{made['id']}/", edit, content_type="application/json")
    assert response.status_code == 400 and field in response.json()["errors"]
    assert FieldReport.objects.get(pk=made["id"]).version == made["version"]


def test_the_stored_sealed_value_sent_back_unchanged_is_kept(persona):
    clerk = persona("rcst.clerk")
    made = create(clerk, BASE | {"name": "Gulbahor"}, "round-trip").json()
    edit = {"version": made["version"], "payload": made["payload"] | {"sex": "male"}}
    response = clerk.patch(f"/api/v1/field-reports/{made['id']}/", edit, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["payload"]["name"] == made["payload"]["name"]
    assert clerk.post(f"/api/v1/field-reports/{made['id']}/submit/").status_code == 200


def test_a_name_that_is_not_text_is_refused_on_submission_not_a_500(persona):
    clerk = persona("rcst.clerk")
    made = create(clerk, BASE | {"name": ["Parvina", "Odinaeva"]}, "list-name").json()
    response = clerk.post(f"/api/v1/field-reports/{made['id']}/submit/")
    assert response.status_code == 400 and "name" in response.json()["errors"]
