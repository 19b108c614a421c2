"""QGIS's `layer_styles` table in a GeoPackage: the style QGIS and QField apply when the layer opens.

The table is the one QGIS itself writes (*Save Style → In Database*), listed in gpkg_contents as an
attributes table so GDAL and QGIS see it; one default row per styled layer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from minefree.styles.looks import Look
from minefree.styles.qml import FieldForm, qml
from minefree.styles.sld import sld

TABLE = "layer_styles"
CREATE = """
CREATE TABLE layer_styles (
    id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
    f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT,
    useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
    update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))
"""
OWNER = "MineFree"


@dataclass(frozen=True)
class LayerStyle:
    name: str
    qml: str
    sld: str
    description: str = ""


def layer_style(
    layer: str, look: Look, geometry_type: str, fields: Sequence[FieldForm] = (), description: Any = ""
) -> LayerStyle:
    """One layer's style in both languages QGIS reads, named after the layer."""
    return LayerStyle(layer, qml(layer, look, geometry_type, fields), sld(layer, look, geometry_type), str(description))


def write_layer_styles(connection: sqlite3.Connection, styles: Sequence[tuple[str, str, LayerStyle]]) -> None:
    """(table, geometry column, style) rows, each the table's default style."""
    if not styles:
        return
    connection.execute(CREATE)
    connection.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES (?, 'attributes', ?, ?)",
        (TABLE, TABLE, "QGIS layer styles (IMAS symbology, pick lists)"),
    )
    connection.executemany(
        "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName,"
        " styleQML, styleSLD, useAsDefault, description, owner, ui) VALUES ('', '', ?, ?, ?, ?, ?, 1, ?, ?, '')",
        [
            (table, column, style.name, style.qml, style.sld, style.description, OWNER)
            for table, column, style in styles
        ],
    )
