"""The affected-area form: drawn on the map, uploaded (GeoJSON, KML, WKT) or typed, as for hazards."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from minefree.disaster.models import MAX_DISTANCE_M, Kind
from minefree.hazards.forms import DATE, GeometryInputs


class AffectedAreaForm(GeometryInputs):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind of disaster"), choices=Kind.choices, initial=Kind.FLOOD)
    event_date = forms.DateField(label=_("Date of the event"), widget=DATE, required=False)
    distance_m = forms.IntegerField(
        label=_("Also list hazards within (metres)"),
        required=False,
        initial=0,
        widget=forms.NumberInput(attrs={"min": 0, "max": MAX_DISTANCE_M, "step": 50}),
        help_text=_("0 lists only what lies inside the affected area."),
    )
    confirm = None  # type: ignore[assignment]  # no overlap warnings to confirm for an affected area

    field_order = ["name", "kind", "event_date", "distance_m", "geometry_file", "coordinates", "coordinate_order"]
