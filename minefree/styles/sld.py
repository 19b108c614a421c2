"""The same style as OGC Styled Layer Descriptor 1.1 (Symbology Encoding), for clients other than QGIS.

Built with xml.etree like the QML (`qml.py`): labels and codes are attribute values or element text
that ElementTree escapes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from minefree.styles.looks import Look, Rule
from minefree.styles.qml import shape_of

SLD = "http://www.opengis.net/sld"
SE = "http://www.opengis.net/se"
OGC = "http://www.opengis.net/ogc"
SYMBOLIZERS = {"point": "PointSymbolizer", "line": "LineSymbolizer", "polygon": "PolygonSymbolizer"}
PIXELS_PER_MM = 3.78  # what QGIS uses turning millimetres into SLD's pixels

ET.register_namespace("", SLD)
ET.register_namespace("se", SE)
ET.register_namespace("ogc", OGC)


def _svg(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, f"{{{SE}}}SvgParameter", name=name).text = value


def _stroke(parent: ET.Element, rule: Rule) -> None:
    if not rule.outline:
        return
    stroke = ET.SubElement(parent, f"{{{SE}}}Stroke")
    _svg(stroke, "stroke", rule.outline)
    _svg(stroke, "stroke-width", f"{rule.width * PIXELS_PER_MM:.1f}")
    if rule.dash:
        _svg(stroke, "stroke-dasharray", rule.dash)


def _symbolizer(parent: ET.Element, rule: Rule, shape: str) -> None:
    symbolizer = ET.SubElement(parent, f"{{{SE}}}{SYMBOLIZERS[shape]}")
    if shape == "point":
        graphic = ET.SubElement(symbolizer, f"{{{SE}}}Graphic")
        mark = ET.SubElement(graphic, f"{{{SE}}}Mark")
        ET.SubElement(mark, f"{{{SE}}}WellKnownName").text = "circle"
        fill = ET.SubElement(mark, f"{{{SE}}}Fill")
        _svg(fill, "fill", rule.fill or rule.outline or "#333333")
        ET.SubElement(graphic, f"{{{SE}}}Size").text = "11"
        return
    if shape == "polygon" and rule.fill:
        fill = ET.SubElement(symbolizer, f"{{{SE}}}Fill")
        _svg(fill, "fill", rule.fill)
        _svg(fill, "fill-opacity", str(rule.opacity))
    _stroke(symbolizer, rule)


def sld(layer: str, look: Look, geometry_type: str) -> str:
    shape = shape_of(geometry_type)
    root = ET.Element(f"{{{SLD}}}StyledLayerDescriptor", version="1.1.0")
    named = ET.SubElement(root, f"{{{SLD}}}NamedLayer")
    ET.SubElement(named, f"{{{SE}}}Name").text = layer
    style = ET.SubElement(named, f"{{{SLD}}}UserStyle")
    ET.SubElement(style, f"{{{SE}}}Name").text = layer
    feature_style = ET.SubElement(style, f"{{{SE}}}FeatureTypeStyle")
    for rule in look.rules:
        element = ET.SubElement(feature_style, f"{{{SE}}}Rule")
        ET.SubElement(element, f"{{{SE}}}Name").text = str(rule.label)
        description = ET.SubElement(element, f"{{{SE}}}Description")
        ET.SubElement(description, f"{{{SE}}}Title").text = str(rule.label)
        if rule.field is not None:
            where = ET.SubElement(element, f"{{{OGC}}}Filter")
            equal = ET.SubElement(where, f"{{{OGC}}}PropertyIsEqualTo")
            ET.SubElement(equal, f"{{{OGC}}}PropertyName").text = rule.field
            ET.SubElement(equal, f"{{{OGC}}}Literal").text = str(rule.value)
        _symbolizer(element, rule, shape)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
