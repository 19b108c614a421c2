"""Each kind of bad input, thrown at each way in (HTML form, API, field report payload), answers a 4xx
with a message and writes nothing. The suite runs on SpatiaLite and PostGIS (PostgreSQL refuses NUL)."""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from minefree.fieldwork.models import FieldReport
from minefree.gazetteer.models import AdminArea
from minefree.hazards.models import HazardArea
from minefree.hazards.tests.helpers import box

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000
LONG = "mines " * 2_000  # 12,000 characters
SQUARE = json.loads(box(69.77, 40.77).geojson)
BAD_GEOJSON = [
    "[1]",
    '{"type": "FeatureCollection", "features": [1]}',
    '{"type": "Polygon"}',
    '{"type": "Feature"',
    DEEP,
]


def district() -> int:
    return AdminArea.objects.get(code="TJ-SU-GFR").pk


def hazard_form(**extra: Any) -> dict[str, Any]:
    return {
        "name": "Bad input field",
        "admin_area": district(),
        "classification": "SHA",
        "contamination": "ap_mines",
        "recorded_on": "2024-05-05",
        "coordinate_order": "latlon",
        "drawn": box(69.77, 40.77).geojson,
        **extra,
    }


def report_form(**extra: Any) -> dict[str, Any]:
    return {
        "client_id": "bad-input",
        "date_of_information": "2024-05-05",
        "name": "Bad input report",
        "admin_area": district(),
        "classification": "SHA",
        "contamination": "ap_mines",
        "coordinate_order": "latlon",
        "drawn": box(69.77, 40.77).geojson,
        "submit": "1",
        **extra,
    }


def api_hazard(**extra: Any) -> dict[str, Any]:
    return {
        "name": "Bad input field",
        "admin_area": district(),
        "classification": "SHA",
        "contamination": "ap_mines",
        "recorded_on": "2024-05-05",
        "geometry": SQUARE,
        **extra,
    }


def api_report(**payload: Any) -> dict[str, Any]:
    return {
        "kind": "hazard",
        "organisation": "NPA",
        "client_id": "bad-input",
        "date_of_information": payload.pop("date_of_information", "2024-05-05"),
        "payload": {
            "name": "Bad input report",
            "admin_area": "TJ-SU-GFR",
            "classification": "SHA",
            "contamination": "ap_mines",
            "geometry": SQUARE,
            **payload,
        },
    }


def token_client(username: str) -> APIClient:
    from django.contrib.auth.models import User

    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    return client


def rows() -> tuple[int, int]:
    return HazardArea.objects.count(), FieldReport.objects.count()


