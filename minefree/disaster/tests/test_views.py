"""The overlay pages: upload a file or type vertices, errors on the field that caused them."""

from __future__ import annotations

import json

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from minefree.disaster.models import AffectedArea
from minefree.disaster.tests.helpers import AREA, INSIDE, NEAR, around_khatlon, khatlon_clerk, record
from minefree.hazards.models import REMAINING, HazardArea
from minefree.hazards.tests.helpers import new_hazard

FORM = {
    "name": "Upload flood",
    "kind": "flood",
    "event_date": "2026-05-01",
    "distance_m": "500",
    "coordinate_order": "latlon",
}
KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>flood</name><Polygon><outerBoundaryIs><LinearRing>
<coordinates>69.40,40.45,0 69.42,40.45,0 69.42,40.46,0 69.40,40.46,0 69.40,40.45,0</coordinates>
</LinearRing></outerBoundaryIs></Polygon></Placemark></kml>"""


def test_an_uploaded_geojson_gives_the_result_page(persona, user):
    im = user("tnmac.im")
    inside, near = new_hazard(im, name="In", geometry=INSIDE), new_hazard(im, name="Near", geometry=NEAR)
    client = persona("coes.officer")
    upload = SimpleUploadedFile(
        "flood.geojson", json.dumps({"type": "Feature", "geometry": json.loads(AREA.geojson)}).encode()
    )
    response = client.post("/disaster/", {**FORM, "geometry_file": upload})
    area = AffectedArea.objects.get(name="Upload flood")
    assert response.status_code == 302 and response["Location"] == f"/disaster/{area.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert inside.reference in page and near.reference in page
    assert 'id="hazard-count">2 (1 inside)' in page
    twin = client.get(f"/api/v1/disaster/{area.pk}/?format=json").json()  # the page's JSON twin, linked from it
    assert f"/api/v1/disaster/{area.pk}/?format=json" in page
    assert twin["counts"] == {"hazards": 2, "hazards_inside": 1, "released_land": 0}
    assert "Upload flood" in client.get("/disaster/").content.decode()


def test_a_kml_file_and_typed_vertices_work_too(persona):
    client = persona("coes.officer")
    kml = SimpleUploadedFile("flood.kml", KML.encode())
    assert client.post("/disaster/", {**FORM, "name": "KML flood", "geometry_file": kml}).status_code == 302
    typed = "40.45, 69.40\n40.45, 69.42\n40.46, 69.42\n40.46, 69.40"
    response = client.post(
        "/disaster/", {**FORM, "name": "Typed flood", "coordinates": typed, "coordinate_order": "latlon"}
    )
    assert response.status_code == 302
    kml_area, typed_area = AffectedArea.objects.get(name="KML flood"), AffectedArea.objects.get(name="Typed flood")
    assert kml_area.geometry.equals(AREA) and typed_area.geometry.equals(AREA)


def test_errors_land_on_their_field_and_nothing_is_saved(persona):
    client = persona("coes.officer")
    before = AffectedArea.objects.count()
    empty = client.post("/disaster/", FORM)
    assert empty.status_code == 200
    assert "Draw the affected area on the map or upload it" in empty.content.decode()
    assert "geometry_file" in empty.context["form"].errors
    broken = SimpleUploadedFile("flood.geojson", b'{"type": "Point", "coordinates": [69.4, 40.45]}')
    response = client.post("/disaster/", {**FORM, "geometry_file": broken})
    assert "not a polygon" in " ".join(response.context["form"].errors["geometry_file"])
    far = client.post("/disaster/", {**FORM, "distance_m": "-5", "drawn": json.dumps(json.loads(AREA.geojson))})
    assert "negative" in " ".join(far.context["form"].errors["distance_m"])
    assert AffectedArea.objects.count() == before


def test_an_area_drawn_by_coes_shows_a_region_limited_reader_only_its_region(client, user):
    limited = khatlon_clerk(user("tnmac.admin"))
    outline = around_khatlon()
    area = record(user("coes.officer"), outline)
    client.force_login(limited)
    page = client.get(f"/disaster/{area.pk}/").content.decode()
    remaining = HazardArea.objects.filter(status__in=REMAINING, geometry__intersects=outline)
    theirs = remaining.filter(admin_area__parent__code="TJ-KT")
    others = remaining.exclude(admin_area__parent__code="TJ-KT")
    assert theirs.exists() and others.exists()
    assert all(h.reference in page for h in theirs)
    assert not any(h.reference in page for h in others)
    assert client.get("/disaster/999999/").status_code == 404


def test_the_navigation_offers_the_overlay_only_to_record_readers(persona, client):
    assert "Disaster overlay" in persona("coes.officer").get("/hazards/").content.decode()
    client.force_login(User.objects.create_user("passer.by"))
    assert "Disaster overlay" not in client.get("/hazards/").content.decode()
    assert client.get("/disaster/").status_code == 403
