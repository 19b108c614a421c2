"""/ogc/api: the OpenAPI 3.0 document of the service, built from the declared collections, so each
collection's items path lists its own property filters and its features' property schemas; its
tiles paths follow (OGC API - Tiles)."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework.request import Request

from minefree.ogcapi import links, tilematrix
from minefree.ogcapi.crs import CRS84, URIS
from minefree.ogcapi.params import DEFAULT_LIMIT, MAX_LIMIT, single
from minefree.ogcapi.properties import schema_of
from minefree.ogcapi.registry import COLLECTIONS, Collection
from minefree.ogcapi.service import OgcView

REF = "#/components/schemas/"


def _query(name: str, schema: dict[str, Any], description: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description, **extra}


def _json(schema_name: str, media: str = links.JSON) -> dict[str, Any]:
    return {"content": {media: {"schema": {"$ref": REF + schema_name}}}}


def _get(operation: str, summary: Any, responses: dict[str, Any]) -> dict[str, Any]:
    """A path answering GET only, as most of this service's do."""
    return {"get": {"operationId": operation, "summary": summary, "responses": responses}}


def _answers(ok: dict[str, Any], *refusals: int) -> dict[str, Any]:
    words = {400: _("A parameter refused (the description names it)"), 401: _("Log in first"), 404: _("Not found")}
    out = {"200": {"description": _("Success"), **ok}}
    for status in refusals:
        out[str(status)] = {"description": words[status], **_json("exception")}
    return out


CRS_PARAMETER = {"type": "string", "format": "uri", "enum": list(URIS), "default": CRS84}
STYLE_TYPES = ("application/vnd.qgis.qml", "application/vnd.ogc.sld+xml;version=1.1")
PROJECT_TYPE = "application/x-qgis-project"
COMMON_SCHEMAS: dict[str, Any] = {
    "styles": {
        "type": "object",
        "required": ["styles", "links"],
        "properties": {
            "default": {"type": "string"},
            "styles": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "links"],
                    "properties": {
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "links": {"type": "array", "items": {"$ref": REF + "link"}},
                    },
                },
            },
            "links": {"type": "array", "items": {"$ref": REF + "link"}},
        },
    },
    "link": {
        "type": "object",
        "required": ["href", "rel"],
        "properties": {p: {"type": "string"} for p in ("href", "rel", "type", "title")},
    },
    "exception": {
        "type": "object",
        "required": ["code"],
        "properties": {p: {"type": "string"} for p in ("code", "description", "parameter")},
    },
    "landingPage": {
        "type": "object",
        "required": ["links"],
        "properties": {
            "title": {"type": "string"},
            "description": {"type": "string"},
            "links": {"type": "array", "items": {"$ref": REF + "link"}},
        },
    },
    "confClasses": {
        "type": "object",
        "required": ["conformsTo"],
        "properties": {"conformsTo": {"type": "array", "items": {"type": "string"}}},
    },
    "collection": {
        "type": "object",
        "required": ["id", "links"],
        "properties": {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "itemType": {"type": "string"},
            "links": {"type": "array", "items": {"$ref": REF + "link"}},
            "extent": {"type": "object"},
            "crs": {"type": "array", "items": {"type": "string"}},
            "storageCrs": {"type": "string"},
        },
    },
    "collections": {
        "type": "object",
        "required": ["links", "collections"],
        "properties": {
            "links": {"type": "array", "items": {"$ref": REF + "link"}},
            "collections": {"type": "array", "items": {"$ref": REF + "collection"}},
        },
    },
    "geometryGeoJSON": {
        "type": "object",
        "required": ["type"],
        "properties": {
            "type": {
                "type": "string",
                "enum": ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"],
            },
            "coordinates": {"type": "array"},
        },
    },
    "queryables": {"type": "object", "required": ["type", "properties"]},
    "tileMatrixSets": {
        "type": "object",
        "required": ["tileMatrixSets"],
        "properties": {
            "tileMatrixSets": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "links"],
                    "properties": {
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "uri": {"type": "string"},
                        "links": {"type": "array", "items": {"$ref": REF + "link"}},
                    },
                },
            }
        },
    },
    "tileMatrixSet": {
        "type": "object",
        "required": ["id", "crs", "tileMatrices"],
        "properties": {
            "id": {"type": "string"},
            "uri": {"type": "string"},
            "crs": {"type": "string"},
            "tileMatrices": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "scaleDenominator", "cellSize", "pointOfOrigin", "matrixWidth", "matrixHeight"],
                },
            },
        },
    },
    "tileSet": {
        "type": "object",
        "required": ["dataType", "crs", "links"],
        "properties": {
            "title": {"type": "string"},
            "dataType": {"type": "string", "enum": ["vector"]},
            "crs": {"type": "string"},
            "tileMatrixSetURI": {"type": "string"},
            "links": {"type": "array", "items": {"$ref": REF + "link"}},
            "layers": {"type": "array", "items": {"type": "object", "required": ["id"]}},
        },
    },
    "tileSets": {
        "type": "object",
        "required": ["tilesets"],
        "properties": {
            "links": {"type": "array", "items": {"$ref": REF + "link"}},
            "tilesets": {"type": "array", "items": {"$ref": REF + "tileSet"}},
        },
    },
}


