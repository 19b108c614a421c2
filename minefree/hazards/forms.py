"""Hazardous-area forms: the geometry comes from a file, typed coordinates or the map."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.utils.translation import gettext_lazy as _

from minefree.core.errors import ActionError
from minefree.core.forms import DateInput
from minefree.core.geometry_input import parse_coordinates, parse_geometry_text
from minefree.core.limits import MAX_TEXT
from minefree.gazetteer.models import AdminArea
from minefree.hazards.models import Classification, Contamination, Status
from minefree.organisations.models import Organisation

DATE = DateInput()


class GeometryInputs(forms.Form):
    geometry_file = forms.FileField(
        label=_("Polygon file (GeoJSON, KML, GPX or WKT)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,.kml,.gpx,.wkt,.txt"}),
    )
    coordinates = forms.CharField(
        label=_("Or type the vertices, one per line"),
        required=False,
        max_length=settings.MINEFREE_MAX_UPLOAD_BYTES,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "37.41, 69.12\n37.42, 69.13\n37.41, 69.14"}),
    )
    coordinate_order = forms.ChoiceField(
        label=_("Order of typed coordinates"),
        choices=[("latlon", _("latitude, longitude")), ("lonlat", _("longitude, latitude"))],
        initial="latlon",
    )
    drawn = forms.CharField(required=False, max_length=settings.MINEFREE_MAX_UPLOAD_BYTES, widget=forms.HiddenInput)
    confirm = forms.BooleanField(label=_("I have checked the warnings above; save anyway"), required=False)

    def geometry(self) -> GEOSGeometry | None:
        """The polygon from whichever input the user filled (a file first, then typed, then drawn)."""
        upload = self.cleaned_data.get("geometry_file")
        if upload:
            if upload.size > settings.MINEFREE_MAX_UPLOAD_BYTES:
                raise ActionError(
                    _("The file is larger than the %(mb)s MB allowed.")
                    % {"mb": settings.MINEFREE_MAX_UPLOAD_BYTES // 1_000_000},
                    field="geometry_file",
                )
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise ActionError(str(_("The file is not UTF-8 text.")), field="geometry_file") from exc
            return parse_geometry_text(text, upload.name)
        if self.cleaned_data.get("coordinates"):
            return parse_coordinates(self.cleaned_data["coordinates"], self.cleaned_data["coordinate_order"])
        if self.cleaned_data.get("drawn"):
            return parse_geometry_text(self.cleaned_data["drawn"], "drawn.geojson")
        return None


class HazardAreaForm(GeometryInputs):
    name = forms.CharField(label=_("Name"), max_length=200)
    admin_area = forms.ModelChoiceField(
        label=_("District"), queryset=AdminArea.objects.filter(level=2).select_related("country")
    )
    operator = forms.ModelChoiceField(
        label=_("Operator"), required=False, queryset=Organisation.objects.filter(kind=Organisation.Kind.OPERATOR)
    )
    classification = forms.ChoiceField(label=_("Classification"), choices=Classification.choices)
    contamination = forms.ChoiceField(label=_("Contamination"), choices=Contamination.choices)
    recorded_on = forms.DateField(label=_("Date of information"), widget=DATE)
    mechanical_suitable = forms.BooleanField(label=_("Suitable for mechanical clearance"), required=False)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )

    field_order = [
        "name",
        "admin_area",
        "operator",
        "classification",
        "contamination",
        "recorded_on",
        "mechanical_suitable",
        "description",
        "geometry_file",
        "coordinates",
        "coordinate_order",
    ]

    def action_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            k: data[k]
            for k in (
                "name",
                "admin_area",
                "operator",
                "classification",
                "contamination",
                "recorded_on",
                "mechanical_suitable",
                "description",
            )
        }


class HazardAreaEditForm(GeometryInputs):
    version = forms.IntegerField(widget=forms.HiddenInput)
    effective_date = forms.DateField(label=_("Date of information of this change"), widget=DATE)
    name = forms.CharField(label=_("Name"), max_length=200)
    operator = forms.ModelChoiceField(
        label=_("Operator"), required=False, queryset=Organisation.objects.filter(kind=Organisation.Kind.OPERATOR)
    )
    classification = forms.ChoiceField(label=_("Classification"), choices=Classification.choices)
    contamination = forms.ChoiceField(label=_("Contamination"), choices=Contamination.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    mechanical_suitable = forms.BooleanField(label=_("Suitable for mechanical clearance"), required=False)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )

    field_order = [
        "effective_date",
        "name",
        "operator",
        "classification",
        "contamination",
        "status",
        "mechanical_suitable",
        "description",
        "geometry_file",
        "coordinates",
        "coordinate_order",
    ]

    def changes(self, current: Any) -> dict[str, Any]:
        """Only what differs from the current record, so the audit shows the real change."""
        data = self.cleaned_data
        out = {
            k: data[k]
            for k in (
                "name",
                "operator",
                "classification",
                "contamination",
                "status",
                "mechanical_suitable",
                "description",
            )
            if data[k] != getattr(current, k)
        }
        geometry = self.geometry()
        if geometry is not None:
            out["geometry"] = geometry
        return out
