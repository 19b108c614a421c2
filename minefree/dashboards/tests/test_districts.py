"""Drill-down from a region to its districts: the same figures, adding up to the region's, for
what the reader may see, with a way back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from minefree.gazetteer.models import AdminArea

pytestmark = pytest.mark.django_db

REMAINING = ("cha_areas", "cha_m2", "sha_areas", "sha_m2", "areas", "m2")
RELEASED = ("cancel", "reduce", "clear", "released")


@pytest.fixture(autouse=True)
def back_to_english() -> Iterator[None]:
    yield
    translation.activate("en")  # a Russian request leaves the test thread in Russian


def rows(client: Any, url: str) -> list[dict[str, Any]]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return list(response.json()["rows"])


def sums(table: list[dict[str, Any]], keys: tuple[str, ...]) -> dict[str, int]:
    return {k: sum(row[k] for row in table) for k in keys}


@pytest.mark.parametrize("username", ["tnmac.im", "npa.khatlon", "donor.usdos"])
@pytest.mark.parametrize("year", ["", "2019"])
def test_districts_add_up_to_their_region(persona: Any, username: str, year: str) -> None:
    client = persona(username)
    query = f"?year={year}" if year else ""
    remaining = rows(client, "/dashboard/remaining-by-region.json")
    released = {r["region_code"]: r for r in rows(client, f"/dashboard/released-by-region.json{query}")}
    assert remaining and released
    for region in remaining:
        code = region["region_code"]
        districts = rows(client, f"/dashboard/region/{code}/remaining-by-district.json")
        assert districts and sums(districts, REMAINING) == {k: region[k] for k in REMAINING}, (username, code)
        by_district = rows(client, f"/dashboard/region/{code}/released-by-district.json{query}")
        expected = {k: released[code][k] for k in RELEASED} if code in released else dict.fromkeys(RELEASED, 0)
        assert sums(by_district, RELEASED) == expected, (username, code, year)
    if username == "tnmac.im" and not year:
        assert sum(r["m2"] for r in remaining) > 0 and len(remaining) >= 3  # the demo has several regions


def test_an_area_limited_clerk_drills_into_its_own_region_only(persona: Any) -> None:
    clerk, national = persona("npa.khatlon"), persona("tnmac.im")
    assert [r["region_code"] for r in rows(clerk, "/dashboard/remaining-by-region.json")] == ["TJ-KT"]
    assert clerk.get("/dashboard/region/TJ-GB/").status_code == 404
    assert clerk.get("/dashboard/region/TJ-GB/remaining-by-district.json").status_code == 404
    # The clerk's Khatlon is what its grant shows, no more than the national record holds.
    mine = sums(rows(clerk, "/dashboard/region/TJ-KT/remaining-by-district.json"), REMAINING)
    whole = sums(rows(national, "/dashboard/region/TJ-KT/remaining-by-district.json"), REMAINING)
    assert 0 < mine["areas"] <= whole["areas"]


def test_the_dashboard_links_each_region_and_the_region_links_back(persona: Any) -> None:
    client = persona("tnmac.im")
    page = client.get("/dashboard/?year=2019").content.decode()
    # The table row and the chart's column both lead to the districts, keeping the year.
    assert page.count('href="/dashboard/region/TJ-KT/?year=2019"') >= 4  # two tables, two charts
    region = client.get("/dashboard/region/TJ-KT/?year=2019").content.decode()
    assert '<nav class="crumbs"' in region and 'href="/dashboard/"' in region
    assert "Khatlon: districts" in region and "Panj" in region
    assert 'href="released-by-district.csv?year=2019"' in region and "Land released by district in 2019" in region


def test_a_region_page_names_districts_in_the_readers_language(persona: Any) -> None:
    client = persona("tnmac.im")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    page = client.get("/dashboard/region/TJ-KT/").content.decode()
    assert "Хатлон" in page and "Пяндж" in page and "Panj" not in page
    names = {r["admin_area_name"] for r in rows(client, "/dashboard/region/TJ-KT/remaining-by-district.json")}
    expected = {a.names["ru"] for a in AdminArea.objects.filter(parent__code="TJ-KT")}
    assert names and names <= expected | {"Район не записан"}


def test_unknown_regions_charts_and_years_are_refused(persona: Any) -> None:
    client = persona("tnmac.im")
    assert client.get("/dashboard/region/XX-YY/").status_code == 404
    assert client.get("/dashboard/region/TJ-KT-PNJ/").status_code == 404  # a district is not a region
    assert client.get("/dashboard/region/TJ-KT/nope.json").status_code == 404
    bad = client.get("/dashboard/region/TJ-KT/released-by-district.json?year=19")
    assert bad.status_code == 400 and "year" in bad.json()
    assert client.get("/dashboard/region/TJ-KT/?year=19").status_code == 400
