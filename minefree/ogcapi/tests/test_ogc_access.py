"""Who reads what: the token, HTTP Basic over HTTPS and the browser session all work; every reader
gets exactly the rows `restrict` gives them; the public gets only what the public dashboard shows."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client
from rest_framework.authtoken.models import Token

from minefree.conftest import PASSWORD
from minefree.dashboards.models import Publication
from minefree.gazetteer.models import AdminArea
from minefree.hazards.models import REMAINING, HazardArea
from minefree.ogcapi.registry import COLLECTIONS

ITEMS = "/ogc/collections/{}/items?limit=10000"


def basic(username: str, password: str = PASSWORD) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def feature_ids(answer: Any) -> set[int]:
    assert answer.status_code == 200, answer.content[:300]
    return {f["id"] for f in answer.json()["features"]}


@pytest.mark.parametrize("username", ["donor.usdos", "npa.khatlon", "coes.officer", "npa.clerk"])
def test_every_reader_gets_exactly_what_restrict_gives(persona, username):
    client = persona(username)
    user = User.objects.get(username=username)
    for collection_id, collection in COLLECTIONS.items():
        rows = collection.visible(user)
        assert rows is not None
        assert feature_ids(client.get(ITEMS.format(collection_id))) == set(rows.values_list("pk", flat=True))


def test_the_khatlon_clerk_reads_nothing_outside_khatlon(persona):
    clerk = persona("npa.khatlon")
    codes = set(AdminArea.objects.filter(parent__code="TJ-KT").values_list("code", flat=True)) | {"TJ-KT"}
    for collection_id in ("hazardous-areas", "accidents", "eore-sessions"):
        features = clerk.get(ITEMS.format(collection_id)).json()["features"]
        assert features and all(f["properties"]["admin_area"] in codes for f in features), collection_id
    everyone = feature_ids(persona("tnmac.im").get(ITEMS.format("land-release")))
    assert feature_ids(clerk.get(ITEMS.format("land-release"))) < everyone


def test_a_token_works(db):
    key = Token.objects.create(user=User.objects.get(username="donor.usdos")).key
    answer = Client().get(ITEMS.format("accidents"), HTTP_AUTHORIZATION=f"Token {key}")
    assert feature_ids(answer)
    bad = Client().get(ITEMS.format("accidents"), HTTP_AUTHORIZATION="Token 0123456789abcdef")
    assert bad.status_code == 401 and bad.json()["code"] == "AuthenticationFailed"


def test_basic_works_over_https_only(db):
    secure = Client().get(ITEMS.format("accidents"), HTTP_AUTHORIZATION=basic("donor.usdos"), secure=True)
    assert feature_ids(secure)
    plain = Client().get(ITEMS.format("accidents"), HTTP_AUTHORIZATION=basic("donor.usdos"))
    assert plain.status_code == 401
    assert "HTTPS" in plain.json()["description"]
    wrong = Client().get(ITEMS.format("accidents"), HTTP_AUTHORIZATION=basic("donor.usdos", "guess"), secure=True)
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"].startswith("Basic")


def test_the_public_reads_the_regions_and_nothing_else_by_default(db):
    public = Client()
    assert public.get("/ogc/").status_code == 200
    assert public.get("/ogc/conformance").status_code == 200
    listed = [c["id"] for c in public.get("/ogc/collections").json()["collections"]]
    assert listed == ["admin-areas"]
    regions = public.get(ITEMS.format("admin-areas")).json()["features"]
    assert {f["id"] for f in regions} == set(AdminArea.objects.filter(level=1).values_list("pk", flat=True))
    for collection_id in set(COLLECTIONS) - {"admin-areas"}:
        answer = public.get(ITEMS.format(collection_id))
        assert answer.status_code == 401, collection_id
        assert answer["WWW-Authenticate"]
        assert public.get(f"/ogc/collections/{collection_id}").status_code == 401
    paths = public.get("/ogc/api").json()["paths"]
    assert "/collections/accidents/items" not in paths and "/collections/admin-areas/items" in paths


def test_published_outlines_reach_the_public_without_details(db):
    Publication.objects.update_or_create(pk=1, defaults={"publish_outlines": True})
    public = Client()
    features = public.get(ITEMS.format("hazardous-areas")).json()["features"]
    expected = HazardArea.objects.filter(status__in=REMAINING, geometry__isnull=False, country__code="TJK")
    assert {f["id"] for f in features} == set(expected.values_list("pk", flat=True))
    assert all(set(f["properties"]) == {"classification", "contamination"} for f in features)
    assert public.get(ITEMS.format("hazardous-areas") + "&datetime=2015-01-01").status_code == 401
    assert public.get(ITEMS.format("hazardous-areas") + "&datetime=2015-01-01/..").status_code == 401
    refused = public.get(ITEMS.format("hazardous-areas") + "&status=open")
    assert refused.status_code == 400 and refused.json()["parameter"] == "status"
    assert public.get(ITEMS.format("accidents")).status_code == 401
    assert COLLECTIONS["accidents"].visible(AnonymousUser()) is None  # accidents are never published
