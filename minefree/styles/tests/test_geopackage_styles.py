"""Styles travel with the data: every GeoPackage MineFree writes carries QGIS's `layer_styles` with
the IMAS colours the web map uses, and pick lists of the coded fields in the reader's language."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import pyogrio
import pytest
from django.contrib.auth.models import User
from django.utils import translation

from minefree.exports.tests.helpers import exported
from minefree.geopackage.geopackage_export import export_geopackage
from minefree.hazards.models import Classification, ReleaseKind, Status
from minefree.hazards.symbology import FILL, OUTLINE, RELEASED
from minefree.organisations.models import Organisation
from minefree.styles.looks import hex_rgba


def styles_in(path: Path) -> dict[str, dict[str, Any]]:
    """The `layer_styles` rows of a GeoPackage as GDAL reads them, by table name."""
    assert "layer_styles" in [name for name, _kind in pyogrio.list_layers(path)]
    _meta, _fids, _geometry, values = pyogrio.raw.read(path, layer="layer_styles", read_geometry=False)
    names = list(_meta["fields"])
    rows = [dict(zip(names, (column[i] for column in values), strict=True)) for i in range(len(values[0]))]
    return {row["f_table_name"]: row for row in rows}


def rules(qml: str) -> list[tuple[str, str, str, str]]:
    """(filter, label, fill colour, outline colour) of each rule of a QML rule-based renderer."""
    root = ET.fromstring(qml.split("\n", 1)[1])  # after the DOCTYPE line
    symbols = {s.get("name"): s for s in root.iter("symbol")}
    out = []
    for rule in root.iter("rule"):
        options = {o.get("name"): o.get("value") for o in symbols[rule.get("symbol")].iter("Option") if o.get("name")}
        out.append(
            (rule.get("filter", ""), rule.get("label", ""), options.get("color", ""), options.get("outline_color", ""))
        )
    return out


def value_map(qml: str, field: str) -> dict[str, str]:
    """A field's pick list in a QML: label by stored code."""
    root = ET.fromstring(qml.split("\n", 1)[1])
    for element in root.iter("field"):
        if element.get("name") == field and element.find("editWidget") is not None:
            widget = element.find("editWidget")
            assert widget is not None and widget.get("type") == "ValueMap"
            return {o.get("value"): o.get("name") for o in widget.iter("Option") if o.get("value") is not None}
    raise AssertionError(f"no edit widget for {field}")


def assert_hazard_symbology(qml: str) -> None:
    found = rules(qml)
    fills = {f: fill for f, _label, fill, _outline in found if f.startswith('"classification"')}
    outlines = {f: outline for f, _label, _fill, outline in found if f.startswith('"status"')}
    assert fills == {f"\"classification\" = '{code}'": hex_rgba(FILL[code], 0.5) for code in FILL}
    assert outlines == {f"\"status\" = '{code}'": hex_rgba(colour, 1.0) for code, (colour, _dash) in OUTLINE.items()}


def test_a_hazard_export_styles_its_layer_with_the_web_maps_imas_colours_and_pick_lists(persona, tmp_path: Path):
    client = persona("tnmac.im")
    path = tmp_path / "hazards.gpkg"
    path.write_bytes(exported(client, "hazards", "gpkg", "status=open"))
    row = styles_in(path)["hazards"]
    assert row["f_geometry_column"] == "geom" and row["useAsDefault"] in (1, True)
    assert_hazard_symbology(row["styleQML"])
    assert value_map(row["styleQML"], "status") == {code: str(label) for code, label in Status.choices}
    assert value_map(row["styleQML"], "classification")["CHA"] == "Confirmed hazardous area"
    sld = ET.fromstring(row["styleSLD"].split("\n", 1)[1])
    assert "#FF0000" in {e.text for e in sld.iter("{http://www.opengis.net/se}SvgParameter")}


def test_pick_list_labels_follow_the_exporting_users_language(persona, tmp_path: Path):
    client = persona("tnmac.im")
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    path = tmp_path / "hazards.gpkg"
    path.write_bytes(exported(client, "hazards", "gpkg", "status=open"))
    qml = styles_in(path)["hazards"]["styleQML"]
    with translation.override("ru"):
        expected = {code: str(label) for code, label in Status.choices}
    assert value_map(qml, "status") == expected and expected["open"] != "Open"


def test_the_land_release_export_shows_how_land_was_released(persona, tmp_path: Path):
    client = persona("tnmac.im")
    path = tmp_path / "land.gpkg"
    path.write_bytes(exported(client, "land-release", "gpkg"))
    qml = styles_in(path)["land_release"]["styleQML"]
    found = rules(qml)
    assert [f for f, *_ in found] == [f"\"kind\" = '{code}'" for code in ReleaseKind.values]
    assert {fill for _f, _l, fill, _o in found} == {hex_rgba(RELEASED, 0.5)}
    assert [label for _f, label, *_ in found] == [str(label) for _c, label in ReleaseKind.choices]


def test_the_field_round_trip_geopackage_locks_what_the_team_may_not_change(db, tmp_path: Path):
    path = tmp_path / "round-trip.gpkg"
    export_geopackage(User.objects.get(username="npa.clerk"), Organisation.objects.get(acronym="NPA"), path)
    styles = styles_in(path)
    assert set(styles) == {"hazard_areas", "land_release", "minefree_export"}
    qml = styles["hazard_areas"]["styleQML"]
    assert_hazard_symbology(qml)
    assert value_map(qml, "contamination")["ap_mines"] == "Anti-personnel mines"
    editable = {e.get("name"): e.get("editable") for e in ET.fromstring(qml.split("\n", 1)[1]).find("editable") or []}
    assert editable["minefree_id"] == "0" and editable["reference"] == "0" and editable["status"] == "1"
    assert value_map(styles["land_release"]["styleQML"], "method")["dogs"] == "Mine detection dogs"


def test_the_shapefile_zip_carries_the_style_on_its_short_field_names(persona):
    client = persona("tnmac.im")
    with zipfile.ZipFile(io.BytesIO(exported(client, "hazards", "shp", "status=open"))) as archive:
        qml = archive.read("hazards.qml").decode()
    filters = {f for f, *_ in rules(qml)}
    assert f"\"class\" = '{Classification.CHA}'" in filters and "\"status\" = 'open'" in filters
    assert value_map(qml, "contam")["at_mines"] == "Anti-tank mines"


@pytest.mark.engine_free
def test_a_label_with_markup_is_escaped_not_pasted_into_the_qml() -> None:
    from minefree.styles.looks import Look, Rule
    from minefree.styles.qml import FieldForm, qml

    hostile = '</rule><x a="1">&amp; it\'s'
    text = qml(
        "t",
        Look((Rule(hostile, "#FF0000", None, "kind", hostile),)),
        "POLYGON",
        [FieldForm("kind", hostile, [(hostile, hostile)])],
    )
    root = ET.fromstring(text.split("\n", 1)[1])
    rule = next(root.iter("rule"))
    assert rule.get("label") == hostile and rule.get("filter") == '"kind" = \'' + hostile.replace("'", "''") + "'"
    assert value_map(text, "kind") == {hostile: hostile}
