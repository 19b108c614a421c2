"""Issue 13's review page: duplicates as links in words and on the map, the change from the record
highlighted, and two reviewers taking one report at the same instant."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from django.utils import translation

from minefree.core.tests.racing import api_token, caller, together
from minefree.fieldwork.tests.test_inbox import submitted
from minefree.fieldwork.words import days_apart, distance


def test_distances_and_days_read_as_people_say_them() -> None:
    with translation.override("en"):
        assert distance(4) == "at the same place"
        assert distance(123) == "about 120 m away"
        assert distance(2449) == "about 2.4 km away"
        assert days_apart(0) == "the same day"
        assert days_apart(1) == "1 day apart"
        assert days_apart(12) == "12 days apart"


def test_a_duplicate_is_a_link_with_distance_and_days_and_is_drawn_on_the_map(persona: Any) -> None:
    clerk, im = persona("npa.clerk"), persona("tnmac.im")
    first = submitted(clerk, "Twin field A", lon=69.880)
    second = submitted(clerk, "Twin field B", lon=69.881)  # half the box over the first, 0.001° east
    page = im.get(f"/field-reports/{second.pk}/").content.decode()
    listed = page.split('id="duplicates"', 1)[1].split("</div>", 1)[0]
    assert f'<a href="/field-reports/{first.pk}/">{first.reference} Twin field A</a>' in listed
    assert "about 80 m away, the same day" in listed  # 0.001° of longitude at 40.9° N is about 84 m
    assert "overlaps 50 % of the smaller area" in listed
    drawn = json.loads(re.search(r'id="map-duplicates"[^>]*>(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert [d["reference"] for d in drawn] == [first.reference]
    assert drawn[0]["url"] == f"/field-reports/{first.pk}/" and drawn[0]["geometry"]["type"] == "MultiPolygon"


def test_a_change_to_the_record_is_shown_old_to_new(persona: Any) -> None:
    from minefree.hazards.models import HazardArea

    clerk, im = persona("npa.clerk"), persona("tnmac.im")
    hazard = HazardArea.objects.filter(operator__acronym="NPA", classification="SHA").order_by("pk").first()
    assert hazard is not None
    client_id = f"change-{uuid.uuid4()}"
    body = {
        "client_id": client_id,
        "date_of_information": "2024-06-06",
        "classification": "CHA",
        "coordinate_order": "latlon",
        "submit": "1",
    }
    response = clerk.post(f"/field-reports/new/hazard/?hazard={hazard.pk}", body)
    assert response.status_code == 302, re.findall(r"error[^>]*>([^<]*)<", response.content.decode())
    report_url = response["Location"]
    page = im.get(report_url).content.decode()
    row = page.split('<tr class="changed">', 1)[1].split("</tr>", 1)[0]
    assert "(changed)" in row and "<del>Suspected hazardous area</del> →" in row
    assert "<ins>Confirmed hazardous area</ins>" in row


def test_two_reviewers_taking_one_report_at_once_one_wins(server: str, django_db_blocker: Any) -> None:
    clerk = caller(server, api_token(django_db_blocker, "npa.clerk"))
    im = caller(server, api_token(django_db_blocker, "tnmac.im"))
    admin = caller(server, api_token(django_db_blocker, "tnmac.admin"))
    for n in range(3):
        body = {
            "kind": "hazard",
            "organisation": "NPA",
            "client_id": f"take-race-{uuid.uuid4()}",
            "date_of_information": "2024-05-01",
            "payload": {
                "name": f"Taken at once {n}",
                "admin_area": "TJ-SU-GFR",
                "classification": "SHA",
                "contamination": "ap_mines",
                "geometry": {"type": "Polygon", "coordinates": [_ring(69.60 + n * 0.004, 40.70)]},
            },
        }
        status, report = clerk("POST", "/api/v1/field-reports/", body)
        assert status == 201, report
        url = f"/api/v1/field-reports/{report['id']}/"
        assert clerk("POST", f"{url}submit/", {})[0] == 200
        by_im, by_admin = together(
            lambda url=url: im("POST", f"{url}take/"), lambda url=url: admin("POST", f"{url}take/")
        )
        assert sorted([by_im[0], by_admin[0]]) == [200, 409], (by_im, by_admin)
        winner, loser = (by_im, by_admin) if by_im[0] == 200 else (by_admin, by_im)
        assert f"was already taken by {winner[1]['assignee']}" in loser[1]["errors"]["assignee"][0]
        assert im("GET", url)[1]["assignee"] == winner[1]["assignee"]


def _ring(lon: float, lat: float, d: float = 0.002) -> list[list[float]]:
    return [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]
