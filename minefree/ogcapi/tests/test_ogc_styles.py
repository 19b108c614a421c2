"""The OGC collections' styles (OGC API - Styles: QML and SLD) and the QGIS project, read under the
same rule as the collections: what a reader may not read, its style is not given either."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.test import Client
from django.utils import translation

from minefree.hazards.models import Status
from minefree.hazards.symbology import OUTLINE
from minefree.ogcapi.registry import COLLECTIONS
from minefree.ogcapi.tests.openapi_check import check
from minefree.styles.looks import hex_rgba
from minefree.styles.tests.test_geopackage_styles import assert_hazard_symbology, rules, value_map

STYLE = "/ogc/collections/{}/styles/default"


def test_every_collection_lists_its_style_as_qml_and_sld(persona):
    client = persona("tnmac.im")
    document = client.get("/ogc/api").json()
    for collection_id in COLLECTIONS:
        listed = client.get(f"/ogc/collections/{collection_id}/styles").json()
        check(document, f"/collections/{collection_id}/styles", 200, listed)
        types = {link["type"] for link in listed["styles"][0]["links"]}
        assert types == {"application/vnd.qgis.qml", "application/vnd.ogc.sld+xml;version=1.1"}
        qml = client.get(STYLE.format(collection_id))
        assert qml["Content-Type"].startswith("application/vnd.qgis.qml")
        assert rules(qml.content.decode()), collection_id
        sld = client.get(STYLE.format(collection_id) + "?f=sld")
        assert ET.fromstring(sld.content.split(b"\n", 1)[1]).tag.endswith("StyledLayerDescriptor")
    described = client.get("/ogc/collections/land-release").json()
    assert any(link["rel"].endswith("/styles") for link in described["links"])


def test_the_hazard_style_has_the_imas_colours_and_pick_lists_in_the_readers_language(persona):
    client = persona("tnmac.im")
    qml = client.get(STYLE.format("hazardous-areas")).content.decode()
    assert_hazard_symbology(qml)
    assert hex_rgba(OUTLINE["worked_on"][0]) in {outline for *_rest, outline in rules(qml)}
    client.post("/i18n/setlang/", {"language": "tg", "next": "/"})
    translated = value_map(client.get(STYLE.format("hazardous-areas")).content.decode(), "status")
    with translation.override("tg"):
        assert translated == {code: str(label) for code, label in Status.choices}


def test_the_public_gets_the_style_of_what_it_may_read_only(db):
    anonymous = Client()
    assert anonymous.get(STYLE.format("admin-areas")).status_code == 200
    for collection_id in ("accidents", "hazardous-areas", "land-release"):
        for url in (f"/ogc/collections/{collection_id}/styles", STYLE.format(collection_id)):
            answer = anonymous.get(url)
            assert answer.status_code == 401 and "WWW-Authenticate" in answer, url
    assert Client().get("/ogc/collections/nothing/styles").status_code == 404


def test_the_qgis_project_adds_each_readable_collection_with_its_style_and_auth(persona):
    client = persona("tnmac.im")
    answer = client.get("/ogc/project.qgs?authcfg=mf01abc")
    assert answer.status_code == 200 and 'filename="minefree.qgs"' in answer["Content-Disposition"]
    root = ET.fromstring(answer.content.decode().split("\n", 1)[1])
    layers = {m.findtext("id"): m for m in root.iter("maplayer")}
    assert set(layers) == {"minefree_" + c.replace("-", "_") for c in COLLECTIONS}
    hazards = layers["minefree_hazardous_areas"]
    assert hazards.findtext("provider") == "OAPIF"
    source = hazards.findtext("datasource") or ""
    assert "typename='hazardous-areas'" in source and "authcfg='mf01abc'" in source and "/ogc/'" in source
    assert hazards.find("renderer-v2") is not None and hazards.find("fieldConfiguration") is not None
    assert root.findtext("projectCrs/spatialrefsys/authid") == "EPSG:32642"  # the centre's working system
    order = [layer.get("id") for layer in root.iter("layer-tree-layer")]
    assert order.index("minefree_ordnance") < order.index("minefree_land_release") < order.index("minefree_admin_areas")

    public = ET.fromstring(Client().get("/ogc/project.qgs").content.decode().split("\n", 1)[1])
    assert [m.findtext("id") for m in public.iter("maplayer")] == ["minefree_admin_areas"]
    refused = client.get("/ogc/project.qgs?authcfg=x'%20url='evil")
    assert refused.status_code == 400 and refused.json()["parameter"] == "authcfg"
