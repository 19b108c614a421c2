"""The NMAC dashboard through the API: a token gets the same restricted figures as the page's twins."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client
from rest_framework.authtoken.models import Token

from minefree.dashboards import nmac
from minefree.gazetteer.models import AdminArea
from minefree.organisations.models import Membership, Organisation, Role


def token_client(user: User) -> Client:
    key, _created = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {key.key}")


def test_a_script_with_a_token_gets_what_the_page_twin_shows(persona, user):
    donor = user("donor.usdos")
    api = token_client(donor)
    for slug in ("casualties-by-year", "released-by-region", "women-in-teams"):
        assert (
            api.get(f"/api/v1/dashboard/{slug}/").json() == persona("donor.usdos").get(f"/dashboard/{slug}.json").json()
        )
    every = api.get("/api/v1/dashboard/").json()["charts"]
    assert {chart["slug"] for chart in every} == {block.slug for block in nmac.all_blocks(donor)}


def test_an_area_limited_token_gets_its_area_only(db):
    clerk = User.objects.create_user("npa.khatlon.script")
    grant = Membership.objects.create(
        user=clerk,
        organisation=Organisation.objects.get(acronym="NPA"),
        role=Role.objects.get(code="operator_clerk"),
        data_classes=["record", "reports"],
    )
    grant.admin_areas.set([AdminArea.objects.get(code="TJ-KT")])
    rows = token_client(clerk).get("/api/v1/dashboard/released-by-region/").json()["rows"]
    assert [row["region_code"] for row in rows] == ["TJ-KT"]


def test_a_bad_year_names_the_field_and_no_token_gets_nothing(user):
    api = token_client(user("tnmac.im"))
    response = api.get("/api/v1/dashboard/released-by-operator/?year=19")
    assert response.status_code == 400 and "year" in response.json()["errors"]
    assert api.get("/api/v1/dashboard/no-such-chart/").status_code == 404
    assert Client().get("/api/v1/dashboard/").status_code in (401, 403)
