"""Run by `peer_bench.py` with pygeoapi's own Python (a separate virtualenv, never MineFree's):
time pygeoapi's items endpoint, through its Flask app and PostgreSQL provider, on the hazards table.

Argument: JSON with host, port, dbname, user, password, limit, bbox ([] for none), repeat.
Prints the median seconds of `repeat` requests, after one untimed request."""

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def config(params: dict) -> dict:
    return {
        "server": {
            "bind": {"host": "127.0.0.1", "port": 5000},
            "url": "http://127.0.0.1:5000",
            "mimetype": "application/json; charset=UTF-8",
            "encoding": "utf-8",
            "languages": ["en-US"],
            "limits": {"default_items": 10, "max_items": 10000},
            "map": {"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "attribution": "OSM"},
        },
        "logging": {"level": "ERROR"},
        "metadata": {
            "identification": {
                "title": "bench",
                "description": "bench",
                "keywords": ["bench"],
                "terms_of_service": "https://example.org",
                "url": "https://example.org",
            },
            "license": {"name": "CC-BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
            "provider": {"name": "bench", "url": "https://example.org"},
            "contact": {"name": "bench", "email": "bench@example.org"},
        },
        "resources": {
            "hazards": {
                "type": "collection",
                "title": "hazards",
                "description": "hazards",
                "keywords": ["hazards"],
                "extents": {
                    "spatial": {"bbox": [60, 30, 80, 45], "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"}
                },
                "links": [],
                "providers": [
                    {
                        "type": "feature",
                        "name": "PostgreSQL",
                        "data": {
                            "host": params["host"],
                            "port": params["port"],
                            "dbname": params["dbname"],
                            "user": params["user"],
                            "password": params["password"],
                            "search_path": ["public"],
                        },
                        "id_field": "id",
                        "table": "hazards_hazardarea",
                        "geom_field": "geometry",
                        "properties": [
                            "reference",
                            "name",
                            "classification",
                            "contamination",
                            "status",
                            "area_m2",
                            "mechanical_suitable",
                            "recorded_on",
                        ],
                    }
                ],
            }
        },
    }


def main() -> None:
    params = json.loads(sys.argv[1])
    folder = Path(tempfile.mkdtemp(prefix="pygeoapi-bench-"))
    import yaml

    (folder / "config.yml").write_text(yaml.safe_dump(config(params)))
    os.environ["PYGEOAPI_CONFIG"] = str(folder / "config.yml")
    os.environ["PYGEOAPI_OPENAPI"] = str(folder / "openapi.yml")
    from pygeoapi.openapi import generate_openapi_document

    with open(folder / "config.yml") as fh:
        document = generate_openapi_document(fh, "yaml")
    (folder / "openapi.yml").write_text(document if isinstance(document, str) else yaml.safe_dump(document))
    from pygeoapi.flask_app import APP

    client = APP.test_client()
    url = f"/collections/hazards/items?f=json&limit={params['limit']}"
    if params["bbox"]:
        url += "&bbox=" + ",".join(str(v) for v in params["bbox"])
    first = client.get(url)
    assert first.status_code == 200, first.data[:500]
    samples = []
    for _ in range(params["repeat"]):
        start = time.perf_counter()
        client.get(url).get_data()
        samples.append(time.perf_counter() - start)
    print(len(json.loads(first.data)["features"]), file=sys.stderr)
    print(statistics.median(samples))


if __name__ == "__main__":
    main()
