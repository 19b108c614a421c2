"""Links as OGC API - Features writes them: absolute, with a relation and a media type."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, QueryDict
from django.urls import reverse

GEOJSON = "application/geo+json"
JSON = "application/json"
HTML = "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
SCHEMA = "application/schema+json"
MVT = "application/vnd.mapbox-vector-tile"


def link(
    request: HttpRequest, path: str, rel: str, kind: str, title: str | None = None, **query: Any
) -> dict[str, str]:
    params = QueryDict(mutable=True)
    for name, value in query.items():
        if value is not None:
            params[name] = str(value)
    href = request.build_absolute_uri(path + (f"?{params.urlencode()}" if params else ""))
    out = {"href": href, "rel": rel, "type": kind}
    if title:
        out["title"] = str(title)
    return out


def to(name: str, *args: Any) -> str:
    return reverse(f"ogcapi:{name}", args=args)


def same_query(request: HttpRequest, rel: str, kind: str, **changes: Any) -> dict[str, str]:
    """A link to this request's own address with some parameters changed (None removes one)."""
    params = request.GET.copy()
    for name, value in changes.items():
        params.pop(name, None)
        if value is not None:
            params[name] = str(value)
    query = params.urlencode()
    return {"href": request.build_absolute_uri(request.path + (f"?{query}" if query else "")), "rel": rel, "type": kind}