def _path(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def tile_paths(collection: Collection, base: str, name: str) -> dict[str, Any]:
    """The collection's tilesets, its WebMercatorQuad tileset and its vector tiles (tiles.py)."""
    matrix_set = {**_path("tileMatrixSetId"), "schema": {"type": "string", "enum": [tilematrix.NAME]}}
    tile_answers = _answers({"content": {links.MVT: {"schema": {"type": "string", "format": "binary"}}}}, 400, 401, 404)
    tile_answers["204"] = {"description": _("No feature in this tile")}
    return {
        f"{base}/tiles": {
            "get": {
                "operationId": f"tilesets_{name}",
                "summary": _("Vector tilesets"),
                "responses": _answers(_json("tileSets"), 401, 404),
            }
        },
        f"{base}/tiles/{{tileMatrixSetId}}": {
            "get": {
                "operationId": f"tileset_{name}",
                "summary": _("Vector tileset"),
                "parameters": [matrix_set],
                "responses": _answers(_json("tileSet"), 401, 404),
            }
        },
        f"{base}/tiles/{{tileMatrixSetId}}/{{tileMatrix}}/{{tileRow}}/{{tileCol}}": {
            "get": {
                "operationId": f"tile_{name}",
                "summary": _("A vector tile"),
                "parameters": [matrix_set, _path("tileMatrix"), _path("tileRow"), _path("tileCol")],
                "responses": tile_answers,
            }
        },
    }


def feature_schema(collection: Collection, user: Any) -> dict[str, Any]:
    props = collection.properties_for(user)
    return {
        "type": "object",
        "required": ["type", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"type": "integer"},
            "geometry": {"allOf": [{"$ref": REF + "geometryGeoJSON"}], "nullable": True},
            "properties": {
                "type": "object",
                "required": [p.name for p in props],
                "additionalProperties": False,
                "properties": {p.name: schema_of(collection.model, p) for p in props},
            },
            "links": {"type": "array", "items": {"$ref": REF + "link"}},
        },
    }


def feature_collection_schema(feature: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": {"type": "array", "items": {"$ref": REF + feature}},
            "links": {"type": "array", "items": {"$ref": REF + "link"}},
            "timeStamp": {"type": "string", "format": "date-time"},
            "numberReturned": {"type": "integer", "minimum": 0},
        },
    }


