"""The basemap file served as tiles: bytes, types, caching, missing tiles, bad addresses, who may ask."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from PIL import Image

from minefree.basemap.tests.tiles import Tiles, tile_png, world, write_mbtiles, write_pmtiles
from minefree.core.tests.test_matrix import PERSONAS

ROOT = Path(django_settings.BASE_DIR).parent


@pytest.fixture
def tiles() -> Tiles:
    return world(2)


@pytest.fixture
def mbtiles(tmp_path: Path, tiles: Tiles, settings: Any) -> Path:
    path = write_mbtiles(tmp_path / "centre.mbtiles", tiles, attribution="© OpenStreetMap contributors")
    settings.MINEFREE_BASEMAP_FILE = str(path)
    return path


def map_settings(html: str) -> dict[str, Any]:
    found = re.search(r'<script id="map-settings" type="application/json">(.*?)</script>', html, re.S)
    assert found, "the page has no map settings"
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_a_tile_is_the_files_bytes_counted_from_the_north(persona: Any, mbtiles: Path, tiles: Tiles) -> None:
    client = persona("tnmac.im")
    response = client.get("/basemap/2/1/0.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    # y=0 is the northern row in the URL and the last row in the MBTiles file: the right tile, not its mirror.
    assert response.content == tiles[(2, 1, 0)] != tiles[(2, 1, 3)]
    assert Image.open(io.BytesIO(response.content)).size == (256, 256)
    assert "max-age=86400" in response["Cache-Control"] and "private" in response["Cache-Control"]
    again = client.get("/basemap/2/1/0.png", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    other = client.get("/basemap/2/1/3.png")
    assert other["ETag"] != response["ETag"]


def test_tiles_are_only_read(persona: Any, mbtiles: Path) -> None:
    client = persona("tnmac.im")
    assert client.head("/basemap/0/0/0.png").status_code == 200
    assert client.post("/basemap/0/0/0.png").status_code == 405


def test_a_tile_the_file_does_not_have_is_no_content(persona: Any, mbtiles: Path) -> None:
    response = persona("tnmac.im").get("/basemap/5/10/12.png")
    assert response.status_code == 204 and response.content == b""


@pytest.mark.parametrize(
    "url",
    [
        "/basemap/25/0/0.png",  # deeper than any basemap
        "/basemap/2/4/0.png",  # zoom 2 has columns 0 to 3
        "/basemap/2/0/4.png",
        "/basemap/2/0/0.jpg",  # the file holds PNG
        "/basemap/2/0/0.PNG",
        "/basemap/-1/0/0.png",
        "/basemap/a/0/0.png",
        "/basemap/2/0/0.5.png",
        "/basemap/2/0/..%2F..%2Fsettings.png",
        "/basemap/2/0/0.png/x",
    ],
)
def test_a_bad_tile_address_is_not_found(persona: Any, mbtiles: Path, url: str) -> None:
    assert persona("tnmac.im").get(url).status_code == 404


def test_every_role_reads_the_basemap_and_a_visitor_is_sent_to_log_in(persona: Any, client: Any, mbtiles: Path) -> None:
    for username in PERSONAS:
        assert persona(username).get("/basemap/0/0/0.png").status_code == 200, username
        assert persona(username).get("/basemap/").status_code == 200, username
    for url in ("/basemap/0/0/0.png", "/basemap/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_tilejson_twin_names_the_tiles_and_the_zoom_range(persona: Any, mbtiles: Path) -> None:
    body = persona("tnmac.im").get("/basemap/").json()
    assert body["tiles"] == ["http://testserver/basemap/{z}/{x}/{y}.png"]
    assert (body["minzoom"], body["maxzoom"]) == (0, 2)
    assert body["bounds"] == [-180, -85, 180, 85]
    assert body["attribution"] == "© OpenStreetMap contributors"


def test_every_map_page_uses_the_file_else_the_url_else_nothing(persona: Any, tmp_path: Path, settings: Any) -> None:
    client = persona("tnmac.im")
    settings.MINEFREE_TILE_URL = "https://tile.example.org/{z}/{x}/{y}.png"
    assert map_settings(client.get("/hazards/").content.decode())["tiles"] == settings.MINEFREE_TILE_URL
    settings.MINEFREE_BASEMAP_FILE = str(write_mbtiles(tmp_path / "b.mbtiles", world(1), attribution="<b>x</b>"))
    for url in ("/hazards/", "/hazards/new/"):
        shown = map_settings(client.get(url).content.decode())
        assert shown["tiles"] == "/basemap/{z}/{x}/{y}.png", url
        assert shown["maxNativeZoom"] == 1 and shown["attribution"] == "<b>x</b>"
    assert "<b>x</b>" not in client.get("/hazards/").content.decode()  # written as JSON, escaped
    settings.MINEFREE_BASEMAP_FILE = settings.MINEFREE_TILE_URL = ""
    assert map_settings(client.get("/hazards/").content.decode())["tiles"] == ""
    assert client.get("/basemap/0/0/0.png").status_code == 404


def test_jpeg_tiles_are_served_as_jpeg(persona: Any, tmp_path: Path, settings: Any) -> None:
    out = io.BytesIO()
    Image.open(io.BytesIO(tile_png(0, 0, 0))).save(out, "JPEG")
    path = write_mbtiles(tmp_path / "photo.mbtiles", {(0, 0, 0): out.getvalue()}, fmt="jpg")
    settings.MINEFREE_BASEMAP_FILE = str(path)
    client = persona("tnmac.im")
    response = client.get("/basemap/0/0/0.jpg")
    assert response["Content-Type"] == "image/jpeg" and response.content == out.getvalue()
    assert map_settings(client.get("/hazards/").content.decode())["tiles"].endswith(".jpg")
    assert client.get("/basemap/0/0/0.png").status_code == 404


def _vector(tmp_path: Path) -> Path:
    return write_mbtiles(tmp_path / "roads.mbtiles", {(0, 0, 0): gzip.compress(b"\x1a\x00")}, fmt="pbf")


def test_a_vector_file_is_refused_and_the_maps_fall_back(persona: Any, tmp_path: Path, settings: Any) -> None:
    settings.MINEFREE_BASEMAP_FILE = str(_vector(tmp_path))
    settings.MINEFREE_TILE_URL = "https://tile.example.org/{z}/{x}/{y}.png"
    client = persona("tnmac.im")
    response = client.get("/basemap/0/0/0.pbf")
    assert response.status_code == 404
    assert map_settings(client.get("/hazards/").content.decode())["tiles"] == settings.MINEFREE_TILE_URL


def serve(data_dir: Path, basemap: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MINEFREE_DATA_DIR": str(data_dir), "MINEFREE_BASEMAP_FILE": basemap}
    command = [sys.executable, "-m", "minefree.cli", "serve", "--port", "1"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_the_server_refuses_to_start_with_a_basemap_it_cannot_serve(tmp_path: Path) -> None:
    vector = serve(tmp_path / "data", str(_vector(tmp_path)))
    assert vector.returncode == 2
    assert "holds vector tiles (pbf)" in vector.stderr and "raster" in vector.stderr, vector.stderr
    missing = serve(tmp_path / "data", str(tmp_path / "nowhere.mbtiles"))
    assert missing.returncode == 2 and "nowhere.mbtiles cannot be read" in missing.stderr, missing.stderr
    (tmp_path / "notes.mbtiles").write_text("not a database")
    broken = serve(tmp_path / "data", str(tmp_path / "notes.mbtiles"))
    assert broken.returncode == 2 and "is not an MBTiles file" in broken.stderr, broken.stderr
    (tmp_path / "map.tif").write_bytes(b"II*\x00")
    other = serve(tmp_path / "data", str(tmp_path / "map.tif"))
    assert other.returncode == 2 and "must be a .mbtiles or .pmtiles file" in other.stderr, other.stderr


def test_a_pmtiles_file_is_served_like_an_mbtiles_one(
    persona: Any, tmp_path: Path, tiles: Tiles, settings: Any
) -> None:
    pytest.importorskip("pmtiles", reason="the pmtiles package reads .pmtiles files")
    settings.MINEFREE_BASEMAP_FILE = str(write_pmtiles(tmp_path / "centre.pmtiles", tiles, attribution="Protomaps"))
    client = persona("tnmac.im")
    response = client.get("/basemap/2/1/0.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content == tiles[(2, 1, 0)]
    assert client.get("/basemap/2/3/3.png").content == tiles[(2, 3, 3)]
    assert client.get("/basemap/3/0/0.png").status_code == 204
    assert client.get("/basemap/2/0/0.jpg").status_code == 404
    body = client.get("/basemap/").json()
    assert (body["minzoom"], body["maxzoom"], body["attribution"]) == (0, 2, "Protomaps")
    settings.MINEFREE_BASEMAP_FILE = str(write_pmtiles(tmp_path / "v.pmtiles", {(0, 0, 0): b"\x1a\x00"}, tile_type=1))
    assert client.get("/basemap/0/0/0.pbf").status_code == 404
