"""The maps' place names: labels in the reader's language and the map's place search, for whom."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import Point
from django.test import Client

from minefree.core.tests.test_matrix import PERSONAS
from minefree.gazetteer.models import AdminArea, Place

pytestmark = pytest.mark.django_db


def find(client: Any, q: str) -> list[dict[str, Any]]:
    response = client.get("/search/places/", {"q": q})
    assert response.status_code == 200
    return response.json()["results"]  # type: ignore[no-any-return]


def test_a_district_is_found_by_its_latin_russian_or_tajik_name_and_zoomed_to(persona: Any) -> None:
    client = persona("npa.clerk")
    rasht = AdminArea.objects.get(code="TJ-RA-RSH")
    for q in ("Rasht", "rASHT", "Рашт", "РАШТ"):
        hits = find(client, q)
        assert [hit["name"] for hit in hits] == ["Rasht"], q
        assert hits[0]["bbox"] == pytest.approx(list(rasht.boundary.extent)), q
        assert rasht.parent and hits[0]["detail"] == rasht.parent.name, q
    # Tajik letters (ӯ) find Rushon; in Russian the hit reads in Russian, whatever script was typed.
    assert [hit["name"] for hit in find(client, "Рӯшон")] == ["Rushon"]
    client.cookies["django_language"] = "ru"
    hits = find(client, "rasht")
    assert [hit["name"] for hit in hits] == ["Рашт"]
    assert hits[0]["detail"] == "Районы республиканского подчинения"
    client.cookies["django_language"] = "tg"
    assert [hit["name"] for hit in find(client, "Rushon")] == ["Рӯшон"]


def test_regions_countries_and_places_are_found_too(persona: Any) -> None:
    client = persona("tnmac.im")
    garm = Place.objects.create(
        name="Ғарм", location=Point(70.37, 39.02, srid=4326), admin_area=AdminArea.objects.get(code="TJ-RA-RSH")
    )
    hit = find(client, "ғарм")[0]
    assert (hit["name"], hit["lat"], hit["lon"]) == ("Ғарм", garm.location.y, garm.location.x)
    assert "Khatlon" in [hit["name"] for hit in find(client, "Хатлон")]
    assert "Tajikistan" in [hit["name"] for hit in find(client, "Тоҷикистон")]
    assert find(client, "   ") == [] and find(client, "no such place anywhere") == []
    assert find(client, "%") == [] and find(client, "_") == []  # matched as themselves, not as wildcards


def test_labels_name_every_region_and_district_inside_it_in_the_readers_language(persona: Any) -> None:
    client = persona("donor.usdos")
    client.cookies["django_language"] = "ru"
    labels = client.get("/search/places/labels/").json()["labels"]
    by_name = {label["name"]: label for label in labels}
    assert by_name["Хатлон"]["level"] == 1 and by_name["Рашт"]["level"] == 2
    rasht = AdminArea.objects.get(code="TJ-RA-RSH")
    assert rasht.boundary.contains(Point(by_name["Рашт"]["lon"], by_name["Рашт"]["lat"], srid=4326))
    assert len(labels) == AdminArea.objects.count()
    Place.objects.create(name="Ғарм", location=Point(70.37, 39.02, srid=4326))
    again = client.get("/search/places/labels/").json()["labels"]
    assert {"level": 3, "name": "Ғарм", "lat": 39.02, "lon": 70.37} in again


def test_every_role_may_ask_someone_without_a_grant_sees_no_place_and_a_visitor_logs_in(
    persona: Any, client: Client
) -> None:
    for username in PERSONAS:
        assert [hit["name"] for hit in find(persona(username), "Рашт")] == ["Rasht"], username
    nobody = Client()
    nobody.force_login(User.objects.create_user("no.grant", password="x" * 20))
    assert find(nobody, "Рашт") == []
    assert nobody.get("/search/places/labels/").json()["labels"] == []
    for url in ("/search/places/?q=Rasht", "/search/places/labels/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
