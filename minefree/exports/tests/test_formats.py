"""Each format, for the hazard list with a filter: the file holds exactly the rows the page lists."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from minefree.exports.tests.helpers import exported, list_ids, read_csv, read_gdal, read_geojson, read_xlsx, unzip
from minefree.gazetteer.models import AdminArea
from minefree.hazards.models import HazardArea
from minefree.organisations.models import Membership, Organisation, Role

FILTER = "status=open&status=worked_on&classification=CHA"


def page_ids(client: Client, query: str = FILTER) -> list[int]:
    return list_ids(client, "/hazards/list/", "/hazards/", query)


@pytest.fixture
def area_operator(db: object) -> Client:
    """An NPA clerk whose grant holds in one region only."""
    region = AdminArea.objects.get(code="TJ-KT")
    user = User.objects.create_user("npa.regional")
    grant = Membership.objects.create(
        user=user,
        organisation=Organisation.objects.get(acronym="NPA"),
        role=Role.objects.get(code="operator_clerk"),
        data_classes=["record", "reports"],
    )
    grant.admin_areas.set([region])
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def nobody(db: object) -> Client:
    client = Client()
    client.force_login(User.objects.create_user("no.grant"))
    return client


def test_csv_holds_the_filtered_list_with_a_bom_and_an_optional_hxl_row(persona):
    client = persona("tnmac.im")
    ids = page_ids(client)
    data = exported(client, "hazards", "csv", FILTER)
    assert data.startswith("\ufeff".encode())  # Excel reads the Cyrillic right only with it
    rows = read_csv(data)
    assert [int(r["id"]) for r in rows] == ids and len(ids) > 20
    assert {r["status"] for r in rows} == {"open", "worked_on"} and {r["classification"] for r in rows} == {"CHA"}
    assert {r["status_label"] for r in rows} == {"Open", "Worked on"}
    sample = HazardArea.objects.select_related("admin_area").get(pk=rows[0]["id"])
    assert rows[0]["reference"] == sample.reference and rows[0]["recorded_on"] == sample.recorded_on.isoformat()
    assert rows[0]["admin_area"] == sample.admin_area.code
    assert float(rows[0]["area_m2"]) == pytest.approx(sample.area_m2, abs=0.1)
    assert rows[0]["wkt"].startswith("MULTIPOLYGON")

    tagged = exported(client, "hazards", "csv", FILTER, hxl="1", bom="0").decode()
    header, hashtags = tagged.splitlines()[:2]
    assert not tagged.startswith("\ufeff")
    assert header.startswith("id,reference,name,") and hashtags.startswith("#meta+id,#meta+ref,#loc+name,")
    assert "#adm2+code" in hashtags and "#date+recorded" in hashtags


def test_labels_follow_the_users_language(persona):
    client = persona("tnmac.im")
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    rows = read_csv(exported(client, "hazards", "csv", "status=open&classification=CHA"))
    assert rows and rows[0]["status"] == "open" and rows[0]["status_label"] != "Open"


def test_xlsx_has_typed_cells_for_the_filtered_list(persona):
    client = persona("tnmac.im")
    rows = read_xlsx(exported(client, "hazards", "xlsx", FILTER))
    assert [r["id"] for r in rows] == page_ids(client)
    first = HazardArea.objects.get(pk=rows[0]["id"])
    assert rows[0]["recorded_on"].date() == first.recorded_on  # a date cell, not text
    assert rows[0]["mechanical_suitable"] is first.mechanical_suitable
    assert rows[0]["area_m2"] == pytest.approx(first.area_m2, abs=0.1)


def test_geojson_is_an_rfc7946_feature_collection_in_longitude_latitude(persona):
    client = persona("tnmac.im")
    collection = read_geojson(exported(client, "hazards", "geojson", FILTER))
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    features = collection["features"]
    assert [f["id"] for f in features] == page_ids(client)
    assert {f["geometry"]["type"] for f in features} == {"MultiPolygon"}
    lon, lat = features[0]["geometry"]["coordinates"][0][0][0]
    assert 60 < lon < 76 and 35 < lat < 42  # Tajikistan and its neighbours: x is longitude
    assert features[0]["properties"]["reference"] == HazardArea.objects.get(pk=features[0]["id"]).reference


def test_geopackage_opens_in_gdal_with_the_filtered_rows_and_polygons(persona, tmp_path: Path):
    client = persona("tnmac.im")
    path = tmp_path / "hazards.gpkg"
    path.write_bytes(exported(client, "hazards", "gpkg", FILTER))
    names, rows, shapes = read_gdal(path)
    assert "contamination_label" in names and "area_m2" in names
    assert [r["id"] for r in rows] == page_ids(client)
    hazard = HazardArea.objects.get(pk=rows[0]["id"])
    assert rows[0]["reference"] == hazard.reference
    assert shapes[0].equals_exact(hazard.geometry, tolerance=1e-9)


def test_zipped_shapefile_has_its_parts_short_names_and_a_field_list(persona, tmp_path: Path):
    client = persona("tnmac.im")
    files = unzip(exported(client, "hazards", "shp", FILTER), tmp_path)
    assert files == ["README.txt", *(f"hazards.{s}" for s in ("cpg", "dbf", "prj", "qml", "shp", "shx"))]
    names, rows, shapes = read_gdal(tmp_path / "hazards.shp")
    assert all(len(n) <= 10 for n in names) and "contam_lbl" in names
    assert [r["id"] for r in rows] == page_ids(client)
    assert all(s is not None and s.geom_type in ("Polygon", "MultiPolygon") for s in shapes)
    readme = (tmp_path / "README.txt").read_text()
    assert "contam_lbl  TEXT      contamination_label" in readme
    assert f"Filters: {FILTER}" in readme


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_an_operator_limited_to_a_region_exports_only_that_region(area_operator, fmt):
    ids = page_ids(area_operator, "")
    assert ids and len(ids) < HazardArea.objects.count()
    assert set(HazardArea.objects.filter(pk__in=ids).values_list("admin_area__parent__code", flat=True)) == {"TJ-KT"}
    data = exported(area_operator, "hazards", fmt)
    got = [int(r["id"]) for r in read_csv(data)] if fmt == "csv" else [f["id"] for f in read_geojson(data)["features"]]
    assert got == ids


def test_a_user_without_a_grant_exports_an_empty_file(nobody, tmp_path: Path):
    assert page_ids(nobody, "") == []
    assert read_csv(exported(nobody, "hazards", "csv")) == []
    assert read_geojson(exported(nobody, "hazards", "geojson"))["features"] == []
    path = tmp_path / "none.gpkg"
    path.write_bytes(exported(nobody, "hazards", "gpkg"))
    assert read_gdal(path)[1] == []


def test_a_bad_filter_is_refused_naming_the_field(persona):
    response = persona("tnmac.im").post("/exports/hazards/?status=bogus", {"fmt": "csv"})
    assert response.status_code == 400
    assert "status" in response.content.decode() and "bogus" in response.content.decode()
    response = persona("tnmac.im").get("/exports/funding/?fmt=geojson")
    assert response.status_code == 400 and "csv, xlsx, gpkg" in response.content.decode()


def test_a_format_refuses_more_rows_than_it_holds(persona, monkeypatch):
    from minefree.exports.formats import FORMATS

    monkeypatch.setitem(FORMATS, "xlsx", replace(FORMATS["xlsx"], max_rows=3))
    response = persona("tnmac.im").post("/exports/hazards/", {"fmt": "xlsx"})
    assert response.status_code == 400 and "use CSV or GeoPackage" in response.content.decode()
