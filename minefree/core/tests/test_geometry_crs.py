"""GeoJSON with a `crs` member (GDAL writes one for projected data, e.g. UTM) on every geometry input.

Any EPSG code GDAL knows is reprojected to WGS 84; an unknown or malformed one is a 400 naming
the field; never a 500, and never a polygon compared with lon/lat data in metres.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import GEOSGeometry, Polygon
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from minefree.core.errors import ActionError
from minefree.core.geometry import area_m2, as_multipolygon
from minefree.core.geometry_input import parse_geometry_text
from minefree.fieldwork import payload as report_payload
from minefree.hazards.models import HazardArea
from minefree.hazards.tests.helpers import district
from minefree.organisations.models import Organisation

# A 200 m x 100 m field in northern Sughd, drawn in UTM zone 42N (EPSG:32642) as a surveyor would.
UTM = Polygon(
    ((551000, 4472000), (551200, 4472000), (551200, 4472100), (551000, 4472100), (551000, 4472000)), srid=32642
)
URN = "urn:ogc:def:crs:EPSG::32642"


def gdal_written(tmp_path: Path, polygon: Polygon = UTM) -> dict[str, Any]:
    """The polygon as ogr2ogr writes a UTM GeoJSON file (a FeatureCollection with a crs member)."""
    source = tmp_path / "field.csv"
    source.write_text(f'id,WKT\n1,"{polygon.wkt}"\n')
    target = tmp_path / "field.geojson"
    subprocess.run(
        ["ogr2ogr", "-f", "GeoJSON", "-a_srs", "EPSG:32642", str(target), str(source)], check=True, capture_output=True
    )
    return dict(json.loads(target.read_text()))


def with_crs(name: str, polygon: Polygon = UTM) -> dict[str, Any]:
    return {**json.loads(polygon.json), "crs": {"type": "name", "properties": {"name": name}}}


def api(username: str) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=User.objects.get(username=username))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def expected() -> GEOSGeometry:
    return as_multipolygon(UTM.transform(4326, clone=True))


def test_a_gdal_written_utm_file_is_read_in_wgs84(tmp_path):
    collection = gdal_written(tmp_path)
    assert collection["crs"]["properties"]["name"] == URN  # what GDAL writes
    geom = parse_geometry_text(json.dumps(collection), "field.geojson")
    assert geom.srid == 4326 and as_multipolygon(geom).equals_exact(expected(), 1e-7)
    assert abs(area_m2(geom) - 20000) < 1


@pytest.mark.parametrize("name", [URN, "EPSG:32642", "http://www.opengis.net/def/crs/EPSG/0/32642"])
def test_each_way_of_naming_an_epsg_code_is_understood(name):
    geom = parse_geometry_text(json.dumps(with_crs(name)), "a.geojson")
    assert as_multipolygon(geom).equals_exact(expected(), 1e-7)


@pytest.mark.parametrize(
    ("crs", "words"),
    [
        ({"type": "name", "properties": {"name": "EPSG:99999"}}, "EPSG:99999"),
        ({"type": "name", "properties": {"name": "my local grid"}}, "not an EPSG code"),
        ({"type": "link", "properties": {"href": "http://example.com/crs"}}, "crs member"),
    ],
)
def test_an_unknown_crs_is_refused_naming_the_field(crs, words):
    text = json.dumps({**json.loads(UTM.json), "crs": crs})
    with pytest.raises(ActionError) as refused:
        parse_geometry_text(text, "a.geojson")
    assert words in str(refused.value.errors["geometry_file"])


@pytest.mark.django_db
def test_the_hazard_and_land_release_api_reproject_utm(tmp_path):
    client = api("tnmac.im")
    geometry = gdal_written(tmp_path)["features"][0]["geometry"] | {
        "crs": {"type": "name", "properties": {"name": URN}}
    }
    body = {
        "name": "UTM field",
        "admin_area": district().pk,
        "classification": "SHA",
        "contamination": "ap_mines",
        "geometry": geometry,
        "recorded_on": "2020-02-02",
    }
    created = client.post("/api/v1/hazards/", body, format="json")
    assert created.status_code == 201, created.content
    hazard = HazardArea.objects.get(pk=created.json()["id"])
    assert hazard.geometry.equals_exact(expected(), 1e-6) and abs(hazard.area_m2 - 20000) < 1
    west_half = Polygon.from_bbox((551000, 4472000, 551100, 4472100))
    west_half.srid = 32642
    released = client.post(
        "/api/v1/land-release/",
        {
            "hazard": hazard.pk,
            "organisation": Organisation.objects.get(acronym="UST").pk,
            "kind": "cancel",
            "method": "survey",
            "geometry": with_crs(URN, west_half),
            "start_date": "2021-01-01",
            "end_date": "2021-02-01",
        },
        format="json",
    )
    assert released.status_code == 201, released.content  # not "does not overlap"
    hazard.refresh_from_db()
    assert abs(hazard.area_m2 - 10000) < 1


@pytest.mark.django_db
def test_the_apis_answer_400_for_an_unknown_crs():
    client = api("tnmac.im")
    bad = with_crs("EPSG:99999")
    created = client.post(
        "/api/v1/hazards/",
        {
            "name": "x",
            "admin_area": district().pk,
            "classification": "SHA",
            "contamination": "ap_mines",
            "geometry": bad,
            "recorded_on": "2020-02-02",
        },
        format="json",
    )
    assert created.status_code == 400 and "EPSG:99999" in names(created.json(), "geometry"), created.content
    disaster = api("coes.officer").post("/api/v1/disaster/", {"kind": "flood", "geometry": bad}, format="json")
    assert disaster.status_code == 400 and "EPSG:99999" in names(disaster.json(), "geometry"), disaster.content


def names(body: dict[str, Any], field: str) -> str:
    """The messages for `field`, whether the serializer ({field: [...]}) or the action answered."""
    return " ".join(body.get(field) or body.get("errors", {}).get(field) or [])


@pytest.mark.django_db
def test_a_field_report_polygon_in_utm_is_reprojected():
    from minefree.fieldwork.models import FieldReport

    report = FieldReport(kind="hazard", payload={"geometry": with_crs(URN)}, date_of_information=None)
    geom = report_payload.report_geometry(report)
    assert geom is not None and geom.srid == 4326 and geom.equals_exact(expected(), 1e-7)
    report.payload = {"geometry": with_crs("EPSG:99999")}
    reader = report_payload.Reader(report.payload)
    assert reader.geometry() is None and "EPSG:99999" in " ".join(reader.errors["geometry"])
