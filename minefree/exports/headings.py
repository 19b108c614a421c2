"""Column headings for people: each export column named by its field's label, with its unit or "(code)".

Files read by programs (GeoJSON, GeoPackage, Shapefile, the API, CSV by default) keep the stable column
names of `sources.py`; a spreadsheet, and a CSV asked for with `headers=labels`, are headed with these,
made in the exporting user's language from the same labels as the detail pages.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from minefree.core import labels
from minefree.exports.sources import Column, Source

# Columns that are no field of any model.
EXTRA = {"region": lambda: _("Region"), "wkt": lambda: _("Geometry (WKT)")}
SUFFIXES = ("_label", "_name")


def _field(model: type[models.Model], name: str, path: str) -> tuple[type[models.Model], Any] | None:
    """The model and field a column reads: `name` on `model`, or on a model its `path` passes through."""
    current: Any = model
    if labels.field_of(current, name) is not None:
        return current, labels.field_of(current, name)
    for part in path.split("__"):
        field = labels.field_of(current, part)
        if field is None:
            return None
        if part == name:
            return current, field
        if not field.is_relation:
            return None
        current = field.related_model
    return None


def heading(source: Source, column: Column) -> str:
    if column.name in EXTRA:
        return EXTRA[column.name]()
    base = column.name
    for suffix in SUFFIXES:
        if base.endswith(suffix) and base != column.path:
            base = base.removesuffix(suffix)
    found = _field(source.model, base, column.path)
    if found is None:
        return labels.label(source.model, column.name)
    model, field = found
    text = labels.heading(model, base)
    if base != column.name:  # the label beside a code, the name beside a code
        return text
    # A code: its field has choices, or the export writes its label beside it (a declared report kind).
    twin = f"{column.name}_label"
    codes = (
        getattr(field, "choices", None) or column.path.endswith("__code") or any(c.name == twin for c in source.columns)
    )
    return _("%(field)s (code)") % {"field": text} if codes else text


def headings(source: Source) -> list[str]:
    return [heading(source, column) for column in source.columns]
