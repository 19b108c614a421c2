"""How a model field reads to people: its label, and its value in words.

Every page that shows a record field by field (record detail, hazard detail, history) and every export
meant for people reads these, so a field is named by its translated `verbose_name`, never by its
attribute, and a coded value by its choice's label, never by its code.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.gis.geos import GEOSGeometry, Point
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minefree.core.units import number, unit_of

NOTHING = "—"
# Labels of the fields every record has but no model declares by hand.
COMMON = {"id": gettext_lazy("number")}


def field_of(model: type[models.Model], name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def label(model: type[models.Model], name: str) -> str:
    """The field's translated name, capitalised: "Anti-personnel mines", never `ap_mines`."""
    field = field_of(model, name)
    if name in COMMON:
        text: Any = COMMON[name]
    elif field is None:  # a key some action audits beside the fields ("comment")
        text = name.replace("_", " ")
    elif field.auto_created and not field.concrete:  # a list of related records
        text = field.related_model._meta.verbose_name_plural
    else:
        text = field.verbose_name
    return capfirst(str(text))


def heading(model: type[models.Model], name: str) -> str:
    """The label of a column of bare numbers: with the field's unit, "Area (m²)"."""
    unit = unit_of(model, name)
    text = label(model, name)
    return f"{text} ({unit.symbol})" if unit else text


def _geometry(value: GEOSGeometry) -> str:
    if isinstance(value, Point):
        return _("%(lat)s° N, %(lon)s° E") % {"lat": number(value.y, 5), "lon": number(value.x, 5)}
    return _("outline of %(count)s points") % {"count": number(value.num_points)}


def _json(value: Any, coded: dict[str, Any] | None = None) -> str:
    """A JSON field's items: their values, not their keys; a key the model codes (`json_choices`) by label."""
    if isinstance(value, list):
        return "; ".join(_json(item, coded) for item in value) or NOTHING
    if isinstance(value, dict):
        choices = {key: dict(pairs) for key, pairs in (coded or {}).items()}
        return ", ".join(
            str(choices[k].get(v, v)) if k in choices else _json(v)
            for k, v in value.items()
            if v not in (None, "", [], {})
        )
    return plain(value)


def plain(value: Any) -> str:
    """A value with no field to say what it is: localised dates and numbers, Yes and No."""
    if value is None or value == "":
        return NOTHING
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.date_format(local, "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, int):
        return number(value)
    if isinstance(value, float | Decimal):
        return number(value, 0 if abs(float(value)) >= 100 or value == int(value) else 2)
    if isinstance(value, GEOSGeometry):
        return _geometry(value)
    if isinstance(value, list | dict):
        return _json(value)
    return str(value)


def words(model: type[models.Model], name: str, value: Any) -> str:
    """`value` of field `name` in words: a choice's label, the unit, a related record's name."""
    field = field_of(model, name)
    if value is None or value == "":
        return NOTHING
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    unit = unit_of(model, name)
    if unit is not None and isinstance(value, int | float | Decimal):
        return unit.words(value)
    if isinstance(value, list | dict):
        return _json(value, getattr(model, "json_choices", {}).get(name))
    return plain(value)


def shown(obj: models.Model, name: str) -> str:
    """Field `name` of `obj` in words."""
    return words(type(obj), name, getattr(obj, name))


def facts(obj: models.Model, names: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
    """(label, value in words) for each of `names`: a detail page's facts."""
    model = type(obj)
    return [(label(model, name), shown(obj, name)) for name in names]


def table(rows: Any, names: tuple[str, ...]) -> tuple[list[str], list[list[str]]]:
    """Headers and cells in words for `rows` of one model (a queryset), one column per name."""
    return [label(rows.model, name) for name in names], [[shown(row, name) for name in names] for row in rows]
