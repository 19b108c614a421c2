"""A collection's properties: a name for GIS users, the ORM path it reads, its JSON schema.

The same declaration gives the features' properties, the filters allowed on them (property filters
and CQL2), the queryables and the OpenAPI document, so no second list can drift from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from minefree.core.registry import REGISTRY

# How a related record is named in a property: by its code, acronym or reference, never by id.
NATURAL_KEYS = {
    "gazetteer.adminarea": "code",
    "gazetteer.country": "code",
    "organisations.organisation": "acronym",
    "organisations.team": "name",
    "hazards.hazardarea": "reference",
    "hazards.landreleaseactivity": "reference",
}


@dataclass(frozen=True)
class Prop:
    name: str
    path: str  # ORM lookup from the collection's rows, or the name of an annotation its `rows` add
    schema: dict[str, Any] | None = None  # None: read from the model field at `path`
    convert: Callable[[Any], Any] | None = None  # the database value as the feature carries it


def whole(value: Any) -> Any:
    """Square metres to the whole metre, as every list and the REST API show them."""
    return None if value is None else round(value)


def field_at(model: type[models.Model], path: str) -> models.Field[Any, Any]:
    """The model field a lookup path ends on (`admin_area__code` on a hazard: AdminArea.code)."""
    field: Any = None
    for part in path.split("__"):
        field = model._meta.get_field(part)
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return field


def model_title(model: type[models.Model], path: str) -> Any:
    """The verbose name of the path's first field: "admin area" for `admin_area__code`."""
    field: Any = model._meta.get_field(path.split("__")[0])
    return field.verbose_name


def schema_of(model: type[models.Model], prop: Prop) -> dict[str, Any]:
    if prop.schema is not None:
        return prop.schema
    field = field_at(model, prop.path)
    schema: dict[str, Any]
    if isinstance(field, models.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, models.IntegerField):
        schema = {"type": "integer"}
    elif isinstance(field, models.FloatField | models.DecimalField):
        schema = {"type": "integer"} if prop.convert is whole else {"type": "number"}
    elif isinstance(field, models.DateField):
        schema = {"type": "string", "format": "date"}
    else:
        schema = {"type": "string"}
    if field.choices:
        schema["enum"] = [code for code, _label in field.flatchoices]
    schema["title"] = str(model_title(model, prop.path))
    if field.null or "__" in prop.path:
        schema["nullable"] = True
    return schema


def related(record_type: str, name: str) -> Prop:
    """A list column of a registered record type as a property: related records by natural key."""
    model = REGISTRY[record_type].model
    field = model._meta.get_field(name)
    if field.is_relation and field.related_model is not None:
        key = NATURAL_KEYS[field.related_model._meta.label_lower]
        return Prop(name, f"{name}__{key}")
    return Prop(name, name)


def columns(record_type: str, *skip: str) -> tuple[Prop, ...]:
    """Every list column of a registered record type (`core/registry.py`), declared there once."""
    return tuple(related(record_type, name) for name in REGISTRY[record_type].columns if name not in skip)
