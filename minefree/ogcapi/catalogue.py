"""/ogc/collections, one collection's description, and its queryables (the properties filters take)."""

from __future__ import annotations

from typing import Any

from django.contrib.gis.db.models import Extent
from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework.request import Request

from minefree.gazetteer.models import Country
from minefree.ogcapi import links
from minefree.ogcapi.crs import CRS84, URIS
from minefree.ogcapi.items import collection_or_404
from minefree.ogcapi.params import single
from minefree.ogcapi.properties import schema_of
from minefree.ogcapi.registry import COLLECTIONS, Collection
from minefree.ogcapi.service import LoginNeeded, OgcView


def world_extent() -> tuple[float, ...]:
    """Where the data can lie: the countries recorded (reference data), not a scan of every row."""
    box = Country.objects.aggregate(box=Extent("boundary"))["box"]
    return tuple(round(n, 4) for n in box) if box else (-180.0, -90.0, 180.0, 90.0)


def describe(request: Request, collection: Collection) -> dict[str, Any]:
    own = links.to("collection", collection.id)
    out: dict[str, Any] = {
        "id": collection.id,
        "title": str(collection.title),
        "description": str(collection.description),
        "itemType": "feature",
        "extent": {"spatial": {"bbox": [list(world_extent())], "crs": CRS84}},
        "crs": list(URIS),
        "storageCrs": CRS84,
        "links": [
            links.link(request, own, "self", links.JSON, collection.title),
            links.link(request, links.to("items", collection.id), "items", links.GEOJSON, _("The features")),
            links.link(
                request,
                links.to("queryables", collection.id),
                "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                links.SCHEMA,
                _("The properties a filter may use"),
            ),
            links.link(
                request,
                links.to("tilesets", collection.id),
                "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector",
                links.JSON,
                _("Vector tiles"),
            ),
            links.link(
                request,
                links.to("styles", collection.id),
                "http://www.opengis.net/def/rel/ogc/1.0/styles",
                links.JSON,
                _("IMAS styles for QGIS (QML) and SLD"),
            ),
        ],
    }
    if collection.html:
        out["links"].append(links.link(request, collection.html(None), "alternate", links.HTML))
    return out


def _readable(request: Request) -> list[Collection]:
    return [c for c in COLLECTIONS.values() if c.visible(request.user) is not None]


class CollectionsView(OgcView):
    def get(self, request: Request) -> JsonResponse:
        single(request.GET, ("f",))
        return JsonResponse(
            {
                "links": [links.link(request, links.to("collections"), "self", links.JSON, _("The collections"))],
                "collections": [describe(request, c) for c in _readable(request)],
            }
        )


class CollectionView(OgcView):
    def get(self, request: Request, collection_id: str) -> JsonResponse:
        single(request.GET, ("f",))
        collection = collection_or_404(collection_id)
        if collection.visible(request.user) is None:
            raise LoginNeeded
        return JsonResponse(describe(request, collection))


def queryables(collection: Collection, user: Any) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "geometry": {"format": f"geometry-{collection.geometry_type.lower()}", "x-ogc-role": "primary-geometry"}
    }
    for prop in collection.properties_for(user):
        schema = dict(schema_of(collection.model, prop))
        if schema.pop("nullable", False):
            schema["type"] = [schema["type"], "null"]
        properties[prop.name] = schema
    return {
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "type": "object",
        "title": str(collection.title),
        "properties": properties,
        "additionalProperties": False,
    }


class QueryablesView(OgcView):
    def get(self, request: Request, collection_id: str) -> JsonResponse:
        single(request.GET, ("f",))
        collection = collection_or_404(collection_id)
        if collection.visible(request.user) is None:
            raise LoginNeeded
        body = queryables(collection, request.user)
        body["$id"] = request.build_absolute_uri()
        return JsonResponse(body, content_type=links.SCHEMA)
