"""A report's point location is checked against its country when the report is submitted.

An accident at (-5, 68.7) filed under Panj would be stored in the Indian Ocean and counted in
Panj's figures; a point typed latitude first lands far from where it was found. Every report kind
with a point is refused then, naming `location`, by the API and by the web form, and nothing
reaches `submitted`.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from minefree.fieldwork.models import FieldReport
from minefree.gazetteer.models import AdminArea

pytestmark = pytest.mark.django_db

GOOD = (69.10, 37.30)  # (longitude, latitude): Panj, Khatlon
# (longitude, latitude, words of the message)
BAD = [
    pytest.param(68.7, -5.0, "outside", id="Indian Ocean"),
    pytest.param(37.30, 69.10, "look swapped", id="swapped axes"),
]

# kind -> (clerk, organisation, payload without the location)
KINDS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "accident": (
        "npa.clerk",
        "NPA",
        {
            "kind": "civilian",
            "admin_area": "TJ-KT-PNJ",
            "activity_at_time": "farming",
            "casualties": [{"sex": "male", "age": 34, "outcome": "injured"}],
        },
    ),
    "eore": (
        "rcst.clerk",
        "RCST",
        {
            "admin_area": "TJ-KT-PNJ",
            "place": "School 3",
            "facilitator": "teacher",
            "audience": "schoolchildren",
            "method": "presentation",
            "grouping": "mixed",
            "girls": 10,
            "boys": 12,
            "women": 0,
            "men": 0,
            "total": 22,
        },
    ),
    "spot_task": (
        "npa.clerk",
        "NPA",
        {
            "category": "uxo",
            "ordnance_type": "VOG-17",
            "quantity": 1,
            "disposal": "in_situ",
            "disposed_on": "2024-05-05",
        },
    ),
}


def api(username: str) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=User.objects.get(username=username))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def submitted_by_api(kind: str, lon: float, lat: float) -> tuple[Any, int | None]:
    """The answer refusing the report (at save or at submit), or the submitted answer; and its id."""
    username, org, payload = KINDS[kind]
    clerk = api(username)
    body = {
        "kind": kind,
        "organisation": org,
        "client_id": f"point-{uuid.uuid4()}",
        "date_of_information": "2024-05-05",
        "payload": {**payload, "location": {"type": "Point", "coordinates": [lon, lat]}},
    }
    created = clerk.post("/api/v1/field-reports/", body, format="json")
    if created.status_code != 201:
        return created, None
    pk = created.json()["id"]
    return clerk.post(f"/api/v1/field-reports/{pk}/submit/", {}, format="json"), pk


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize(("lon", "lat", "words"), BAD)
def test_the_api_refuses_a_point_outside_the_country(kind: str, lon: float, lat: float, words: str) -> None:
    answer, pk = submitted_by_api(kind, lon, lat)
    assert answer.status_code == 400, answer.content
    messages = answer.json()["errors"]["location"]
    assert any(words in m for m in messages), messages
    assert pk is None or FieldReport.objects.get(pk=pk).state == "draft"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_api_accepts_a_point_inside_the_country(kind: str) -> None:
    answer, pk = submitted_by_api(kind, *GOOD)
    assert answer.status_code == 200 and pk is not None, answer.content
    assert FieldReport.objects.get(pk=pk).state == "submitted"


@pytest.mark.parametrize("kind", ["accident", "eore"])
def test_the_api_refuses_a_point_far_from_the_named_district(kind: str) -> None:
    answer, pk = submitted_by_api(kind, 69.95, 40.95)  # Ghafurov, Sughd: 350 km from Panj
    assert answer.status_code == 400, answer.content
    messages = answer.json()["errors"]["location"]
    assert any("outside Panj" in m for m in messages), messages
    assert pk is None or FieldReport.objects.get(pk=pk).state == "draft"


# The web forms with a point: kind -> form fields without latitude and longitude.
WEB: dict[str, dict[str, Any]] = {
    "accident": {
        "kind": "civilian",
        "activity_at_time": "farming",
        "casualties": "male, 34, injured",
    },
    "spot_task": {
        "category": "uxo",
        "ordnance_type": "VOG-17",
        "quantity": 1,
        "disposal": "in_situ",
        "disposed_on": "2024-05-05",
    },
}


def submitted_by_web(persona: Any, kind: str, lon: float, lat: float) -> tuple[Any, str]:
    client_id = f"web-point-{uuid.uuid4()}"
    data = {**WEB[kind], "client_id": client_id, "date_of_information": "2024-05-05", "submit": "1"}
    data.update(latitude=lat, longitude=lon)
    if kind == "accident":
        data["admin_area"] = AdminArea.objects.get(code="TJ-KT-PNJ").pk
    return persona("npa.clerk").post(f"/field-reports/new/{kind}/", data), client_id


@pytest.mark.parametrize("kind", sorted(WEB))
@pytest.mark.parametrize(("lon", "lat", "words"), BAD)
def test_the_web_form_refuses_a_point_outside_the_country(
    persona: Any, kind: str, lon: float, lat: float, words: str
) -> None:
    page, client_id = submitted_by_web(persona, kind, lon, lat)
    assert page.status_code == 400 and words in page.content.decode()
    assert not FieldReport.objects.filter(client_id=client_id, state="submitted").exists()


@pytest.mark.parametrize("kind", sorted(WEB))
def test_the_web_form_accepts_a_point_inside_the_country(persona: Any, kind: str) -> None:
    page, client_id = submitted_by_web(persona, kind, *GOOD)
    assert page.status_code in (200, 302), page.content.decode()[:2000]
    assert FieldReport.objects.get(client_id=client_id).state == "submitted"


def test_every_point_the_demo_approved_would_be_approved_again() -> None:
    """The demo's own accidents, 38 of them up to 25 km outside the district they name (across the
    border), must pass the check if their reports were approved again."""
    from minefree.casualties.models import Accident
    from minefree.education.models import EoreSession
    from minefree.hazards.checks import placed_point
    from minefree.hazards.models import OrdnanceFind

    refused = [
        (str(row), placed_point(row.location, row.admin_area))
        for model in (Accident, EoreSession)
        for row in model.objects.filter(location__isnull=False).select_related("admin_area__country")
        if row.location is not None and placed_point(row.location, row.admin_area)
    ]
    refused += [
        (str(find), placed_point(find.location, country=find.country))
        for find in OrdnanceFind.objects.filter(location__isnull=False).select_related("country")
        if find.location is not None and placed_point(find.location, country=find.country)
    ]
    assert Accident.objects.filter(location__isnull=False).count() > 0
    assert refused == []
