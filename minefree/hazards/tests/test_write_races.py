"""Writes to hazardous areas sent at the same instant to the live server.

Changes of one area from the same version: one is saved, every other gets 409 with the current
record (never a 500, never two saved). Areas created at once: each gets its own reference. An area
handed over while someone else completes it: their completion is refused with 409.
"""

import datetime as dt
import uuid

import pytest

from minefree.core.errors import Conflict
from minefree.core.tests.racing import api_token, caller, together
from minefree.hazards import actions
from minefree.hazards.models import CompletionReport
from minefree.hazards.tests.helpers import cleared, new_hazard

WRITERS = 8


def square(lon, lat, d=0.001):
    ring = [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def new_area(n=0):
    return {
        "name": f"Raced area {uuid.uuid4()}",
        "admin_area": None,  # filled in by the caller: the API takes the district's id
        "classification": "SHA",
        "contamination": "ap_mines",
        "geometry": square(69.66 + n * 0.002, 40.66),
        "recorded_on": "2024-02-01",
        "confirm": True,
    }


def district_id(django_db_blocker):
    from minefree.gazetteer.models import AdminArea

    with django_db_blocker.unblock():
        return AdminArea.objects.get(code="TJ-SU-GFR").pk


def test_changes_of_one_area_from_the_same_version_save_one_and_refuse_the_rest(server, django_db_blocker):
    im = caller(server, api_token(django_db_blocker, "tnmac.im"))
    status, area = im("POST", "/api/v1/hazards/", {**new_area(), "admin_area": district_id(django_db_blocker)})
    assert status == 201, area
    url, version = f"/api/v1/hazards/{area['id']}/", area["properties"]["version"]
    for round_ in range(3):
        answers = together(
            *[
                lambda n=n, v=version: im(
                    "PATCH", url, {"version": v, "effective_date": "2024-03-01", "description": f"{n}"}
                )
                for n in range(WRITERS)
            ]
        )
        statuses = sorted(status for status, _body in answers)
        assert statuses == [200] + [409] * (WRITERS - 1), (round_, answers)
        saved = next(body for status, body in answers if status == 200)
        assert all(body["current"]["version"] == version + 1 for status, body in answers if status == 409)
        _status, now = im("GET", url)
        assert now["properties"]["version"] == version + 1
        assert now["properties"]["description"] == saved["properties"]["description"]
        version += 1


def test_areas_created_at_once_get_distinct_consecutive_references(server, django_db_blocker):
    im = caller(server, api_token(django_db_blocker, "tnmac.im"))
    district = district_id(django_db_blocker)
    answers = together(
        *[lambda n=n: im("POST", "/api/v1/hazards/", {**new_area(n), "admin_area": district}) for n in range(WRITERS)]
    )
    assert [status for status, _body in answers] == [201] * WRITERS, answers
    numbers = sorted(int(body["properties"]["reference"].removeprefix("TJK-HA-")) for _status, body in answers)
    assert numbers == list(range(numbers[0], numbers[0] + WRITERS))
    for _status, body in answers:  # each readable under its own reference
        status, read = im("GET", f"/api/v1/hazards/{body['id']}/")
        assert status == 200 and read["properties"]["reference"] == body["properties"]["reference"]


def test_completing_an_area_someone_handed_over_meanwhile_is_a_conflict(user):
    im = user("tnmac.im")
    hazard = new_hazard(im)
    hazard = cleared(im, hazard)  # both people opened the closed area
    completion = {
        "organisation": hazard.operator,
        "completed_on": dt.date(2019, 2, 1),
        "handed_over_on": dt.date(2019, 3, 1),
        "handed_over_to": "Jamoat",
        "residual_risk_owner": "Hukumat",
    }
    actions.complete_hazard_area(im, hazard, certificate_number="HC-first", **completion)
    with pytest.raises(Conflict, match="already handed over"):
        actions.complete_hazard_area(im, hazard, certificate_number="HC-second", **completion)
    assert list(CompletionReport.objects.filter(hazard=hazard).values_list("certificate_number", flat=True)) == [
        "HC-first"
    ]
