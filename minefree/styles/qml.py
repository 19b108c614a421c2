"""A QGIS layer style (QML) built from a `Look` and the layer's fields, with xml.etree.

Every value (a label in any language, a code, a field name) goes in as an element attribute, so
ElementTree escapes it; nothing is pasted into XML text. Coded fields get a ValueMap edit widget:
QGIS and QField show the labels and offer them as a pick list, and store the code.
Format: what QGIS 3 writes to a .qml file (and to a GeoPackage's `layer_styles.styleQML`).
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from minefree.styles.looks import Look, Rule, hex_rgba

DOCTYPE = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
QGIS_VERSION = "3.22.0"  # the oldest QGIS (and QField 2) this style is written for
SYMBOL_TYPES = {"point": "marker", "line": "line", "polygon": "fill"}
GEOMETRY_CODES = {"point": "0", "line": "1", "polygon": "2"}
NAMESPACE = uuid.UUID("8c3b6a1e-2d7f-4f0a-9a55-6d1f0e3c2b10")  # rule keys stay the same run to run


@dataclass(frozen=True)
class FieldForm:
    """How QGIS shows one field: its alias, its choices (code, label) for a pick list, editable or not."""

    name: str
    alias: Any = ""
    choices: Sequence[tuple[Any, Any]] = ()
    editable: bool = True


def shape_of(geometry_type: str) -> str:
    """ "MULTIPOLYGON" or "Point" as point, line or polygon."""
    kind = geometry_type.upper()
    if "POINT" in kind:
        return "point"
    if "LINE" in kind:
        return "line"
    return "polygon"


def expression(rule: Rule) -> str:
    """The rule's filter in QGIS expression syntax, quotes doubled inside names and strings."""
    if rule.field is None:
        return ""
    name = rule.field.replace('"', '""')
    value = str(rule.value).replace("'", "''")
    return f"\"{name}\" = '{value}'"


def line_style(dash: str) -> str:
    """The web map's dashArray as a QGIS pen style: short dashes are dots."""
    if not dash:
        return "solid"
    return "dot" if dash.split()[0] in ("1", "2") else "dash"


def _options(parent: ET.Element, values: dict[str, str]) -> None:
    holder = ET.SubElement(parent, "Option", type="Map")
    for name, value in values.items():
        ET.SubElement(holder, "Option", name=name, type="QString", value=value)


def _symbol_layer(rule: Rule, shape: str) -> tuple[str, dict[str, str]]:
    outline = hex_rgba(rule.outline, 1.0) if rule.outline else "0,0,0,0"
    fill = hex_rgba(rule.fill, rule.opacity) if rule.fill else "0,0,0,0"
    if shape == "point":
        colour = hex_rgba(rule.fill or rule.outline or "#333333", 1.0)
        return "SimpleMarker", {
            "name": "circle",
            "color": colour,
            "outline_color": "35,35,35,255",
            "outline_width": "0.3",
            "outline_width_unit": "MM",
            "size": "3",
            "size_unit": "MM",
        }
    if shape == "line":
        return "SimpleLine", {
            "line_color": outline,
            "line_style": line_style(rule.dash),
            "line_width": str(rule.width),
            "line_width_unit": "MM",
        }
    return "SimpleFill", {
        "color": fill,
        "style": rule.brush if rule.fill else "no",
        "outline_color": outline,
        "outline_style": line_style(rule.dash) if rule.outline else "no",
        "outline_width": str(rule.width),
        "outline_width_unit": "MM",
        "joinstyle": "bevel",
    }


def _renderer(root: ET.Element, look: Look, shape: str, layer: str) -> None:
    renderer = ET.SubElement(
        root, "renderer-v2", type="RuleRenderer", symbollevels="0", enableorderby="0", forceraster="0"
    )
    rules = ET.SubElement(renderer, "rules", key="{" + str(uuid.uuid5(NAMESPACE, layer)) + "}")
    symbols = ET.SubElement(renderer, "symbols")
    for n, rule in enumerate(look.rules):
        key = "{" + str(uuid.uuid5(NAMESPACE, f"{layer}/{n}")) + "}"
        attributes = {"key": key, "symbol": str(n), "label": str(rule.label)}
        if rule.field is not None:
            attributes["filter"] = expression(rule)
        ET.SubElement(rules, "rule", attributes)
        symbol = ET.SubElement(
            symbols, "symbol", type=SYMBOL_TYPES[shape], name=str(n), alpha="1", clip_to_extent="1", force_rhr="0"
        )
        kind, values = _symbol_layer(rule, shape)
        layer_element = ET.SubElement(symbol, "layer", {"class": kind, "enabled": "1", "locked": "0", "pass": "0"})
        _options(layer_element, values)


def _fields(root: ET.Element, fields: Sequence[FieldForm]) -> None:
    configuration = ET.SubElement(root, "fieldConfiguration")
    aliases = ET.SubElement(root, "aliases")
    editable = ET.SubElement(root, "editable")
    for index, field in enumerate(fields):
        element = ET.SubElement(configuration, "field", name=field.name, configurationFlags="None")
        widget = ET.SubElement(element, "editWidget", type="ValueMap" if field.choices else "TextEdit")
        config = ET.SubElement(widget, "config")
        holder = ET.SubElement(config, "Option", type="Map")
        if field.choices:
            entries = ET.SubElement(holder, "Option", name="map", type="List")
            for code, label in field.choices:
                entry = ET.SubElement(entries, "Option", type="Map")
                ET.SubElement(entry, "Option", name=str(label), type="QString", value=str(code))
        ET.SubElement(aliases, "alias", field=field.name, index=str(index), name=str(field.alias or ""))
        ET.SubElement(editable, "field", name=field.name, editable="1" if field.editable else "0")


def qml(layer: str, look: Look, geometry_type: str, fields: Sequence[FieldForm] = ()) -> str:
    """The QML document for one layer: its rules, and its fields' aliases and pick lists."""
    shape = shape_of(geometry_type)
    root = ET.Element("qgis", version=QGIS_VERSION, styleCategories="Symbology|Fields|Forms")
    _renderer(root, look, shape, layer)
    _fields(root, fields)
    ET.SubElement(root, "layerGeometryType").text = GEOMETRY_CODES[shape]
    return DOCTYPE + ET.tostring(root, encoding="unicode")
