"""A field report names only quality records its writer may see: an area-limited clerk cannot check a
marking or close a corrective action of its organisation outside its area (they exist, but not for it)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from minefree.core.permissions import Action
from minefree.fieldwork.models import FieldReport
from minefree.quality.models import CorrectiveAction, Marking


def _outside(model: Any, user: Any, **mine: Any) -> Any:
    seen = model.objects.restrict(user, Action.VIEW).values_list("pk", flat=True)
    row = model.objects.filter(**mine).exclude(pk__in=seen).order_by("pk").first()
    assert row is not None, f"the demo has no {model.__name__} of NPA outside Khatlon"
    return row


@pytest.mark.parametrize("kind", ["marking_check", "corrective_action"])
def test_an_area_limited_clerk_cannot_name_a_record_outside_its_area(persona: Any, user: Any, kind: str) -> None:
    khatlon = user("npa.khatlon")
    if kind == "marking_check":
        target = _outside(Marking, khatlon, organisation__acronym="NPA")
        payload = {"marking": target.pk, "intact": True}
    else:
        target = _outside(CorrectiveAction, khatlon, non_conformity__organisation__acronym="NPA", done_on__isnull=True)
        payload = {"corrective_action": target.pk}
    client = persona("npa.khatlon")
    body = {
        "kind": kind,
        "organisation": "NPA",
        "client_id": f"named-{uuid.uuid4()}",
        "date_of_information": "2026-01-15",
        "payload": payload,
    }
    made = client.post("/api/v1/field-reports/", body, content_type="application/json")
    if made.status_code == 201:
        sent = client.post(f"/api/v1/field-reports/{made.json()['id']}/submit/", {}, content_type="application/json")
        assert sent.status_code in (400, 403, 404), sent.content
    else:
        assert made.status_code in (400, 403), made.content
    assert not FieldReport.objects.filter(client_id=body["client_id"], state="submitted").exists()
