"""OGC API - Tiles: the tile matrix set and tilesets describe themselves; a tile decodes (with the
library that writes them on SpatiaLite) to exactly the features `restrict` gives its reader in it,
with the features' own properties; bad tiles are 400 or 404; tiles are shared per permission set."""

from __future__ import annotations

import datetime as dt
from typing import Any

import mapbox_vector_tile
import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import Point, Polygon
from django.core.cache import cache
from django.test import Client

from minefree.dashboards.models import Publication
from minefree.hazards.actions import update_hazard_area
from minefree.hazards.models import HazardArea
from minefree.ogcapi.registry import COLLECTIONS
from minefree.ogcapi.tilematrix import BUFFER, EXTENT, Tile, containing

TILES = "/ogc/collections/{}/tiles/WebMercatorQuad/{}/{}/{}"
MVT = "application/vnd.mapbox-vector-tile"


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()  # each test's rolled-back data must not meet the tiles an earlier test cached


def features(client: Client, collection_id: str, tile: Tile) -> dict[int, dict[str, Any]]:
    """The decoded features of one tile by id ({} for 204 No Content)."""
    answer = client.get(TILES.format(collection_id, tile.z, tile.y, tile.x))
    if answer.status_code == 204:
        return {}
    assert answer.status_code == 200, answer.content[:300]
    assert answer["Content-Type"] == MVT
    layers = mapbox_vector_tile.decode(answer.content)
    assert set(layers) == {collection_id}
    return {f["id"]: f for f in layers[collection_id]["features"]}


def expected(collection_id: str, username: str, tile: Tile) -> set[int]:
    rows = COLLECTIONS[collection_id].visible(User.objects.get(username=username))
    assert rows is not None
    box = Polygon.from_bbox(tile.degrees(BUFFER / EXTENT))
    return set(rows.filter(geometry__intersects=box).values_list("pk", flat=True))


def busiest_tile(z: int) -> Tile:
    """The zoom-z tile holding the most hazardous areas of the demo."""
    counts: dict[Tile, int] = {}
    for hazard in HazardArea.objects.filter(geometry__isnull=False).only("geometry"):
        centre = hazard.geometry.point_on_surface
        where = containing(centre.x, centre.y, z)
        counts[where] = counts.get(where, 0) + 1
    return max(counts, key=lambda t: counts[t])


