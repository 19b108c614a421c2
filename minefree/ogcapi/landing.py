"""/ogc/ and /ogc/conformance: where a GIS client starts, and the conformance classes served."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework.request import Request

from minefree.ogcapi import links
from minefree.ogcapi.params import single
from minefree.ogcapi.service import OgcView

# Only what is implemented: Part 1 Core with GeoJSON and OpenAPI 3.0, Part 2 CRS, and Part 3
# filtering with CQL2 text (basic CQL2, LIKE/IN/BETWEEN, S_INTERSECTS with a point, BBOX or WKT);
# OGC API - Tiles: each collection's Mapbox vector tiles in WebMercatorQuad (tiles.py).
CONFORMANCE = (
    "http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-common-2/1.0/conf/collections",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/tms/2.0/conf/tilematrixset",
    "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset",
)


class LandingView(OgcView):
    def get(self, request: Request) -> JsonResponse:
        single(request.GET, ("f",))
        return JsonResponse(
            {
                "title": _("MineFree: OGC API - Features"),
                "description": _(
                    "Hazardous areas, land release, ordnance, accidents, risk education, quality findings "
                    "and administrative areas, as the reader may see them."
                ),
                "links": [
                    links.link(request, links.to("landing"), "self", links.JSON, _("This document")),
                    links.link(request, links.to("openapi"), "service-desc", links.OPENAPI, _("The API definition")),
                    links.link(request, links.to("conformance"), "conformance", links.JSON, _("Conformance classes")),
                    links.link(request, links.to("collections"), "data", links.JSON, _("The collections")),
                    links.link(
                        request,
                        links.to("tilematrixsets"),
                        "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes",
                        links.JSON,
                        _("Tile matrix sets"),
                    ),
                ],
            }
        )


class ConformanceView(OgcView):
    def get(self, request: Request) -> JsonResponse:
        single(request.GET, ("f",))
        return JsonResponse({"conformsTo": list(CONFORMANCE)})