def items_parameters(collection: Collection, user: Any) -> list[dict[str, Any]]:
    out = [
        _query(
            "limit",
            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
            _("Features a page; follow the next link for the rest."),
            style="form",
            explode=False,
        ),
        _query(
            "bbox",
            {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
            _("minx,miny,maxx,maxy in bbox-crs"),
            style="form",
            explode=False,
        ),
        _query("bbox-crs", CRS_PARAMETER, _("The CRS of bbox")),
        _query("crs", CRS_PARAMETER, _("The CRS of the geometries returned")),
        _query("datetime", {"type": "string"}, _("A date or an interval (start/end, .. for open)")),
        _query("filter", {"type": "string"}, _("A CQL2 text filter on the queryables")),
        _query("filter-lang", {"type": "string", "enum": ["cql2-text"], "default": "cql2-text"}, _("Filter language")),
        _query("filter-crs", CRS_PARAMETER, _("The CRS of geometries in the filter")),
        _query("after", {"type": "integer"}, _("Paging key, from a next link")),
        _query("before", {"type": "integer"}, _("Paging key, from a prev link")),
        _query("f", {"type": "string", "enum": ["json", "geojson"]}, _("Format")),
    ]
    for prop in collection.properties_for(user):
        schema = {k: v for k, v in schema_of(collection.model, prop).items() if k not in ("nullable", "title")}
        out.append(_query(prop.name, schema, _("Only features with this value")))
    return out


def document(request: Request) -> dict[str, Any]:
    user = request.user
    schemas = dict(COMMON_SCHEMAS)
    paths: dict[str, Any] = {
        "/": _get("landingPage", _("Landing page"), _answers(_json("landingPage"))),
        "/conformance": _get("getConformance", _("Conformance classes"), _answers(_json("confClasses"))),
        "/api": {
            "get": {
                "operationId": "getApi",
                "summary": _("This document"),
                "responses": {
                    "200": {"description": _("Success"), "content": {links.OPENAPI: {"schema": {"type": "object"}}}}
                },
            }
        },
        "/collections": _get("getCollections", _("The collections"), _answers(_json("collections"))),
        "/tileMatrixSets": _get("getTileMatrixSetsList", _("Tile matrix sets"), _answers(_json("tileMatrixSets"))),
        "/tileMatrixSets/{tileMatrixSetId}": {
            "get": {
                "operationId": "getTileMatrixSet",
                "summary": tilematrix.NAME,
                "parameters": [_path("tileMatrixSetId")],
                "responses": _answers(_json("tileMatrixSet"), 404),
            }
        },
    }
    for collection in COLLECTIONS.values():
        if collection.visible(user) is None:
            continue
        name = collection.id.replace("-", "_")
        schemas[f"feature_{name}"] = feature_schema(collection, user)
        schemas[f"featureCollection_{name}"] = feature_collection_schema(f"feature_{name}")
        base = f"/collections/{collection.id}"
        paths[base] = {
            "get": {
                "operationId": f"describe_{name}",
                "summary": str(collection.title),
                "responses": _answers(_json("collection"), 401, 404),
            }
        }
        paths[f"{base}/queryables"] = {
            "get": {
                "operationId": f"queryables_{name}",
                "summary": _("Queryables"),
                "responses": _answers(_json("queryables", links.SCHEMA), 401, 404),
            }
        }
        paths[f"{base}/items"] = {
            "get": {
                "operationId": f"items_{name}",
                "summary": str(collection.description),
                "parameters": items_parameters(collection, user),
                "responses": _answers(_json(f"featureCollection_{name}", links.GEOJSON), 400, 401),
            }
        }
        paths[f"{base}/items/{{featureId}}"] = {
            "get": {
                "operationId": f"item_{name}",
                "summary": _("One feature"),
                "parameters": [
                    {"name": "featureId", "in": "path", "required": True, "schema": {"type": "integer"}},
                    _query("crs", CRS_PARAMETER, _("The CRS of the geometry returned")),
                    _query("datetime", {"type": "string"}, _("The day, for collections with a state per day")),
                ],
                "responses": _answers(_json(f"feature_{name}", links.GEOJSON), 400, 401, 404),
            }
        }
        paths.update(tile_paths(collection, base, name))
        paths[f"{base}/styles"] = {
            "get": {
                "operationId": f"styles_{name}",
                "summary": _("Its styles (OGC API - Styles)"),
                "responses": _answers(_json("styles"), 401, 404),
            }
        }
        paths[f"{base}/styles/{{styleId}}"] = {
            "get": {
                "operationId": f"style_{name}",
                "summary": _("One style, as QML (f=qml) or SLD (f=sld)"),
                "parameters": [
                    {"name": "styleId", "in": "path", "required": True, "schema": {"type": "string"}},
                    _query("f", {"type": "string", "enum": ["qml", "sld"]}, _("The style's format")),
                ],
                "responses": _answers(
                    {"content": {m: {"schema": {"type": "string"}} for m in STYLE_TYPES}}, 400, 401, 404
                ),
            }
        }
    paths["/project.qgs"] = {
        "get": {
            "operationId": "getQgisProject",
            "summary": _("A QGIS project with the collections as styled layers"),
            "parameters": [
                _query("authcfg", {"type": "string"}, _("The id of your QGIS authentication configuration"))
            ],
            "responses": _answers({"content": {PROJECT_TYPE: {"schema": {"type": "string"}}}}, 400),
        }
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "MineFree OGC API - Features and Tiles",
            "version": "1.0",
            "description": str(_("What this reader may see; log in to see more.")),
        },
        "servers": [{"url": request.build_absolute_uri(links.to("landing")).rstrip("/")}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


class OpenApiView(OgcView):
    def get(self, request: Request) -> JsonResponse:
        single(request.GET, ("f",))
        return JsonResponse(document(request), content_type=links.OPENAPI)
