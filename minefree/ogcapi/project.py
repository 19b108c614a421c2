"""/ogc/project.qgs: a QGIS project with every collection the reader may read as an OGC API -
Features layer, drawn with its IMAS style (`styles.py`), opening on the home country.

`?authcfg=ID` names the reader's own QGIS authentication configuration (its 7-character id), which
every layer then uses; without it the layers open only what anonymous readers may read.
Built with xml.etree: names and labels are attributes or text that ElementTree escapes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from django.contrib.gis.gdal import SpatialReference
from django.contrib.gis.geos import Polygon
from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework.request import Request

from minefree.gazetteer.home import working_srids
from minefree.ogcapi import links
from minefree.ogcapi.catalogue import world_extent
from minefree.ogcapi.errors import BadParameter
from minefree.ogcapi.params import single
from minefree.ogcapi.registry import COLLECTIONS, Collection
from minefree.ogcapi.service import OgcView
from minefree.ogcapi.styles import collection_style
from minefree.styles.qml import DOCTYPE, QGIS_VERSION

AUTHCFG = re.compile(r"^[A-Za-z0-9]{7}$")  # QGIS's authentication configuration ids
CONTENT_TYPE = "application/x-qgis-project"
# Drawn top first: points over released land over hazardous areas over the administrative areas.
ORDER = {"MultiPolygon": 1, "Point": 0}
BOTTOM = ("admin-areas",)
WKB_TYPES = {"MultiPolygon": "MultiPolygon", "Point": "Point"}
GEOMETRY = {"MultiPolygon": "Polygon", "Point": "Point"}


def _spatialrefsys(parent: ET.Element, srid: int) -> None:
    reference = SpatialReference(srid)
    element = ET.SubElement(parent, "spatialrefsys")
    ET.SubElement(element, "wkt").text = reference.wkt
    ET.SubElement(element, "proj4").text = reference.proj4.strip()
    ET.SubElement(element, "srid").text = str(srid)
    ET.SubElement(element, "authid").text = f"EPSG:{srid}"
    ET.SubElement(element, "description").text = reference.name or f"EPSG:{srid}"
    ET.SubElement(element, "geographicflag").text = "true" if reference.geographic else "false"


def _quoted(value: str) -> str:
    """A value in a QGIS data source string: single quotes, with backslash and quote escaped."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def datasource(service: str, collection_id: str, authcfg: str) -> str:
    parts = {
        "pagingEnabled": "true",
        "pageSize": "1000",  # QGIS follows `next` to the last page either way; fewer requests
        "preferCoordinatesForWfsT11": "false",
        "restrictToRequestBBOX": "1",
        "typename": collection_id,
        "url": service,
        "version": "OGC_API_FEATURES",
    }
    if authcfg:
        parts["authcfg"] = authcfg
    return " ".join(f"{name}={_quoted(value)}" for name, value in sorted(parts.items()))


def _layer(layers: ET.Element, tree: ET.Element, collection: Collection, source: str, user: Any) -> None:
    layer_id = "minefree_" + collection.id.replace("-", "_")  # QGIS replaces an id of 10 characters or fewer
    title = str(collection.title)
    ET.SubElement(
        tree,
        "layer-tree-layer",
        id=layer_id,
        name=title,
        source=source,
        providerKey="OAPIF",
        checked="Qt::Checked",
        expanded="0",
    )
    element = ET.SubElement(
        layers,
        "maplayer",
        type="vector",
        geometry=GEOMETRY.get(collection.geometry_type, "Polygon"),
        wkbType=WKB_TYPES.get(collection.geometry_type, "MultiPolygon"),
    )
    ET.SubElement(element, "id").text = layer_id
    ET.SubElement(element, "datasource").text = source
    ET.SubElement(element, "layername").text = title
    ET.SubElement(element, "abstract").text = str(collection.description)
    _spatialrefsys(ET.SubElement(element, "srs"), 4326)
    ET.SubElement(element, "provider", encoding="UTF-8").text = "OAPIF"
    style = ET.fromstring(collection_style(collection, user).qml.removeprefix(DOCTYPE))
    for child in style:
        if child.tag != "layerGeometryType":
            element.append(child)


def _ordered(collections: list[Collection]) -> list[Collection]:
    def rank(c: Collection) -> tuple[int, int]:
        return (c.id in BOTTOM, ORDER.get(c.geometry_type, 1))

    return sorted(collections, key=rank)


def project(request: Request, authcfg: str) -> str:
    service = request.build_absolute_uri(links.to("landing"))
    srid = next(iter(working_srids()), 4326)  # the centre's own working system, where it has one
    root = ET.Element("qgis", projectname="MineFree", version=QGIS_VERSION)
    ET.SubElement(root, "title").text = _("MineFree: the national record")
    _spatialrefsys(ET.SubElement(root, "projectCrs"), srid)
    # QGIS reads `projectCrs` only when the project says it has one.
    properties = ET.SubElement(ET.SubElement(root, "properties"), "SpatialRefSys")
    ET.SubElement(properties, "ProjectionsEnabled", type="int").text = "1"
    canvas = ET.SubElement(root, "mapcanvas", name="theMapCanvas", annotationsVisible="1")
    ET.SubElement(canvas, "units").text = "degrees" if srid == 4326 else "meters"
    west, south, east, north = world_extent()
    box = Polygon.from_bbox((west, south, east, north))
    box.srid = 4326
    west, south, east, north = box.transform(srid, clone=True).extent if srid != 4326 else box.extent
    extent = ET.SubElement(canvas, "extent")
    for name, value in (("xmin", west), ("ymin", south), ("xmax", east), ("ymax", north)):
        ET.SubElement(extent, name).text = str(round(value, 6))
    _spatialrefsys(ET.SubElement(canvas, "destinationsrs"), srid)
    tree = ET.SubElement(root, "layer-tree-group")
    ET.SubElement(tree, "customproperties")
    layers = ET.SubElement(root, "projectlayers")
    readable = [c for c in COLLECTIONS.values() if c.visible(request.user) is not None]
    for collection in _ordered(readable):
        _layer(layers, tree, collection, datasource(service, collection.id, authcfg), request.user)
    return DOCTYPE + ET.tostring(root, encoding="unicode")


class ProjectView(OgcView):
    def get(self, request: Request) -> HttpResponse:
        authcfg = single(request.GET, ("f", "authcfg")).get("authcfg", "")
        if authcfg and not AUTHCFG.match(authcfg):
            raise BadParameter("authcfg", _("authcfg is the 7-character id of a QGIS authentication configuration."))
        response = HttpResponse(project(request, authcfg), content_type=f"{CONTENT_TYPE}; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="minefree.qgs"'
        return response
