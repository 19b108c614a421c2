"""The pages whose rows the database writes as JSON text answer even on a SQLite connection that once
concluded it has no JSON_OBJECT: Django probes that once per connection, and a probe made while another
writer held the lock cached "no", after which every such page was a 500."""

from __future__ import annotations

import json

import pytest
from django.db import connection


@pytest.mark.parametrize("path", ["/hazards/map.geojson", "/ogc/collections/hazardous-areas/items?limit=5"])
def test_a_connection_that_cached_no_json_still_writes_the_features(persona, path):
    if connection.vendor != "sqlite":
        pytest.skip("the probe and its cache are SQLite's")
    client = persona("tnmac.im")
    features = connection.features
    before = features.__dict__.get("has_json_object_function")
    features.__dict__["has_json_object_function"] = False  # what a probe under a held lock left behind
    try:
        response = client.get(path)
    finally:
        if before is None:
            features.__dict__.pop("has_json_object_function", None)
        else:
            features.__dict__["has_json_object_function"] = before
    assert response.status_code == 200, response.content[:300]
    assert json.loads(response.content)["features"]
