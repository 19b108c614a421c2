"""Every answer of the service is what its own OpenAPI document (/ogc/api) says, checked with
jsonschema: landing page, conformance, collections, queryables, pages of every collection (as a
signed-in reader and as the public), single features and refusals."""

from __future__ import annotations

import pytest
from django.test import Client
from jsonschema import ValidationError

from minefree.ogcapi.registry import COLLECTIONS
from minefree.ogcapi.tests.openapi_check import check


def test_the_document_is_openapi_3_with_the_limit_gdal_reads(persona):
    document = persona("tnmac.im").get("/ogc/api")
    assert document["Content-Type"].startswith("application/vnd.oai.openapi+json")
    body = document.json()
    assert body["openapi"].startswith("3.0")
    assert body["servers"][0]["url"].endswith("/ogc")
    limit = next(p for p in body["paths"]["/collections/accidents/items"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 10000
    operation_ids = [op["get"]["operationId"] for op in body["paths"].values()]
    assert len(operation_ids) == len(set(operation_ids))


@pytest.mark.parametrize("username", ["tnmac.im", None])
def test_every_answer_matches_the_document(persona, username):
    client = persona(username) if username else Client()
    document = client.get("/ogc/api").json()
    check(document, "/", 200, client.get("/ogc/").json())
    check(document, "/conformance", 200, client.get("/ogc/conformance").json())
    check(document, "/collections", 200, client.get("/ogc/collections").json())
    check(document, "/tileMatrixSets", 200, client.get("/ogc/tileMatrixSets").json())
    check(document, "/tileMatrixSets/{tileMatrixSetId}", 200, client.get("/ogc/tileMatrixSets/WebMercatorQuad").json())
    checked = 0
    for collection_id in COLLECTIONS:
        base = f"/collections/{collection_id}"
        if base not in document["paths"]:
            continue
        check(document, base, 200, client.get(f"/ogc{base}").json())
        check(document, f"{base}/queryables", 200, client.get(f"/ogc{base}/queryables").json())
        page = client.get(f"/ogc{base}/items?limit=300").json()
        check(document, f"{base}/items", 200, page)
        assert page["features"], collection_id
        one = client.get(f"/ogc{base}/items/{page['features'][0]['id']}").json()
        check(document, f"{base}/items/{{featureId}}", 200, one)
        check(document, f"{base}/items", 400, client.get(f"/ogc{base}/items?limit=0").json())
        check(document, f"{base}/items/{{featureId}}", 404, client.get(f"/ogc{base}/items/99999999").json())
        check(document, f"{base}/tiles", 200, client.get(f"/ogc{base}/tiles").json())
        tileset = f"{base}/tiles/{{tileMatrixSetId}}"
        check(document, tileset, 200, client.get(f"/ogc{base}/tiles/WebMercatorQuad").json())
        tile = f"{tileset}/{{tileMatrix}}/{{tileRow}}/{{tileCol}}"
        check(document, tile, 404, client.get(f"/ogc{base}/tiles/WebMercatorQuad/30/0/0").json())
        check(document, tile, 400, client.get(f"/ogc{base}/tiles/WebMercatorQuad/a/0/0").json())
        checked += 1
    assert checked == (len(COLLECTIONS) if username else 1)


def test_a_wrong_answer_would_fail(persona):
    """The check is not vacuous: a feature with a property the document does not declare fails it."""
    client = persona("tnmac.im")
    document = client.get("/ogc/api").json()
    page = client.get("/ogc/collections/accidents/items?limit=1").json()
    page["features"][0]["properties"]["victim_name"] = "someone"
    with pytest.raises(ValidationError):
        check(document, "/collections/accidents/items", 200, page)
    page = client.get("/ogc/collections/accidents/items?limit=1").json()
    page["features"][0]["properties"]["killed"] = "two"
    with pytest.raises(ValidationError):
        check(document, "/collections/accidents/items", 200, page)
