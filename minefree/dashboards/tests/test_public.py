"""The public dashboard: no login, aggregates by region and year, no personal data, no coordinates.

Every block the public page shows is checked in every form it takes (the page, its CSV, its JSON).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.contrib.gis.geos import GEOSGeometry
from django.test import Client
from django.utils.formats import date_format

from minefree.casualties.models import Accident, Victim
from minefree.core.crypto import unseal
from minefree.dashboards import public
from minefree.dashboards.actions import save_publication
from minefree.demo.personas import PERSONAS
from minefree.gazetteer.home import local_today
from minefree.hazards.models import REMAINING, HazardArea, HazardAreaState


def public_payloads(client: Client) -> dict[str, str]:
    """The page and the CSV and JSON twin of every block it shows, fetched anonymously."""
    page = client.get("/dashboard/public/")
    assert page.status_code == 200
    body = page.content.decode()
    slugs = re.findall(r'<section class="block" id="([a-z0-9-]+)">', body)
    assert set(slugs) == {b.slug for b in public.all_blocks()} and len(slugs) >= 6
    out = {"page": body}
    for slug in slugs:
        for fmt in ("csv", "json"):
            response = client.get(f"/dashboard/public/{slug}.{fmt}")
            assert response.status_code == 200, (slug, fmt)
            out[f"{slug}.{fmt}"] = response.content.decode("utf-8-sig")
    return out


def coordinates_of_the_record() -> set[str]:
    """Longitudes and latitudes of every hazard centroid and accident at 3 decimals, as text."""
    points = [h.geometry.centroid for h in HazardArea.objects.filter(geometry__isnull=False)]
    points += [a.location for a in Accident.objects.filter(location__isnull=False)]
    return {f"{v:.3f}" for p in points for v in (p.x, p.y)}


def near(p: Any, q: Any) -> bool:
    return abs(p.x - q.x) < 1e-4 and abs(p.y - q.y) < 1e-4


def personal_strings() -> set[str]:
    names = {unseal(v.name_sealed) for v in Victim.objects.all()}
    names |= {full for _org, _role, full in PERSONAS.values()}
    return {n for n in names if n}


@pytest.fixture
def published(db, user):
    return lambda outlines: save_publication(
        user("tnmac.admin"), deadline=dt.date(2025, 12, 31), baseline=dt.date(2019, 3, 31), publish_outlines=outlines
    )


@pytest.mark.parametrize("outlines", [False, True])
def test_every_public_block_has_no_personal_data_and_no_coordinates(client, published, outlines):
    published(outlines)  # publishing outlines adds a GeoJSON file, never coordinates elsewhere
    payloads = public_payloads(client)
    assert "treaty-progress.json" in payloads
    names, coordinates = personal_strings(), coordinates_of_the_record()
    assert len(names) > 12 and len(coordinates) > 800
    for key, text in payloads.items():
        assert not [n for n in names if n in text], key
        decimals = set(re.findall(r"-?\d+\.\d{3}", text))
        assert not decimals & coordinates, (key, sorted(decimals & coordinates)[:5])
        for word in ("coordinates", "geometry", "POLYGON", "Point", "latitude", "longitude"):
            assert word not in text, (key, word)
        if key.endswith(".json"):
            data = json.loads(text)
            assert {c["key"] for c in data["columns"]} <= PUBLIC_COLUMNS, key


# Everything a public table may hold: a region, a year, a donor, counts and sums. No district, no date finer than a year
# except the treaty dates and each block's "data as of".
PUBLIC_COLUMNS = {
    "region_code",
    "region",
    "year",
    "date",
    "donor_code",
    "donor",
    "usd",
    "areas",
    "m2",
    "target_m2",
    "cha_areas",
    "cha_m2",
    "sha_areas",
    "sha_m2",
    "cancel",
    "reduce",
    "clear",
    "released",
    "sessions",
    "reached",
    "girls",
    "boys",
    "women",
    "men",
    "killed",
    "injured",
    *(f"{g}_{o}" for g in ("girls", "boys", "women", "men") for o in ("killed", "injured")),
}


def test_dates_in_public_tables_are_treaty_dates_or_year_ends(client, published):
    published(False)
    for block in public.all_blocks():
        for row in block.as_json()["rows"]:
            if "date" in row:
                day = dt.date.fromisoformat(row["date"])
                assert day in (dt.date(2019, 3, 31), local_today()) or (day.month, day.day) == (12, 31), block.slug


def test_no_accident_date_is_published(client, db):
    casualty_payloads = [
        client.get(f"/dashboard/public/casualties-by-year.{fmt}").content.decode() for fmt in ("csv", "json")
    ]
    data = json.loads(casualty_payloads[1])
    # Dated by the latest accident's year only: the block says up to when, never which day.
    last = Accident.objects.filter(country__code="TJK").latest("date").date
    assert data["as_of"] is None and data["covers"] == f"Accidents recorded up to {last.year}"
    page = client.get("/dashboard/public/").content.decode()
    assert f"Accidents recorded up to {last.year}" in page and date_format(last, "DATE_FORMAT") not in page
    dates = {d.isoformat() for d in Accident.objects.values_list("date", flat=True)} - {local_today().isoformat()}
    for text in casualty_payloads:
        assert not [d for d in dates if d in text]


def test_outlines_are_unpublished_by_default(client, db):
    assert client.get("/dashboard/public/outlines.geojson").status_code == 404
    assert "outlines.geojson" not in client.get("/dashboard/public/").content.decode()


def test_published_outlines_are_the_remaining_hazards_only(client, published):
    published(True)
    response = client.get("/dashboard/public/outlines.geojson")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    features = response.json()["features"]
    remaining = HazardArea.objects.filter(status__in=REMAINING, geometry__isnull=False, country__code="TJK")
    assert len(features) == remaining.count() > 100
    assert set(features[0]["properties"]) == {"classification", "contamination"}  # no reference, name or operator
    shown = [GEOSGeometry(json.dumps(f["geometry"])).centroid for f in features]
    remaining_points = [h.geometry.centroid for h in remaining]
    assert all(any(near(p, q) for q in remaining_points) for p in shown)
    gone = (
        HazardAreaState.objects.filter(geometry__isnull=False)
        .exclude(hazard__in=remaining)
        .order_by("hazard", "valid_from")
    )
    gone_points = [s.geometry.centroid for s in gone]
    assert gone_points and not [p for p in gone_points if any(near(p, q) for q in shown)]
    # Accident points appear neither as a vertex nor as a point of their own.
    vertices = {
        (round(x, 5), round(y, 5)) for f in features for ring in f["geometry"]["coordinates"][0] for x, y in ring
    }
    accidents = {
        (round(a.location.x, 5), round(a.location.y, 5)) for a in Accident.objects.filter(location__isnull=False)
    }
    assert accidents and not vertices & accidents
    assert {f["geometry"]["type"] for f in features} == {"MultiPolygon"}
    assert "outlines.geojson" in client.get("/dashboard/public/").content.decode()


def test_the_public_page_is_small_and_needs_no_script(client, published):
    published(False)
    page = client.get("/dashboard/public/")
    assert len(page.content) < 60_000, len(page.content)
    assert b"<script" not in page.content and b"<svg" in page.content
    assert "max-age=300" in page["Cache-Control"] and "private" in page["Cache-Control"]


def test_the_login_page_links_to_the_public_dashboard(client, db):
    assert 'href="/dashboard/public/"' in client.get("/login/").content.decode()


def test_public_py_is_the_only_dashboard_module_that_reads_around_restrict():
    from pathlib import Path

    from minefree.core.tests.test_chokepoint import unrestricted_reads

    folder = Path(public.__file__).parent
    offenders = {p.name: unrestricted_reads(p.read_text()) for p in folder.glob("*.py") if p.name != "public.py"}
    assert {name: lines for name, lines in offenders.items() if lines} == {}
    assert unrestricted_reads((folder / "public.py").read_text())  # the sanctioned exception, and only there
