"""Every exportable list: land release (API), the registered record types and the field reports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from minefree.core.registry import REGISTRY
from minefree.exports.sources import sources
from minefree.exports.tests.helpers import api_ids, exported, list_ids, read_csv, read_gdal, read_geojson, read_xlsx
from minefree.fieldwork.models import FieldReport


def test_land_release_export_uses_the_api_filters(persona, tmp_path: Path):
    client = persona("tnmac.im")
    ids = sorted(api_ids(client, "/api/v1/land-release/?kind=clear&method=manual&page_size=500"))
    assert len(ids) > 20
    rows = read_csv(exported(client, "land-release", "csv", "kind=clear&method=manual"))
    assert [int(r["id"]) for r in rows] == ids
    assert {(r["kind"], r["method_label"]) for r in rows} == {("clear", "Manual")}
    path = tmp_path / "released.gpkg"
    path.write_bytes(exported(client, "land-release", "gpkg", "kind=clear&method=manual"))
    _names, gdal_rows, shapes = read_gdal(path)
    assert [r["id"] for r in gdal_rows] == ids and all(s is not None for s in shapes)


@pytest.mark.parametrize("slug", sorted(s for s in REGISTRY if s != "victims"))
def test_every_record_list_exports_what_its_page_lists(persona, slug):
    client = persona("tnmac.im")
    shown = list_ids(client, f"/records/{slug}/", f"/records/{slug}/")
    rows = read_xlsx(exported(client, slug, "xlsx"))
    assert [r["id"] for r in rows] == shown and shown
    hidden = set(REGISTRY[slug].hidden) | {"version", "created_at", "updated_at", "inspector", "author"}
    assert not hidden & set(rows[0])


def test_a_record_list_filter_is_the_pages_filter(persona):
    client = persona("tnmac.im")
    shown = list_ids(client, "/records/ordnance/", "/records/ordnance/", "category=uxo")
    collection = read_geojson(exported(client, "ordnance", "geojson", "category=uxo"))
    assert [f["id"] for f in collection["features"]] == shown and shown
    points = [f["geometry"] for f in collection["features"] if f["geometry"]]
    assert points and {p["type"] for p in points} == {"Point"}
    assert {f["properties"]["category_label"] for f in collection["features"]} == {"Unexploded ordnance"}


def test_personal_data_is_never_exported(persona):
    assert "victims" not in sources()  # the personal data class: no export at all
    for username in ("tnmac.admin", "rcst.clerk", "donor.usdos"):
        assert persona(username).get("/exports/victims/?fmt=csv").status_code == 404
    assert 'class="export"' not in persona("tnmac.admin").get("/records/victims/").content.decode()
    visits = read_csv(exported(persona("tnmac.im"), "monitoring-visits", "csv"))
    assert "inspector" not in visits[0]  # a link to a person's account
    reports = read_csv(exported(persona("tnmac.im"), "field-reports", "csv"))
    assert {"payload", "author", "content"}.isdisjoint(reports[0])


@pytest.mark.parametrize("username", ["npa.clerk", "tnmac.im", "donor.usdos"])
def test_field_report_export_matches_the_queue_for_each_role(persona, username):
    client = persona(username)
    shown = list_ids(client, "/field-reports/", "/field-reports/")
    rows = read_csv(exported(client, "field-reports", "csv"))
    assert [int(r["id"]) for r in rows] == shown
    if username == "donor.usdos":
        assert shown == []
    drafts = {str(pk) for pk in FieldReport.objects.filter(state="draft").values_list("pk", flat=True)}
    if username == "tnmac.im":
        assert not drafts & {r["id"] for r in rows} and rows  # other organisations' drafts stay home


def test_each_list_page_has_an_export_control_that_keeps_its_filters(persona):
    client = persona("tnmac.im")
    for page, action in (
        ("/hazards/list/?status=open&after=TJK-HA-000050", "/exports/hazards/?status=open"),
        ("/records/ordnance/?category=uxo", "/exports/ordnance/?category=uxo"),
        ("/field-reports/?state=submitted", "/exports/field-reports/?state=submitted"),
    ):
        html = client.get(page).content.decode()
        form = re.search(r'<form class="export" method="post" action="([^"]+)">(.*?)</form>', html, re.S)
        assert form and form.group(1) == action, page
        assert 'value="gpkg"' in form.group(2) and 'value="csv"' in form.group(2)
    funding = client.get("/records/funding/").content.decode()
    assert 'value="xlsx"' in funding and 'value="shp"' not in funding  # no geometry: no Shapefile
