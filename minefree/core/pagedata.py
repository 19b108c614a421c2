"""Data for a page's script, as Python objects: templates write them with `json_script`, never `|safe`.

`json_script` escapes `<`, `>` and `&`, so no value (a hazard name, a report's GeoJSON) can end the
<script type="application/json"> element it sits in; the page's static script reads it with JSON.parse.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any


def geojson(geometry: Any) -> Any:
    """A GEOS geometry as a GeoJSON dict, or None."""
    return json.loads(geometry.geojson) if geometry else None


def parsed(texts: Iterable[str | None]) -> list[Any]:
    """GeoJSON texts the database wrote (AsGeoJSON), as objects; empty ones left out."""
    return [json.loads(text) for text in texts if text]
