"""/api/v1/disaster/<id>/ pages its two lists: page_size and offset, `next` until null, exact counts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from rest_framework.authtoken.models import Token

from minefree.disaster.tests.helpers import AREA, INSIDE, NEAR, record
from minefree.disaster.tests.test_overlay import _around_panj_hazards
from minefree.hazards.tests.helpers import new_hazard


def _token_client(username: str) -> Client:
    token, _created = Token.objects.get_or_create(user=User.objects.get(username=username))
    return Client(headers={"Authorization": f"Token {token.key}"})


def _references(answer: dict[str, Any], name: str) -> list[str]:
    return [f["properties"]["reference"] for f in answer[name]["features"]]


def test_following_next_gives_every_row_once_in_the_same_order(user):
    area = record(user("coes.officer"), _around_panj_hazards(), 300)
    client = _token_client("coes.officer")
    whole = client.get(f"/api/v1/disaster/{area.pk}/").json()
    assert whole["next"] is None  # a small overlay: one answer, as before
    assert len(_references(whole, "hazards")) == whole["counts"]["hazards"] >= 3
    assert len(_references(whole, "released_land")) == whole["counts"]["released_land"] >= 1

    hazards: list[str] = []
    released: list[str] = []
    url: str | None = f"/api/v1/disaster/{area.pk}/?page_size=2"
    pages = 0
    while url:
        answer = client.get(url).json()
        assert answer["counts"] == whole["counts"]  # every page says the totals
        assert len(answer["hazards"]["features"]) <= 2 and len(answer["released_land"]["features"]) <= 2
        hazards += _references(answer, "hazards")
        released += _references(answer, "released_land")
        url = answer["next"]
        assert url is None or url.startswith("http://testserver/api/v1/disaster/")
        pages += 1
    longest = max(whole["counts"]["hazards"], whole["counts"]["released_land"])
    assert pages == (longest + 1) // 2
    assert hazards == _references(whole, "hazards") and released == _references(whole, "released_land")


def test_a_page_past_the_end_is_empty_and_keeps_the_counts(user):
    im = user("tnmac.im")
    new_hazard(im, name="Inside", geometry=INSIDE)
    new_hazard(im, name="Near", geometry=NEAR)
    area = record(user("coes.officer"), AREA, 500)
    client = _token_client("coes.officer")
    first = client.get(f"/api/v1/disaster/{area.pk}/?page_size=1").json()
    assert first["next"] == f"http://testserver/api/v1/disaster/{area.pk}/?page_size=1&offset=1"
    assert first["counts"] == {"hazards": 2, "hazards_inside": 1, "released_land": 0}
    second = client.get(first["next"]).json()
    assert second["next"] is None and len(second["hazards"]["features"]) == 1
    assert second["counts"] == first["counts"]
    beyond = client.get(f"/api/v1/disaster/{area.pk}/?offset=50").json()
    assert beyond["hazards"]["features"] == [] and beyond["counts"] == first["counts"] and beyond["next"] is None


def test_a_bad_page_size_or_offset_answers_400_naming_it(user):
    area = record(user("coes.officer"))
    client = _token_client("coes.officer")
    for query, field in (("page_size=0", "page_size"), ("page_size=5000", "page_size"), ("offset=-1", "offset")):
        response = client.get(f"/api/v1/disaster/{area.pk}/?{query}")
        assert response.status_code == 400 and field in response.json()["errors"], query
