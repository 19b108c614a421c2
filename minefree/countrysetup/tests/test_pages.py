"""The NMAC administrator's set-up pages, and nobody else's."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from minefree.countrysetup.tests import ruritania
from minefree.demo.personas import PERSONAS
from minefree.gazetteer.models import AdminArea, Country
from minefree.organisations.models import Organisation, Team

PAGES = [
    "/setup/",
    "/setup/countries/new/",
    "/setup/countries/TJK/",
    "/setup/areas/",
    "/setup/organisations/",
    "/setup/organisations/new/",
    "/setup/teams/",
    "/setup/teams/new/",
    "/setup/users/",
    "/setup/users/new/",
]


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes(), "application/octet-stream")


@pytest.mark.parametrize("username", sorted(set(PERSONAS) - {"tnmac.admin"}))
def test_every_other_role_is_refused(persona, username):
    client = persona(username)
    for url in PAGES:
        assert client.get(url).status_code == 403, (username, url)
    someone = User.objects.get(username="npa.clerk")
    assert client.post(f"/setup/users/{someone.pk}/active/", {"active": "0"}).status_code == 403
    assert User.objects.get(username="npa.clerk").is_active


def test_anonymous_visitors_are_sent_to_log_in(db):
    for url in PAGES:
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


def test_the_administrator_sets_a_country_up_from_files(persona, tmp_path):
    client = persona("tnmac.admin")
    overview = client.get("/setup/").content.decode()
    assert "Tajikistan" in overview and "Asia/Dushanbe" in overview
    cod = ruritania.cod_geopackage(tmp_path)
    fields = {"code": "RUR", "name": "Ruritania", "name_ru": "Руритания", "time_zone": "Europe/Vienna"}
    wrong_zone = client.post(
        "/setup/countries/new/", fields | {"time_zone": "Europe/Strelsau", "boundary": upload(cod)}
    )
    assert wrong_zone.status_code == 400 and "Europe/Strelsau" in wrong_zone.content.decode()
    made = client.post(
        "/setup/countries/new/", fields | {"boundary": upload(cod), "boundary_layer": "rur_admbnda_adm0"}
    )
    assert made.status_code == 302
    assert Country.objects.get(code="RUR").names == {"ru": "Руритания"}

    sent = client.post(
        "/setup/areas/", {"country": Country.objects.get(code="RUR").pk, "level": 1, "file": upload(cod)}
    )
    assert sent.status_code == 302
    preview_url = sent["Location"]
    page = client.get(preview_url + "?layer=rur_admbnda_adm1").content.decode()
    assert "rur_admbnda_adm2" in page and "2 features" in page and "Штрельзау" in page
    assert '<option value="ADM1_PCODE" selected>' in page and '<option value="ADM1_RU" selected>' in page
    loaded = client.post(
        preview_url + "?layer=rur_admbnda_adm1",
        {"code": "ADM1_PCODE", "name": "ADM1_EN", "name_ru": "ADM1_RU", "name_tg": "ADM1_TG"},
    )
    assert loaded.status_code == 200 and "2 created, 0 updated, 0 unchanged" in loaded.content.decode()
    assert client.get(preview_url).status_code == 404  # the file went with the load

    shapes = ruritania.geoboundaries_adm2_shapefile(tmp_path)
    sent = client.post(
        "/setup/areas/", {"country": Country.objects.get(code="RUR").pk, "level": 2, "file": upload(shapes)}
    )
    page = client.get(sent["Location"]).content.decode()
    assert "EPSG:32634" in page and "none: the region that holds most of the district" in page
    loaded = client.post(sent["Location"], {"code": "shapeID", "name": "shapeName", "parent": ""})
    assert "4 created" in loaded.content.decode()
    assert AdminArea.objects.get(code=ruritania.ADM2_IDS[3]).parent.code == "RU-ZE"


def test_bad_files_get_a_clear_message_never_a_500(persona, tmp_path, settings):
    client = persona("tnmac.admin")
    tjk = Country.objects.get(code="TJK").pk
    garbage = SimpleUploadedFile("regions.gpkg", b"not a geopackage at all" * 10)
    sent = client.post("/setup/areas/", {"country": tjk, "level": 1, "file": garbage})
    page = client.get(sent["Location"])
    assert page.status_code == 400 and "GDAL cannot read it" in page.content.decode()
    text = client.post("/setup/areas/", {"country": tjk, "level": 1, "file": SimpleUploadedFile("regions.txt", b"x")})
    assert text.status_code == 400 and "zipped Shapefile (.zip)" in text.content.decode()
    settings.MINEFREE_GPKG_MAX_BYTES = 1024
    cod = ruritania.cod_geopackage(tmp_path)
    big = client.post("/setup/areas/", {"country": tjk, "level": 1, "file": upload(cod)})
    assert big.status_code == 400 and "larger than 1.0 KB" in big.content.decode()


def test_a_file_with_bad_rows_loads_nothing_and_says_where(persona, tmp_path):
    client = persona("tnmac.admin")
    cod = ruritania.cod_geopackage(tmp_path)
    before = AdminArea.objects.count()
    tjk = Country.objects.get(code="TJK").pk
    sent = client.post("/setup/areas/", {"country": tjk, "level": 2, "file": upload(cod)})
    refused = client.post(
        sent["Location"] + "?layer=rur_admbnda_adm2", {"code": "ADM2_PCODE", "name": "ADM2_EN", "parent": "ADM1_PCODE"}
    )
    body = refused.content.decode()
    assert refused.status_code == 400 and "Nothing was loaded" in body
    assert "feature 1, column ADM1_PCODE: RU-ST is not the code of a level-1 area of Tajikistan." in body
    assert AdminArea.objects.count() == before


def test_organisations_teams_and_users_from_the_pages(persona):
    client = persona("tnmac.admin")
    tjk = Country.objects.get(code="TJK").pk
    second_nmac = client.post(
        "/setup/organisations/new/", {"acronym": "XMAC", "name": "X", "kind": "nmac", "country": tjk}
    )
    assert second_nmac.status_code == 400 and "already the national mine action centre" in second_nmac.content.decode()
    made = client.post(
        "/setup/organisations/new/",
        {"acronym": "MAG", "name": "Mines Advisory Group", "kind": "operator", "country": tjk},
    )
    assert made.status_code == 302
    mag = Organisation.objects.get(acronym="MAG")
    assert "Mines Advisory Group" in client.get("/setup/organisations/").content.decode()
    team = client.post(
        "/setup/teams/new/",
        {"organisation": mag.pk, "name": "MAG 1", "capability": "manual", "active": "on", "women": 3, "men": 5},
    )
    assert team.status_code == 302 and Team.objects.get(organisation=mag).women == 3
    user = client.post(
        "/setup/users/new/",
        {
            "username": "mag.clerk",
            "first_name": "Ann",
            "password": "long-enough-pass",
            "password_again": "long-enough-pass",
        },
    )
    clerk = User.objects.get(username="mag.clerk")
    assert user.status_code == 302 and user["Location"] == f"/access/grants/new/?user={clerk.pk}"
    assert clerk.check_password("long-enough-pass")
    grant_form = client.get(user["Location"]).content.decode()
    assert f'<option value="{clerk.pk}" selected>' in grant_form
    client.post(f"/setup/users/{clerk.pk}/active/", {"active": "0"})
    assert not User.objects.get(pk=clerk.pk).is_active
    admin = User.objects.get(username="tnmac.admin")
    assert client.post(f"/setup/users/{admin.pk}/active/", {"active": "0"}).status_code == 400
    assert User.objects.get(pk=admin.pk).is_active
