"""An exported list's QGIS style: the IMAS look of its records, its headings as field aliases, and
a pick list on each coded column with the labels its `_label` twin carries (exporting user's language)."""

from __future__ import annotations

from collections.abc import Mapping

from minefree.exports.headings import heading
from minefree.exports.sources import Source
from minefree.styles.imas import look_for
from minefree.styles.layer_styles import LayerStyle, layer_style
from minefree.styles.qml import FieldForm


def export_style(source: Source, layer: str, names: Mapping[str, str] | None = None) -> LayerStyle:
    """`names`: the file's field names where they differ from the columns' (a Shapefile's short ones)."""
    names = names or {}
    labels = {c.name.removesuffix("_label"): c.labels for c in source.columns if c.labels}
    forms = [
        FieldForm(
            names.get(c.name, c.name), heading(source, c), tuple(labels[c.name].items()) if c.name in labels else ()
        )
        for c in source.columns
    ]
    look = look_for(source.model, source.title).renamed(names)
    return layer_style(layer, look, source.geometry_type, forms, source.title)
