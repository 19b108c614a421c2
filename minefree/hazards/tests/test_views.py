import json

from django.core.files.uploadedfile import SimpleUploadedFile

from minefree.hazards.models import HazardArea
from minefree.hazards.tests.helpers import box, district


def form(**overrides):
    data = {
        "name": "Web field",
        "admin_area": district().pk,
        "classification": "CHA",
        "contamination": "ap_mines",
        "recorded_on": "2021-04-04",
        "coordinate_order": "latlon",
    }
    data.update(overrides)
    return data


def test_pages_need_a_login(client, db):
    for url in ("/hazards/", "/hazards/list/", "/hazards/map.geojson", "/hazards/1/", "/hazards/new/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_list_filters_and_pages_by_key(persona):
    client = persona("donor.usdos")
    page = client.get("/hazards/list/?classification=SHA&contamination=ap_mines")
    rows = page.context["rows"]
    assert len(rows) == 50 and all(h.classification == "SHA" and h.contamination == "ap_mines" for h in rows)
    assert page.context["next_query"]
    second = client.get("/hazards/list/?" + page.context["next_query"]).context["rows"]
    assert second[0].reference > rows[-1].reference


def test_map_geojson_is_built_by_the_database_and_filtered(persona):
    data = json.loads(persona("coes.officer").get("/hazards/map.geojson?classification=CHA").content)
    expected = HazardArea.objects.filter(classification="CHA", geometry__isnull=False).count()
    assert len(data["features"]) == expected
    assert {f["properties"]["classification"] for f in data["features"]} == {"CHA"}


def test_detail_shows_activities_and_history_link(persona):
    hazard = HazardArea.objects.filter(activities__isnull=False).first()
    page = persona("tnmac.qa").get(f"/hazards/{hazard.pk}/").content.decode()
    assert hazard.reference in page and hazard.activities.first().reference in page
    assert f"/hazards/{hazard.pk}/history/" in page


def test_create_from_an_uploaded_geojson(persona):
    upload = SimpleUploadedFile("field.geojson", box(69.64, 40.64).geojson.encode(), "application/geo+json")
    response = persona("tnmac.im").post("/hazards/new/", form(geometry_file=upload))
    hazard = HazardArea.objects.get(name="Web field")
    assert response.status_code == 302 and response["Location"] == f"/hazards/{hazard.pk}/"


def test_create_from_an_uploaded_gpx_track(persona):
    track = "".join(f'<trkpt lat="{lat}" lon="{lon}"/>' for lon, lat in box(69.64, 40.64)[0].exterior_ring.coords)
    gpx = f'<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>{track}</trkseg></trk></gpx>'
    upload = SimpleUploadedFile("walk.gpx", gpx.encode(), "application/gpx+xml")
    response = persona("tnmac.im").post("/hazards/new/", form(geometry_file=upload))
    hazard = HazardArea.objects.get(name="Web field")
    assert response.status_code == 302 and hazard.area_m2 > 30_000


def test_create_from_typed_coordinates(persona):
    typed = "40.66, 69.66\n40.66, 69.662\n40.662, 69.662\n40.662, 69.66"
    persona("tnmac.im").post("/hazards/new/", form(coordinates=typed))
    assert HazardArea.objects.get(name="Web field").area_m2 > 30_000


def test_swapped_coordinates_get_a_message_and_nothing_is_saved(persona):
    typed = "69.66, 40.66\n69.66, 40.662\n69.662, 40.662"
    page = persona("tnmac.im").post("/hazards/new/", form(coordinates=typed))
    assert "swapped" in page.content.decode()
    assert not HazardArea.objects.filter(name="Web field").exists()


def test_overlap_warning_then_confirm(persona):
    client = persona("tnmac.im")
    client.post("/hazards/new/", form(drawn=box(69.68, 40.68).geojson))
    page = client.post("/hazards/new/", form(name="Second", drawn=box(69.681, 40.68).geojson))
    assert "Overlaps" in page.content.decode() and 'name="confirm"' in page.content.decode()
    client.post("/hazards/new/", form(name="Second", drawn=box(69.681, 40.68).geojson, confirm="on"))
    assert HazardArea.objects.filter(name="Second").exists()


def test_edit_with_a_stale_version_shows_the_other_change(persona):
    client = persona("tnmac.im")
    client.post("/hazards/new/", form(drawn=box(69.70, 40.70).geojson))
    hazard = HazardArea.objects.get(name="Web field")
    edit = {
        "version": 1,
        "effective_date": "2022-01-01",
        "name": "First edit",
        "classification": "CHA",
        "contamination": "ap_mines",
        "status": "open",
        "coordinate_order": "latlon",
    }
    assert client.post(f"/hazards/{hazard.pk}/edit/", edit).status_code == 302
    page = client.post(f"/hazards/{hazard.pk}/edit/", {**edit, "name": "Second edit"}).content.decode()
    assert "changed by someone else" in page and "First edit" in page
    hazard.refresh_from_db()
    assert hazard.name == "First edit"


def test_read_only_roles_cannot_open_the_forms(persona):
    hazard = HazardArea.objects.first()
    for username in ("donor.usdos", "coes.officer", "npa.clerk"):
        client = persona(username)
        assert client.get("/hazards/new/").status_code == 403
        assert client.get(f"/hazards/{hazard.pk}/edit/").status_code == 404
