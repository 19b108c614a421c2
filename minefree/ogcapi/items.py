"""/ogc/collections/{id}/items and /items/{featureId}: GeoJSON whose geometry text the database
writes, in the CRS asked for, a page at a time by key with `next` links to the end."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db.models import F
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from rest_framework.request import Request

from minefree.ogcapi import feature_sql, links
from minefree.ogcapi.crs import Crs, geojson_in, parse_crs
from minefree.ogcapi.params import parse_datetime, parse_items, single
from minefree.ogcapi.properties import schema_of
from minefree.ogcapi.registry import COLLECTIONS, Collection
from minefree.ogcapi.rows import Source, narrowed, one, paged, source
from minefree.ogcapi.service import OgcView


def collection_or_404(collection_id: str) -> Collection:
    collection = COLLECTIONS.get(collection_id)
    if collection is None:
        raise Http404(_("No such collection."))
    return collection


def _features(collection: Collection, src: Source, rows: Any, crs: Crs) -> list[tuple[int, str]]:
    """(id, Feature text) of each row, the text written by the database."""
    props = [(p, src.paths[p.name], schema_of(collection.model, p)) for p in src.props]
    text = feature_sql.feature(src.key, props, geojson_in(F(src.geometry), crs))
    return list(rows.annotate(ogc_feature=text).values_list(src.key, "ogc_feature"))


def _geojson(body: str, crs: Crs) -> HttpResponse:
    response = HttpResponse(body, content_type=f"{links.GEOJSON}; charset=utf-8")
    response["Content-Crs"] = crs.header
    return response


class ItemsView(OgcView):
    def get(self, request: Request, collection_id: str) -> HttpResponse:
        collection = collection_or_404(collection_id)
        names = tuple(p.name for p in collection.properties_for(request.user))
        query = parse_items(request.GET, names)
        src = source(collection, request.user, query.period)
        rows, backwards = paged(src, narrowed(collection, src, query), query)
        found = _features(collection, src, rows[: query.limit + 1], query.crs)
        more = len(found) > query.limit
        found = found[: query.limit]
        if backwards:
            found.reverse()
        page = [text for _key, text in found]
        page_links = [
            links.same_query(request, "self", links.GEOJSON),
            links.link(request, links.to("collection", collection.id), "collection", links.JSON, collection.title),
        ]
        if collection.html:
            page_links.append(
                links.link(request, collection.html(None), "alternate", links.HTML, _("This list as a web page"))
            )
        if found and (more if not backwards else True):
            page_links.append(links.same_query(request, "next", links.GEOJSON, after=found[-1][0], before=None))
        if found and (query.after is not None or (backwards and more)):
            page_links.append(links.same_query(request, "prev", links.GEOJSON, before=found[0][0], after=None))
        head = {
            "type": "FeatureCollection",
            "timeStamp": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "numberReturned": len(page),
            "links": page_links,
        }
        body = json.dumps(head)[:-1] + ',"features":[' + ",".join(page) + "]}"
        return _geojson(body, query.crs)


class ItemView(OgcView):
    def get(self, request: Request, collection_id: str, feature_id: int) -> HttpResponse:
        collection = collection_or_404(collection_id)
        params = single(request.GET, ("crs", "datetime", "f"))
        crs = parse_crs(params.get("crs"), "crs")
        src = source(collection, request.user, parse_datetime(params.get("datetime")))
        row = next(iter(_features(collection, src, one(src, feature_id), crs)), None)
        if row is None:
            # The same answer for "no such feature" and "not yours": ids reveal nothing.
            raise Http404(_("No such feature."))
        feature = json.loads(row[1])
        feature["links"] = [
            links.same_query(request, "self", links.GEOJSON),
            links.link(request, links.to("collection", collection.id), "collection", links.JSON, collection.title),
        ]
        if collection.html:
            feature["links"].append(links.link(request, collection.html(row[0]), "alternate", links.HTML))
        return _geojson(json.dumps(feature, ensure_ascii=False), crs)
