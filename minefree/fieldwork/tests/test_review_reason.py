"""On a submitted report every persona who sees it sees either the review buttons or why not."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from minefree.demo.personas import PERSONAS
from minefree.fieldwork.models import FieldReport

pytestmark = pytest.mark.django_db
REVIEWERS = {"tnmac.admin", "tnmac.im"}  # docs/access.md: nmac_qa writes and reads reports, it does not review
REASON = "Reviewing needs the review_reports right; ask the NMAC administrator."


def npa_report(client_id: str, submit: bool = True) -> FieldReport:
    client = APIClient()
    client.force_authenticate(User.objects.get(username="npa.clerk"))
    body = {
        "kind": "spot_task",
        "organisation": "NPA",
        "client_id": client_id,
        "date_of_information": "2024-05-05",
        "payload": {
            "category": "uxo",
            "ordnance_type": "VOG-17",
            "quantity": 1,
            "disposal": "in_situ",
            "disposed_on": "2024-05-05",
            "location": {"type": "Point", "coordinates": [69.6, 40.6]},
        },
    }
    report = client.post("/api/v1/field-reports/", body, format="json").json()
    if submit:
        assert client.post(f"/api/v1/field-reports/{report['id']}/submit/", {}, format="json").status_code == 200
    return FieldReport.objects.get(pk=report["id"])


def test_each_persona_sees_the_review_controls_or_the_reason(persona: Any) -> None:
    report = npa_report("review-reason")
    seen = set()
    for username in PERSONAS:
        response = persona(username).get(f"/field-reports/{report.pk}/")
        if response.status_code == 404:
            continue
        seen.add(username)
        page = response.content.decode()
        if username in REVIEWERS:
            assert 'value="approve"' in page and REASON not in page, username
        else:
            assert 'value="approve"' not in page and REASON in page, username
    assert {"tnmac.qa", "npa.clerk", "ciihl.viewer"} <= seen


def test_a_draft_shows_no_reason(persona: Any) -> None:
    report = npa_report("review-reason-draft", submit=False)
    assert REASON not in persona("npa.clerk").get(f"/field-reports/{report.pk}/").content.decode()
