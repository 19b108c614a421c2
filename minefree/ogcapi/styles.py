"""/ogc/collections/{id}/styles: each collection's IMAS style as QML (QGIS) and SLD (OGC API - Styles).

Read under the same rule as the collection: anonymous readers get the style of a public collection
only, built on the properties they may read; the pick lists are in the reader's language.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from rest_framework.request import Request

from minefree.ogcapi import links
from minefree.ogcapi.errors import BadParameter
from minefree.ogcapi.items import collection_or_404
from minefree.ogcapi.params import single
from minefree.ogcapi.registry import Collection
from minefree.ogcapi.service import LoginNeeded, OgcView
from minefree.styles.imas import field_forms, look_for
from minefree.styles.layer_styles import LayerStyle, layer_style

STYLE_ID = "default"
QML = "application/vnd.qgis.qml"
SLD = "application/vnd.ogc.sld+xml;version=1.1"
FORMATS = {"qml": QML, "sld": SLD}
STYLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/styles"


def collection_style(collection: Collection, user: Any) -> LayerStyle:
    """The collection's look, its properties as QGIS fields (aliases, pick lists): the reader's ones."""
    props = collection.properties_for(user)
    forms = field_forms(collection.model, [(p.name, p.path) for p in props], [p.name for p in props])
    look = look_for(collection.model, collection.title)
    return layer_style(collection.id, look, collection.geometry_type, forms, collection.description)


def readable(request: Request, collection_id: str) -> Collection:
    collection = collection_or_404(collection_id)
    if collection.visible(request.user) is None:
        raise LoginNeeded
    return collection


def stylesheet_links(request: Request, collection: Collection) -> list[dict[str, str]]:
    path = links.to("style", collection.id, STYLE_ID)
    return [
        links.link(request, path, "stylesheet", QML, _("QGIS style (QML)"), f="qml"),
        links.link(request, path, "stylesheet", SLD, _("Styled Layer Descriptor 1.1"), f="sld"),
    ]


class StylesView(OgcView):
    def get(self, request: Request, collection_id: str) -> JsonResponse:
        single(request.GET, ("f",))
        collection = readable(request, collection_id)
        own = links.to("styles", collection.id)
        return JsonResponse(
            {
                "default": STYLE_ID,
                "styles": [
                    {
                        "id": STYLE_ID,
                        "title": _("IMAS symbology: %(title)s") % {"title": collection.title},
                        "links": stylesheet_links(request, collection),
                    }
                ],
                "links": [links.link(request, own, "self", links.JSON, _("The styles of this collection"))],
            }
        )


class StyleView(OgcView):
    """One style: `f=qml` (the default) or `f=sld`; an Accept header naming SLD also gets SLD."""

    def get(self, request: Request, collection_id: str, style_id: str) -> HttpResponse:
        asked = single(request.GET, ("f",)).get("f", "")
        collection = readable(request, collection_id)
        if style_id != STYLE_ID:
            raise Http404(_("No such style."))
        if not asked:
            asked = "sld" if "sld" in request.headers.get("Accept", "") else "qml"
        if asked not in FORMATS:
            raise BadParameter("f", _("f is qml or sld."))
        style = collection_style(collection, request.user)
        body = style.qml if asked == "qml" else style.sld
        response = HttpResponse(body, content_type=f"{FORMATS[asked]}; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{collection.id}.{asked}"'
        return response
