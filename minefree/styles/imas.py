"""The IMAS symbology of each kind of record, and its fields' pick lists, from the declarations.

Colours come from `hazards/symbology.py`, the web map's; legend words and pick-list labels come
from the models' choices, translated into the active language when the style is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from minefree.casualties.models import Accident
from minefree.education.models import EoreSession
from minefree.gazetteer.models import AdminArea
from minefree.hazards.models import (
    Classification,
    HazardArea,
    HazardAreaState,
    LandReleaseActivity,
    OrdnanceFind,
    ReleaseKind,
    Status,
)
from minefree.hazards.symbology import FILL, OUTLINE, RELEASE_BRUSH, RELEASED
from minefree.quality.models import NonConformity
from minefree.styles.looks import Look, Rule, single
from minefree.styles.qml import FieldForm

# Points and other layers: one colour each (the web map draws none of them yet).
POINT_COLOURS: dict[type[models.Model], str] = {
    OrdnanceFind: "#B42318",
    Accident: "#7A0019",
    EoreSession: "#1D4ED8",
    NonConformity: "#7F56D9",
}
BOUNDARY = "#98A2B3"  # the web map's admin-area outline
OTHER = "#1849A9"


def hazard_look() -> Look:
    """Fill by classification (CHA red, SHA orange), outline by status, as the web map draws them."""
    fills = tuple(Rule(label, FILL[code], None, "classification", code) for code, label in Classification.choices)
    outlines = tuple(
        Rule(label, None, OUTLINE[code][0], "status", code, dash=OUTLINE[code][1], width=0.8)
        for code, label in Status.choices
    )
    return Look(fills + outlines)


def release_look() -> Look:
    """Released land in the web map's green, the fill's pattern saying cancelled, reduced or cleared."""
    return Look(
        tuple(
            Rule(label, RELEASED, RELEASED, "kind", code, brush=RELEASE_BRUSH[code])
            for code, label in ReleaseKind.choices
        )
    )


def look_for(model: type[models.Model] | None, title: Any = "") -> Look:
    if model in (HazardArea, HazardAreaState):
        return hazard_look()
    if model is LandReleaseActivity:
        return release_look()
    if model is AdminArea:
        return single(title or _("Administrative areas"), BOUNDARY, fill=False)
    colour = POINT_COLOURS.get(model, OTHER) if model is not None else OTHER
    return single(title or (model._meta.verbose_name_plural if model else ""), colour)


def _field(model: type[models.Model], path: str) -> Any:
    """The model field a lookup path ends on, and the first field's name for the alias."""
    field: Any = None
    current = model
    for part in path.split("__"):
        field = current._meta.get_field(part)
        if field.is_relation and field.related_model is not None:
            current = field.related_model
    return field


def field_forms(
    model: type[models.Model], fields: Sequence[tuple[str, str]], read_only: Sequence[str] = ()
) -> list[FieldForm]:
    """(layer field, ORM path) pairs as QGIS shows them: the model's words, pick lists for choices.

    A path that is not a model field (an annotation, a count) gets its name as alias and no list.
    """
    forms = []
    for name, path in fields:
        try:
            first: Any = model._meta.get_field(path.split("__")[0])
            field = _field(model, path)
        except FieldDoesNotExist:  # an annotation
            forms.append(FieldForm(name, name.replace("_", " "), (), name not in read_only))
            continue
        choices = tuple(field.flatchoices) if field.choices else ()
        forms.append(FieldForm(name, first.verbose_name, choices, name not in read_only))
    return forms
