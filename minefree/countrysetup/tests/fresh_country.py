"""Run only by test_second_country.py, on a fresh database with no demo data: Ruritania is set up
through `minefree setup` and then mapped, reported on and collected in, as Tajikistan is."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

from django.contrib.auth.models import User
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.test import Client

from minefree.conftest import PASSWORD
from minefree.countrysetup.cli import PASSWORD_VARIABLE
from minefree.countrysetup.tests.helpers import ruritania_from_cod, setup
from minefree.dashboards.models import Publication
from minefree.fieldcollection.tests.collect import device, download
from minefree.fieldcollection.tests.test_openrosa import post
from minefree.fieldwork.models import FieldReport
from minefree.gazetteer.home import home_country, home_time_zone
from minefree.gazetteer.models import AdminArea, Country
from minefree.hazards import actions
from minefree.organisations.models import Organisation, Team


def _people(monkeypatch):
    setup("organisation", "--acronym", "RMAC", "--name", "Ruritanian Mine Action Centre", "--kind", "nmac")
    setup("organisation", "--acronym", "ZDO", "--name", "Zenda Demining", "--kind", "operator", "--country", "RUR")
    setup("team", "--organisation", "ZDO", "--name", "Manual 1", "--capability", "manual", "--women", "4", "--men", "6")
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    setup("user", "rmac.admin", "--first-name", "Rudolf", "--last-name", "Rassendyll")
    setup("user", "zdo.clerk", "--first-name", "Flavia")
    setup("grant", "rmac.admin", "--organisation", "RMAC", "--role", "nmac_admin")
    setup("grant", "zdo.clerk", "--organisation", "ZDO", "--role", "operator_clerk", "--area", "RU-ZE")
    setup("treaty", "--deadline", "2030-12-31", "--baseline", "2025-01-01")


def test_ruritania_works_end_to_end_with_no_tajik_data(db, tmp_path, monkeypatch):
    assert not Country.objects.exists() and not User.objects.exists()  # a fresh database
    ruritania_from_cod(tmp_path)
    _people(monkeypatch)
    assert list(Country.objects.values_list("code", flat=True)) == ["RUR"]
    assert home_country().code == "RUR" and home_time_zone() == zoneinfo.ZoneInfo("Europe/Vienna")
    assert Organisation.objects.get(kind="nmac").acronym == "RMAC"
    assert (Team.objects.get().women, Team.objects.get().men) == (4, 6)
    publication = Publication.current()
    assert (publication.deadline, publication.baseline) == (dt.date(2030, 12, 31), dt.date(2025, 1, 1))

    admin = User.objects.get(username="rmac.admin")
    castle = AdminArea.objects.get(code="RU-ZE-01")
    hazard = actions.create_hazard_area(
        admin,
        name="Castle moat",
        admin_area=castle,
        operator=Organisation.objects.get(acronym="ZDO"),
        classification="CHA",
        contamination="ap_mines",
        geometry=MultiPolygon(Polygon.from_bbox((21.2, 45.5, 21.21, 45.51)), srid=4326),
        recorded_on=dt.date(2025, 3, 1),
    )
    client = Client()
    client.force_login(admin)
    assert client.get("/hazards/").status_code == 200
    features = json.loads(client.get("/hazards/map.geojson").content)["features"]
    assert [f["properties"]["reference"] for f in features] == [hazard.reference]

    report = client.get("/reports/contamination-by-region/", {"format": "json"})
    regions = client.get("/api/v1/reports/contamination-by-region/").json()["regions"]
    assert report.status_code == 200 and "Strelsau" in report.content.decode()
    assert {code: r["name"] for code, r in regions.items()} == {"RU-ST": "Strelsau", "RU-ZE": "Zenda"}
    assert regions["RU-ZE"]["CHA"]["areas"] == 1 and regions["RU-ST"]["total"]["areas"] == 0
    russian = client.get("/reports/contamination-by-region/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Зенда" in russian and "Штрельзау" in russian

    phone = device("zdo.clerk")
    form = download(phone, "minefree_hazard")
    assert "RU-ZE-02,Tarlenheim" in form.media["districts.csv"]
    ring = "45.5 21.7 0 0;45.5 21.702 0 0;45.502 21.702 0 0;45.502 21.7 0 0;45.5 21.7 0 0"
    answers = {
        "date": "2025-07-01",
        "name": "Tarlenheim orchard",
        "admin_area": "RU-ZE-02",
        "classification": "SHA",
        "contamination": "ap_mines",
        "geometry": ring,
    }
    instance_id, xml = form.fill(answers)
    assert post(phone, xml).status_code == 201
    sent = FieldReport.objects.get(client_id=instance_id)
    assert sent.state == "submitted" and sent.admin_area.code == "RU-ZE-02"
    assert sent.organisation.acronym == "ZDO"