def test_the_service_describes_its_tiles(persona):
    im = persona("tnmac.im")
    classes = im.get("/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt" in classes
    landing = {link["rel"]: link["href"] for link in im.get("/ogc/").json()["links"]}
    matrix_sets = im.get(landing["http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes"]).json()
    assert [s["id"] for s in matrix_sets["tileMatrixSets"]] == ["WebMercatorQuad"]
    matrix_set = im.get(matrix_sets["tileMatrixSets"][0]["links"][0]["href"]).json()
    assert matrix_set["crs"].endswith("/3857") and matrix_set["tileMatrices"][10]["matrixWidth"] == 1024
    collection = im.get("/ogc/collections/hazardous-areas").json()
    tilesets = next(x["href"] for x in collection["links"] if x["rel"].endswith("tilesets-vector"))
    (summary,) = im.get(tilesets).json()["tilesets"]
    tileset = im.get(summary["links"][0]["href"]).json()
    template = next(x for x in tileset["links"] if x["rel"] == "item")
    assert template["type"] == MVT and template["templated"]
    assert template["href"].endswith(TILES.format("hazardous-areas", "{tileMatrix}", "{tileRow}", "{tileCol}"))
    assert set(tileset["layers"][0]["propertiesSchema"]["properties"]) == {
        p.name for p in COLLECTIONS["hazardous-areas"].properties
    }


def test_a_tile_holds_what_each_reader_may_see(persona):
    tile = busiest_tile(9)
    im_features = features(persona("tnmac.im"), "hazardous-areas", tile)
    assert set(im_features) == expected("hazardous-areas", "tnmac.im", tile) and len(im_features) > 1
    hazard = HazardArea.objects.get(pk=next(iter(im_features)))
    properties = im_features[hazard.pk]["properties"]
    assert properties["reference"] == hazard.reference and properties["status"] == hazard.status
    assert properties["area_m2"] == round(hazard.area_m2)
    # Khatlon's clerk: the same tile holds only the areas of its grant.
    clerk_features = features(persona("npa.khatlon"), "hazardous-areas", tile)
    assert set(clerk_features) == expected("hazardous-areas", "npa.khatlon", tile)
    wide = busiest_tile(6)
    assert len(features(persona("npa.khatlon"), "hazardous-areas", wide)) < len(
        features(persona("tnmac.im"), "hazardous-areas", wide)
    )


def test_a_hazard_known_only_by_its_point_is_drawn(persona):
    hazard = HazardArea.objects.filter(geometry__isnull=False).order_by("pk").first()
    assert hazard is not None
    centre = hazard.geometry.point_on_surface
    HazardArea.objects.filter(pk=hazard.pk).update(geometry=None, location=Point(centre.x, centre.y, srid=4326))
    got = features(persona("tnmac.im"), "hazardous-areas", containing(centre.x, centre.y, 14))
    assert got[hazard.pk]["geometry"]["type"] == "Point"


def test_no_personal_data_reaches_a_donor_or_the_public(persona):
    accidents = COLLECTIONS["accidents"]
    declared = {p.name for p in accidents.properties}
    donor = persona("donor.usdos")
    found = [f for z in (4, 5) for f in features(donor, "accidents", busiest_tile(z)).values()]
    assert found and all(set(f["properties"]) <= declared for f in found)
    public = Client()
    assert public.get(TILES.format("accidents", 5, 12, 22)).status_code == 401
    Publication.objects.update_or_create(pk=1, defaults={"publish_outlines": True})
    tile = busiest_tile(9)
    published = features(public, "hazardous-areas", tile)
    assert published and all(set(f["properties"]) <= {"classification", "contamination"} for f in published.values())
    # Nor may the public narrow the outlines by what it cannot see (a name, a status).
    refused = public.get(TILES.format("hazardous-areas", tile.z, tile.y, tile.x) + "?q=a")
    assert refused.status_code == 400 and refused.json()["parameter"] == "q"


def test_bad_tiles_are_refused(persona):
    im = persona("tnmac.im")
    for url, status in (
        (TILES.format("nothing", 1, 0, 0), 404),
        (TILES.format("hazardous-areas", 23, 0, 0), 404),
        (TILES.format("hazardous-areas", 2, 4, 0), 404),
        (TILES.format("hazardous-areas", 2, 0, 4), 404),
        (TILES.format("hazardous-areas", "x", 0, 0), 400),
        (TILES.format("hazardous-areas", 2, "-1", 0), 400),
        ("/ogc/collections/hazardous-areas/tiles/WorldCRS84Quad/1/0/0", 404),
        (TILES.format("hazardous-areas", 2, 1, 2) + "?limit=3", 400),
    ):
        answer = im.get(url)
        assert answer.status_code == status, url
        assert answer.json()["code"]
    assert im.get(TILES.format("hazardous-areas", 3, 0, 0)).status_code == 204  # the Arctic: nothing


def test_readers_with_the_same_grants_share_a_tile_and_a_change_makes_it_new(persona):
    tile = busiest_tile(9)
    url = TILES.format("hazardous-areas", tile.z, tile.y, tile.x)
    first = persona("tnmac.im").get(url)
    again = persona("tnmac.im").get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and "private" in first["Cache-Control"]
    assert persona("tnmac.admin").get(url)["ETag"] != persona("npa.khatlon").get(url)["ETag"]
    # A named action (as an approved field report runs) makes the tile new, with the new value in it.
    hazard = HazardArea.objects.get(pk=next(iter(features(persona("tnmac.im"), "hazardous-areas", tile))))
    update_hazard_area(
        User.objects.get(username="tnmac.im"),
        hazard,
        expected_version=hazard.version,
        effective_date=dt.date.today(),
        changes={"name": "Renamed by the tile test"},
    )
    changed = persona("tnmac.im").get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert features(persona("tnmac.im"), "hazardous-areas", tile)[hazard.pk]["properties"]["name"] == (
        "Renamed by the tile test"
    )
