"""The map page draws today's areas from vector tiles: its tile address carries the filters the form
accepted, its legend's figures count what the filtered list holds (points-only areas too), and a
filtered tile holds only the areas the filters let through."""

from __future__ import annotations

import json
import re
from html import unescape

import mapbox_vector_tile
from django.contrib.auth.models import User
from django.contrib.gis.geos import Point
from django.core.cache import cache
from django.db.models import Q, Sum

from minefree.hazards.models import HazardArea
from minefree.ogcapi.tilematrix import containing


def page_data(html: str) -> tuple[str, dict[str, object]]:
    tiles = unescape(re.search(r'data-tiles="([^"]+)"', html).group(1))  # type: ignore[union-attr]
    figures = re.search(r'<script id="map-figures" type="application/json">(.*?)</script>', html, re.S)
    return tiles, json.loads(figures.group(1))  # type: ignore[union-attr]


def test_the_map_page_gives_the_filtered_tiles_and_their_figures(persona):
    cache.clear()
    hazard = HazardArea.objects.filter(geometry__isnull=False, status="open").order_by("pk").first()
    assert hazard is not None
    centre = hazard.geometry.point_on_surface
    HazardArea.objects.filter(pk=hazard.pk).update(geometry=None, location=Point(centre.x, centre.y, srid=4326))
    im = persona("tnmac.im")
    tiles, figures = page_data(im.get("/hazards/?status=open&status=worked_on&operator=&nonsense=1").content.decode())
    assert tiles.endswith("/{z}/{y}/{x}?status=open&status=worked_on")  # empty and unknown fields left out
    shown = HazardArea.objects.restrict(User.objects.get(username="tnmac.im")).filter(
        Q(geometry__isnull=False) | Q(location__isnull=False), status__in=["open", "worked_on"]
    )
    assert figures["count"] == shown.count() and figures["total"] == round(shown.aggregate(s=Sum("area_m2"))["s"])
    tile = containing(centre.x, centre.y, 12)
    url = tiles.format(z=tile.z, y=tile.y, x=tile.x)
    layer = mapbox_vector_tile.decode(im.get(url).content)["hazardous-areas"]
    assert hazard.pk in {f["id"] for f in layer["features"]}
    assert {f["properties"]["status"] for f in layer["features"]} <= {"open", "worked_on"}
    closed = im.get(url.replace("status=open&status=worked_on", "status=closed"))
    assert closed.status_code == 204 or hazard.pk not in {
        f["id"] for f in mapbox_vector_tile.decode(closed.content)["hazardous-areas"]["features"]
    }
    refused = im.get(url.replace("status=open", "status=lost"))
    assert refused.status_code == 400 and refused.json()["parameter"] == "status"
    assert im.get("/hazards/?as_of=2019-03-31").content.decode().count("data-tiles") == 0  # a past day: GeoJSON
