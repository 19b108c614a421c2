"""GDAL's OAPIF driver (what QGIS uses) reads every collection to the end, page after page, with
the reader's credentials, and gets exactly the features `restrict` gives that reader."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from rest_framework.authtoken.models import Token

from minefree.conftest import PASSWORD
from minefree.ogcapi.registry import COLLECTIONS
from minefree.ogcapi.tests.tls_server import https_server

PAGE = 20  # small, so every collection takes several pages


@pytest.fixture(scope="module")
def secure_server(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    with django_db_blocker.unblock():
        yield from https_server()


@pytest.fixture(scope="module")
def token(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    with django_db_blocker.unblock():
        key = Token.objects.create(user=User.objects.get(username="donor.usdos"))
        yield key.key
        key.delete()


def ogr2ogr(url: str, layer: str, out: Path, *options: str) -> dict[str, Any]:
    command = [
        "ogr2ogr", "-f", "GeoJSON", str(out), f"OAPIF:{url}/ogc/", layer, "-oo", f"PAGE_SIZE={PAGE}", "-preserve_fid",
        "--config", "GDAL_HTTP_UNSAFESSL", "YES",  # the test's self-signed certificate
        "--config", "CPL_VSIL_CURL_ALLOWED_EXTENSIONS", "NONE", *options,
    ]  # fmt: skip
    run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return json.loads(out.read_text())


def feature_ids(collection: dict[str, Any]) -> list[int]:
    assert all("id" in f for f in collection["features"]), collection["features"][:1]
    return [f["id"] for f in collection["features"]]


def expected_ids(collection_id: str, user: Any) -> set[int]:
    rows = COLLECTIONS[collection_id].visible(user)
    assert rows is not None
    return set(rows.values_list("pk", flat=True))


@pytest.mark.django_db
def test_gdal_reads_every_page_with_a_token(secure_server, token, tmp_path):
    header = tmp_path / "headers.txt"
    header.write_text(f"Authorization: Token {token}\n")
    donor = User.objects.get(username="donor.usdos")
    for collection_id in ("hazardous-areas", "accidents", "quality-findings"):
        got = ogr2ogr(secure_server, collection_id, tmp_path / f"{collection_id}.json",
                      "--config", "GDAL_HTTP_HEADER_FILE", str(header))  # fmt: skip
        ids = feature_ids(got)
        assert len(ids) > 2 * PAGE, collection_id  # several pages were followed
        assert len(ids) == len(set(ids))
        assert set(ids) == expected_ids(collection_id, donor), collection_id


@pytest.mark.django_db
def test_gdal_reads_with_basic_over_https(secure_server, tmp_path):
    """QGIS's Basic authentication configuration sends what GDAL's USERPWD sends."""
    clerk = User.objects.get(username="npa.khatlon")
    got = ogr2ogr(secure_server, "land-release", tmp_path / "lr.json", "-oo", f"USERPWD=npa.khatlon:{PASSWORD}")
    ids = set(feature_ids(got))
    assert len(ids) > PAGE
    assert ids == expected_ids("land-release", clerk)
    everyone = expected_ids("land-release", User.objects.get(username="tnmac.im"))
    assert ids < everyone  # the Khatlon clerk's grant holds in Khatlon only


@pytest.mark.django_db
def test_gdal_without_credentials_reads_only_the_public_regions(secure_server, tmp_path):
    got = ogr2ogr(secure_server, "admin-areas", tmp_path / "areas.json")
    assert {f["properties"]["level"] for f in got["features"]} == {1}
    assert len(got["features"]) == len(expected_ids("admin-areas", AnonymousUser()))
    run = subprocess.run(
        ["ogrinfo", "-ro", "-so", "--config", "GDAL_HTTP_UNSAFESSL", "YES", f"OAPIF:{secure_server}/ogc/", "accidents"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode != 0  # no such layer for the public
