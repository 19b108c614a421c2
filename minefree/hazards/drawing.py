"""What the drawing map shows around the polygon: district outlines and which statuses count as open.

The districts are public reference data; the hazards themselves reach the page only through the
restricted map GeoJSON endpoint, which the page's script fetches.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.gis.db.models.functions import AsGeoJSON

from minefree.core import pagedata
from minefree.gazetteer.models import AdminArea
from minefree.hazards.models import REMAINING


def district_field(form: forms.BaseForm) -> str:
    """The name of the form's district choice (a level-2 admin area), or "" when it has none."""
    for name, field in form.fields.items():
        if (
            isinstance(field, forms.ModelChoiceField)
            and field.queryset is not None
            and field.queryset.model is AdminArea
        ):
            return name
    return ""


def drawing_context(form: forms.BaseForm, own: int | None = None) -> dict[str, Any]:
    """Data for the drawing map's script (written with json_script): outlines, open statuses, district field.

    `own`: the hazardous area the polygon is of or about, which it may overlap without a warning.
    """
    rows = AdminArea.objects.filter(level=AdminArea.Level.DISTRICT, boundary__isnull=False).annotate(
        shape=AsGeoJSON("boundary", precision=4)
    )
    districts = [{"id": r.pk, "name": r.name, "geometry": g} for r in rows for g in pagedata.parsed([r.shape])]
    return {
        "districts": districts,
        "open": [str(s) for s in REMAINING],
        "district_field": district_field(form),
        "own": own,
    }