class TestBadInputIsRefused:
    """4xx, a message naming what was wrong, and not one row more."""

    def refused(self, response: Any, *expected: str, status: tuple[int, ...] = (400,)) -> None:
        assert response.status_code in status, response.content[:400]
        body = response.content.decode()
        for text in expected:
            assert text in body, body[:2000]

    @pytest.mark.parametrize(
        ("extra", "named"),
        [
            ({"name": "Field\x00"}, "name"),
            ({"description": "Near\x00the road"}, "description"),
            ({"description": LONG}, "10000 characters"),
            ({"recorded_on": "1900-01-01"}, "before 1990-01-01"),
            ({"drawn": DEEP}, "nested too deep"),
            *[({"drawn": text}, "Could not read a geometry") for text in BAD_GEOJSON[:4]],
        ],
    )
    def test_the_hazard_form(self, persona: Any, extra: dict[str, Any], named: str) -> None:
        before = rows()
        self.refused(persona("tnmac.im").post("/hazards/new/", hazard_form(**extra)), named)
        assert rows() == before

    def test_a_nul_in_a_plain_form_post(self, persona: Any) -> None:
        before = rows()
        page = persona("tnmac.im").post(
            "/hazards/new/", urlencode(hazard_form(name="Field\x00")), content_type="application/x-www-form-urlencoded"
        )
        self.refused(page, "The form field name holds a NUL character")
        assert rows() == before

    @pytest.mark.parametrize("text", BAD_GEOJSON)
    def test_a_malformed_geojson_file_is_named_on_its_field(self, persona: Any, text: str) -> None:
        before = rows()
        upload = SimpleUploadedFile("area.geojson", text.encode(), "application/geo+json")
        page = persona("tnmac.im").post("/hazards/new/", hazard_form(drawn="", geometry_file=upload))
        self.refused(page, "Could not read a geometry from area.geojson")
        assert 'class="field has-error"' in page.content.decode()
        assert rows() == before

    @pytest.mark.parametrize(
        ("extra", "named"),
        [
            ({"name": "Report\x00"}, "Null characters are not allowed"),
            ({"description": LONG}, "10000 characters"),
            ({"date_of_information": "1900-01-01"}, "before 1990-01-01"),
            ({"drawn": DEEP}, "nested too deep"),
            ({"drawn": '{"type": "FeatureCollection", "features": [1]}'}, "Could not read a geometry"),
        ],
    )
    def test_the_field_report_form(self, persona: Any, extra: dict[str, Any], named: str) -> None:
        before = rows()
        self.refused(persona("npa.clerk").post("/field-reports/new/hazard/", report_form(**extra)), named)
        assert rows() == before

    @pytest.mark.parametrize(
        ("extra", "named"),
        [
            ({"name": "Field\x00"}, "NUL"),
            ({"description": LONG}, "10000 characters"),
            ({"recorded_on": "1900-01-01"}, "before 1990-01-01"),
            ({"geometry": {"type": "Polygon"}}, "geometry"),
            ({"geometry": [1]}, "geometry"),
        ],
    )
    def test_the_hazard_api(self, extra: dict[str, Any], named: str) -> None:
        before = rows()
        body = api_hazard(**extra)
        self.refused(token_client("tnmac.im").post("/api/v1/hazards/", body, format="json"), named)
        assert rows() == before

    @pytest.mark.parametrize(
        ("body", "named"),
        [
            (api_report(name="Report\x00"), "payload.name holds a NUL"),
            (api_report(description=LONG), "payload.description is longer than 10000"),
            (api_report(date_of_information="1900-01-01"), "before 1990-01-01"),
            (api_report(geometry=json.loads("[" * 50 + "]" * 50)), "nested more than"),
        ],
    )
    def test_the_field_report_payload(self, body: dict[str, Any], named: str) -> None:
        before = rows()
        self.refused(token_client("npa.clerk").post("/api/v1/field-reports/", body, format="json"), named)
        assert rows() == before

    @pytest.mark.parametrize("geometry", [{"type": "Polygon"}, {"type": "Polygon", "coordinates": [[["a"]]]}, [1]])
    def test_a_malformed_geometry_in_a_payload_is_named_at_submission(self, geometry: Any) -> None:
        client = token_client("npa.clerk")
        draft = client.post("/api/v1/field-reports/", api_report(geometry=geometry), format="json").json()
        submitted = client.post(f"/api/v1/field-reports/{draft['id']}/submit/", {}, format="json")
        self.refused(submitted, "geometry")
        assert FieldReport.objects.get(pk=draft["id"]).state == FieldReport.State.DRAFT

    @pytest.mark.parametrize("url", ["/api/v1/hazards/", "/api/v1/field-reports/", "/api/v1/land-release/"])
    def test_json_nested_100000_deep(self, url: str) -> None:
        before = rows()
        response = token_client("tnmac.im").generic("POST", url, DEEP, content_type="application/json")
        self.refused(response, "nested too deep")
        assert rows() == before

    @pytest.mark.parametrize(
        "url",
        [
            "/hazards/list/?q=%00",
            "/hazards/list/?after=%00",
            "/hazards/map.geojson?status=open%00",
            "/field-reports/?hazard=%00",
            "/audit/?user=x%00",
            "/api/v1/hazards/?q=%00",
            "/api/v1/field-reports/?state=%00submitted",
        ],
    )
    def test_a_nul_in_the_query_string(self, persona: Any, url: str) -> None:
        self.refused(persona("tnmac.im").get(url), "NUL character")

    @pytest.mark.parametrize("position", ["abc", "1\x00", "²", "1.5"])
    @pytest.mark.parametrize("url", ["/api/v1/hazards/", "/api/v1/field-reports/", "/api/v1/land-release/"])
    def test_a_tampered_paging_cursor(self, persona: Any, url: str, position: str) -> None:
        cursor = base64.b64encode(f"o=0&p={position}".encode()).decode()
        self.refused(persona("tnmac.im").get(url, {"cursor": cursor}), "Invalid cursor", status=(404,))

    @pytest.mark.parametrize("after", ["²", "abc", "1e5"])
    def test_a_tampered_page_key_on_an_html_list(self, persona: Any, after: str) -> None:
        self.refused(persona("tnmac.im").get("/field-reports/", {"after": after}), "paging key")

    @pytest.mark.parametrize("layer", ["hazard_areas", "land_release"])
    def test_a_geopackage_listing_a_table_it_lacks(self, persona: Any, tmp_path: Path, layer: str) -> None:
        clerk = persona("npa.clerk")
        path = tmp_path / "edited.gpkg"
        path.write_bytes(b"".join(clerk.post("/geopackage/export/", {}).streaming_content))
        with sqlite3.connect(path) as connection:
            connection.execute(f'DROP TABLE "{layer}"')  # gpkg_contents still lists it
        before = rows()
        page = clerk.post("/geopackage/import/", {"file": SimpleUploadedFile("edited.gpkg", path.read_bytes())})
        self.refused(page, layer, "The layer is missing.")
        api = token_client("npa.clerk").post(
            "/api/v1/geopackage/import/", {"file": SimpleUploadedFile("edited.gpkg", path.read_bytes())}
        )
        self.refused(api, layer, "The layer is missing.")
        assert rows() == before
