"""Exports in the country's working systems (UTM 42N and 43N for the Tajik demo) as well as WGS 84:
every geometry format carries the system in its own way (.prj, gpkg srs, GeoJSON crs, the file name)."""

from __future__ import annotations

import json
from pathlib import Path

import pyogrio
import pytest
from django.contrib.gis.geos import GEOSGeometry, Point

from minefree.core.errors import ActionError
from minefree.countrysetup.actions import check_srids
from minefree.exports.tests.helpers import exported, read_csv, read_gdal, unzip
from minefree.gazetteer.home import working_srids
from minefree.gazetteer.models import Country
from minefree.hazards.models import HazardArea

QUERY = "status=open&classification=CHA"


def first_vertex(geometry: GEOSGeometry) -> tuple[float, float]:
    polygon = geometry[0] if geometry.geom_type == "MultiPolygon" else geometry
    x, y = polygon[0][0][:2]
    return x, y


def test_utm_42n_is_where_the_known_point_lies(db):
    # The central meridian of zone 42 is 69°E: there the easting is 500 000 m by definition.
    point = Point(69, 39, srid=4326).transform(32642, clone=True)
    assert point.x == pytest.approx(500_000, abs=0.01) and point.y == pytest.approx(4_316_776.6, abs=1)


def test_a_geopackage_in_utm_42n_holds_the_hazards_transformed(persona, tmp_path: Path):
    client = persona("tnmac.im")
    response = client.post(f"/exports/hazards/?{QUERY}", {"fmt": "gpkg", "crs": "32642"})
    assert response.status_code == 200 and "-epsg32642.gpkg" in response["Content-Disposition"]
    path = tmp_path / "utm.gpkg"
    path.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
    assert pyogrio.read_info(path, layer="hazards")["crs"] == "EPSG:32642"
    _names, rows, shapes = read_gdal(path)
    hazard = HazardArea.objects.get(pk=rows[0]["id"])
    expected = first_vertex(hazard.geometry.transform(32642, clone=True))
    assert first_vertex(shapes[0]) == pytest.approx(expected, abs=0.01)
    assert 150_000 < expected[0] < 900_000 and 4_000_000 < expected[1] < 4_600_000  # metres in Tajikistan


def test_a_shapefile_in_utm_43n_says_so_in_its_prj_and_readme(persona, tmp_path: Path):
    client = persona("tnmac.im")
    unzip(exported(client, "hazards", "shp", QUERY, crs="EPSG:32643"), tmp_path)
    prj = (tmp_path / "hazards.prj").read_text()
    assert "UTM zone 43N" in prj.replace("_", " ") or "UTM_Zone_43N" in prj
    assert "WGS 84 / UTM zone 43N (EPSG:32643" in (tmp_path / "README.txt").read_text()
    _names, rows, shapes = read_gdal(tmp_path / "hazards.shp")
    hazard = HazardArea.objects.get(pk=rows[0]["id"])
    assert first_vertex(shapes[0]) == pytest.approx(
        first_vertex(hazard.geometry.transform(32643, clone=True)), abs=0.01
    )


def test_geojson_and_csv_in_utm_carry_metres_and_name_the_system(persona):
    client = persona("tnmac.im")
    collection = json.loads(exported(client, "hazards", "geojson", QUERY, crs="32642"))
    assert collection["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::32642"
    feature = collection["features"][0]
    hazard = HazardArea.objects.get(pk=feature["id"])
    x, y = feature["geometry"]["coordinates"][0][0][0]
    assert (x, y) == pytest.approx(first_vertex(hazard.geometry.transform(32642, clone=True)), abs=0.01)
    rows = read_csv(exported(client, "hazards", "csv", QUERY, crs="32642"))
    shape = GEOSGeometry(rows[0]["wkt"], srid=32642)
    assert shape.transform(4326, clone=True).equals_exact(HazardArea.objects.get(pk=rows[0]["id"]).geometry, 1e-6)
    assert "crs" not in json.loads(exported(client, "hazards", "geojson", QUERY))  # WGS 84: RFC 7946 as before


def test_a_system_the_country_does_not_work_in_is_refused_naming_the_field(persona):
    client = persona("tnmac.im")
    response = client.post(f"/exports/hazards/?{QUERY}", {"fmt": "gpkg", "crs": "3857"})
    assert response.status_code == 400
    assert "EPSG:32642" in response.content.decode() and "3857" in response.content.decode()
    api = client.get(f"/api/v1/exports/hazards/?fmt=geojson&crs=32699&{QUERY}")
    assert api.status_code == 400 and "crs" in api.json()["errors"]


def test_the_export_control_offers_the_countrys_systems(persona):
    html = persona("tnmac.im").get("/hazards/list/").content.decode()
    assert 'name="crs"' in html and "WGS 84 / UTM zone 42N (EPSG:32642)" in html


def test_without_systems_set_up_the_utm_zones_of_the_boundary_are_offered(db):
    assert working_srids() == [32642, 32643]
    Country.objects.filter(code="TJK").update(working_srids=[])
    assert working_srids() == [32642, 32643]  # Tajikistan spans 67°E to 75°E: zones 42 and 43


@pytest.mark.engine_free
def test_set_up_refuses_a_code_that_is_not_a_projected_system() -> None:
    assert check_srids("32642, EPSG:32643 32642") == [32642, 32643]
    for bad in ("4326", "999999", "utm42"):
        with pytest.raises(ActionError) as refused:
            check_srids(bad)
        assert "working_srids" in refused.value.errors


def test_the_administrator_sets_the_working_systems_on_the_country_page(persona):
    client = persona("tnmac.admin")
    page = client.get("/setup/countries/TJK/").content.decode()
    assert 'name="working_srids"' in page and 'value="32642, 32643"' in page
    fields = {"name": "Tajikistan", "time_zone": "Asia/Dushanbe", "working_srids": "32642, 4326"}
    refused = client.post("/setup/countries/TJK/", fields)
    assert refused.status_code == 400 and "4326 is not the EPSG code of a projected" in refused.content.decode()
    assert client.post("/setup/countries/TJK/", fields | {"working_srids": "EPSG:32643"}).status_code == 302
    assert Country.objects.get(code="TJK").working_srids == [32643]
    html = persona("tnmac.im").get("/hazards/list/").content.decode()
    assert "(EPSG:32643)" in html and "(EPSG:32642)" not in html
