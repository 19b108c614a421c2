"""OGC API - Tiles: the tile matrix set, each collection's tileset list and tileset, and the
Mapbox vector tiles themselves (WebMercatorQuad), read through `restrict` like the features.

A tile holds the features' own properties (the public's fewer ones for the public) under a layer
named after the collection, each feature with its id; an empty tile is 204 No Content. A collection
whose web page has filters (the hazard map) takes the same ones on its tiles, for signed-in readers.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from rest_framework.request import Request

from minefree.ogcapi import links, mvt, tile_cache, tilematrix
from minefree.ogcapi.items import collection_or_404
from minefree.ogcapi.params import single
from minefree.ogcapi.properties import schema_of
from minefree.ogcapi.registry import Collection
from minefree.ogcapi.rows import Source, source
from minefree.ogcapi.service import LoginNeeded, OgcView

TILING_SCHEME = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"
TEMPLATE = "/{tileMatrix}/{tileRow}/{tileCol}"


def _matrix_set_link(request: Request, rel: str) -> dict[str, str]:
    return links.link(request, links.to("tilematrixset", tilematrix.NAME), rel, links.JSON, tilematrix.NAME)


class TileMatrixSetsView(OgcView):
    def get(self, request: Request) -> JsonResponse:
        single(request.GET, ("f",))
        return JsonResponse(
            {
                "tileMatrixSets": [
                    {
                        "id": tilematrix.NAME,
                        "title": tilematrix.definition()["title"],
                        "uri": tilematrix.URI,
                        "links": [_matrix_set_link(request, "self")],
                    }
                ]
            }
        )


class TileMatrixSetView(OgcView):
    def get(self, request: Request, matrix_set: str) -> JsonResponse:
        single(request.GET, ("f",))
        if matrix_set != tilematrix.NAME:
            raise Http404(_("No such tile matrix set; this service has WebMercatorQuad."))
        return JsonResponse(tilematrix.definition())


def _readable(request: Request, collection_id: str) -> Collection:
    collection = collection_or_404(collection_id)
    if collection.visible(request.user) is None:
        raise LoginNeeded
    return collection


def _tileset_summary(request: Request, collection: Collection) -> dict[str, Any]:
    return {
        "title": str(collection.title),
        "dataType": "vector",
        "crs": tilematrix.CRS,
        "tileMatrixSetURI": tilematrix.URI,
        "links": [
            links.link(request, links.to("tileset", collection.id, tilematrix.NAME), "self", links.JSON),
            _matrix_set_link(request, TILING_SCHEME),
        ],
    }


class TilesetsView(OgcView):
    def get(self, request: Request, collection_id: str) -> JsonResponse:
        single(request.GET, ("f",))
        collection = _readable(request, collection_id)
        own = links.link(request, links.to("tilesets", collection.id), "self", links.JSON, _("The tilesets"))
        return JsonResponse({"links": [own], "tilesets": [_tileset_summary(request, collection)]})


class TilesetView(OgcView):
    def get(self, request: Request, collection_id: str, matrix_set: str) -> JsonResponse:
        single(request.GET, ("f",))
        collection = _readable(request, collection_id)
        if matrix_set != tilematrix.NAME:
            raise Http404(_("No such tile matrix set; this service has WebMercatorQuad."))
        body = _tileset_summary(request, collection)
        template = request.build_absolute_uri(links.to("tileset", collection.id, tilematrix.NAME)) + TEMPLATE
        body["links"] += [
            {"href": template, "rel": "item", "type": links.MVT, "templated": True, "title": _("A vector tile")},
            links.link(request, links.to("collection", collection.id), "collection", links.JSON, collection.title),
        ]
        props = collection.properties_for(request.user)
        body["layers"] = [
            {
                "id": collection.id,
                "title": str(collection.title),
                "dataType": "vector",
                "geometryDimension": 0 if collection.geometry_type == "Point" else 2,
                "minTileMatrix": "0",
                "maxTileMatrix": str(tilematrix.MAX_ZOOM),
                "propertiesSchema": {
                    "type": "object",
                    "properties": {p.name: schema_of(collection.model, p) for p in props},
                },
            }
        ]
        return JsonResponse(body)


def _filtered(request: Request, collection: Collection, src: Source) -> tuple[Source, str]:
    """The rows narrowed by the collection's page filters, if any were asked for, and their text for the key."""
    names = collection.tile_filters[0] if collection.tile_filters and request.user.is_authenticated else ()
    single(request.GET, ("f", *names))
    asked = QueryDict(mutable=True)
    for name in names:
        values = [v for v in request.GET.getlist(name) if v]
        if values:
            asked.setlist(name, sorted(values))
    if not asked or collection.tile_filters is None:
        return src, ""
    return replace(src, rows=collection.tile_filters[1](asked, src.rows)), asked.urlencode()


class TileView(OgcView):
    def get(self, request: Request, collection_id: str, matrix_set: str, z: str, y: str, x: str) -> HttpResponse:
        collection = collection_or_404(collection_id)
        tile = tilematrix.tile(matrix_set, z, y, x)
        src, narrowed_by = _filtered(request, collection, source(collection, request.user, None))
        permissions = tile_cache.permission_key(collection, request.user)
        cache_key = tile_cache.key(collection, tile, permissions, tile_cache.data_version(), narrowed_by)
        tag = tile_cache.etag(cache_key)
        if tag in request.headers.get("If-None-Match", ""):
            response = HttpResponse(status=304)
        else:
            body = cache.get(cache_key)
            if body is None:
                body = mvt.encode(collection, src, tile)
                cache.set(cache_key, body, tile_cache.TIMEOUT)
            response = HttpResponse(body, content_type=links.MVT, status=200 if body else 204)
        response["ETag"] = tag
        # Kept by the reader's own browser only, and asked again each time: a cheap 304 until the data changes.
        response["Cache-Control"] = "private, no-cache"
        patch_vary_headers(response, ("Authorization", "Cookie"))
        return response
