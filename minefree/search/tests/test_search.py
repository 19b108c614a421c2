"""The global search: what it finds, for whom, and that hostile input stays harmless and cheap."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minefree.casualties.models import Victim
from minefree.fieldwork.models import FieldReport
from minefree.gazetteer.models import AdminArea, Place
from minefree.hazards.models import HazardArea
from minefree.organisations.models import Organisation, Team

pytestmark = pytest.mark.django_db

PERSONAS = [
    "tnmac.admin",
    "tnmac.im",
    "tnmac.qa",
    "npa.clerk",
    "npa.manager",
    "fsd.clerk",
    "rcst.clerk",
    "donor.usdos",
    "coes.officer",
    "ciihl.viewer",
    "npa.khatlon",
]


def search(client: Any, q: str) -> str:
    response = client.get(reverse("search:results"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def rasht() -> AdminArea:
    area = AdminArea.objects.get(code="TJ-RA-RSH")
    area.names = {"ru": "Рашт", "tg": "Рашт"}
    area.save(update_fields=["names"])
    return area


def test_finds_a_hazard_by_reference_and_by_name(persona: Any) -> None:
    client = persona("tnmac.im")
    hazard = HazardArea.objects.order_by("pk").first()
    assert hazard is not None
    link = f'href="{reverse("hazards:detail", args=[hazard.pk])}"'
    assert link in search(client, hazard.reference.lower())
    assert link in search(client, hazard.name.upper())


def test_finds_a_district_by_its_latin_and_its_cyrillic_name(persona: Any) -> None:
    client = persona("tnmac.im")
    area = rasht()
    link = f'href="{reverse("hazards:list")}?admin_area={area.pk}"'
    for q in ("Rasht", "rasht", "RASHT", "Рашт", "рашт", "РАШТ"):
        assert link in search(client, q), q
    # In Russian the district is printed by its Russian name, with the recorded one beside it.
    client.cookies["django_language"] = "ru"
    page = search(client, "РАШТ")
    assert "Рашт (Rasht)" in page


def test_finds_a_place_by_a_tajik_name_in_either_case(persona: Any) -> None:
    area = AdminArea.objects.get(code="TJ-RA-RSH")
    Place.objects.create(name="Ғарм", location=Point(70.37, 39.02, srid=4326), admin_area=area)
    page = search(persona("npa.clerk"), "ҒАРМ")
    assert "Ғарм" in page
    assert f'href="{reverse("hazards:list")}?admin_area={area.pk}"' in page


def test_finds_an_organisation_by_acronym_and_name(persona: Any) -> None:
    client = persona("npa.clerk")
    npa = Organisation.objects.get(acronym="NPA")
    link = f'href="{reverse("hazards:list")}?operator={npa.pk}"'
    assert link in search(client, "npa")
    assert link in search(client, npa.name.split()[0].lower())


def test_finds_registered_records_and_field_reports(persona: Any) -> None:
    client = persona("tnmac.im")
    team = Team.objects.order_by("pk").first()
    assert team is not None
    assert f'href="{reverse("records:detail", args=["teams", team.pk])}"' in search(client, team.name)
    report = FieldReport.objects.exclude(state=FieldReport.State.DRAFT).order_by("pk").first()
    assert report is not None
    assert f'href="{reverse("fieldwork:detail", args=[report.pk])}"' in search(client, report.reference)


def test_a_donor_never_finds_victims_or_field_reports(persona: Any) -> None:
    victim = Victim.objects.order_by("pk").first()
    report = FieldReport.objects.exclude(state=FieldReport.State.DRAFT).order_by("pk").first()
    assert victim is not None and report is not None
    victim_link = f'href="{reverse("records:detail", args=["victims", victim.pk])}"'
    assert victim_link in search(persona("tnmac.im"), victim.reference)
    donor = persona("donor.usdos")
    assert victim_link not in search(donor, victim.reference)
    assert reverse("fieldwork:detail", args=[report.pk]) not in search(donor, report.reference)
    # The donor still finds the national record.
    hazard = HazardArea.objects.order_by("pk").first()
    assert hazard is not None
    assert reverse("hazards:detail", args=[hazard.pk]) in search(donor, hazard.reference)


def test_an_area_limited_grant_finds_only_its_areas(persona: Any) -> None:
    outside = HazardArea.objects.exclude(admin_area__parent__code="TJ-KT").order_by("pk").first()
    inside = HazardArea.objects.filter(admin_area__parent__code="TJ-KT").order_by("pk").first()
    assert outside is not None and inside is not None
    client = persona("npa.khatlon")
    assert reverse("hazards:detail", args=[outside.pk]) not in search(client, outside.reference)
    assert reverse("hazards:detail", args=[inside.pk]) in search(client, inside.reference)


@pytest.mark.parametrize("username", PERSONAS)
def test_every_persona_searches(persona: Any, username: str) -> None:
    page = search(persona(username), "a")
    assert 'role="search"' in page


def test_the_public_gets_the_login_page(client: Any) -> None:
    response = client.get(reverse("search:results"), {"q": "Rasht"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


HOSTILE = [
    "'",
    '"',
    "%",
    "_",
    "\\",
    "%_%",
    "' OR '1'='1",
    "'; DROP TABLE hazards_hazardarea; --",
    '<script>alert("x")</script>',
    "x" * 5000,
    "\x00",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_input_is_harmless(persona: Any, q: str) -> None:
    client = persona("tnmac.im")
    response = client.get(reverse("search:results"), {"q": q})
    assert response.status_code in (200, 400)  # Django refuses a NUL byte in a form value as bad input
    page = response.content.decode()
    assert "<script>alert" not in page
    if q in ("%", "_", "\\", "%_%"):
        # No name or reference holds these characters: LIKE's wildcards match only themselves.
        assert 'id="no-results"' in page, q
    assert HazardArea.objects.exists()


def test_a_long_query_is_cut_and_said_so(persona: Any) -> None:
    page = search(persona("tnmac.im"), "x" * 5000)
    assert f'name="q" value="{"x" * 100}"' in page  # the box holds what was searched: 100 characters
    assert "Only the first 100 characters were searched." in page


def test_script_in_a_name_is_escaped(persona: Any) -> None:
    hazard = HazardArea.objects.order_by("pk").first()
    assert hazard is not None
    HazardArea.objects.filter(pk=hazard.pk).update(name='<img src=x onerror="alert(1)">')
    page = search(persona("tnmac.im"), "<img")
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "<img src=x" not in page


def test_each_group_is_bounded_and_a_search_costs_the_same_queries(persona: Any) -> None:
    client = persona("tnmac.im")
    search(client, "warm-up")  # grants and session are read once per request either way
    counts = []
    for q in ("a", "TJ", "no such thing anywhere", "Рашт"):
        with CaptureQueriesContext(connection) as queries:
            page = search(client, q)
        counts.append(len(queries))
        for section in page.split('class="search-group"')[1:]:
            assert section.count("<li>") <= 10
    assert len(set(counts)) == 1, counts
    assert "All matches" in search(client, "a")  # more than ten hazardous areas match "a"
