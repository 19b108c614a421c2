"""Forms of the set-up pages; the named actions in actions.py and boundaries.py do the checking."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from minefree.countrysetup.actions import time_zones
from minefree.countrysetup.columns import Columns, other_languages
from minefree.gazetteer.models import Country
from minefree.organisations.models import Organisation, Team


def max_upload_bytes() -> int:
    """A boundaries file may be as large as a GeoPackage import (MINEFREE_GPKG_MAX_MB)."""
    return int(settings.MINEFREE_GPKG_MAX_BYTES)


def language_label(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


class BoundaryFileField(forms.FileField):
    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and value.size > max_upload_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(size)s, the most a boundaries file may be.")
                % {"size": filesizeformat(max_upload_bytes())}
            )


BOUNDARY_HELP = _(
    "GeoPackage (.gpkg), GeoJSON (.geojson) or a zipped Shapefile (.zip), as OCHA COD and geoBoundaries publish them."
)


class CountryForm(forms.Form):
    code = forms.CharField(label=_("ISO 3166 alpha-3 code"), max_length=3)
    name = forms.CharField(label=_("Name"), max_length=100)
    time_zone = forms.ChoiceField(label=_("Time zone"), help_text=_('Where "today" is decided for the records.'))
    boundary = BoundaryFileField(label=_("Boundary file"), required=False, help_text=BOUNDARY_HELP)
    boundary_layer = forms.CharField(
        label=_("Layer of the boundary file"), required=False, max_length=200, help_text=_("Empty: its first layer.")
    )
    approximate = forms.BooleanField(label=_("The boundary is approximate"), required=False)
    working_srids = forms.CharField(
        label=_("Working coordinate systems (EPSG codes)"),
        required=False,
        max_length=200,
        help_text=_(
            "Projected systems exports offer beside WGS 84, e.g. 32642, 32643. Empty: the UTM zones the boundary spans."
        ),
    )

    def __init__(self, *args: Any, new: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone: Any = self.fields["time_zone"]
        zone.choices = [(z, z) for z in sorted(time_zones())]
        for code in other_languages():
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name in %(language)s") % {"language": language_label(code)}, max_length=100, required=False
            )
        if not new:
            self.fields["code"].disabled = True
            self.fields["boundary"].help_text = _("Empty: keep the boundary.")

    def names(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"name_{code}") or "" for code in other_languages()}


class BoundaryUploadForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all(), empty_label=None)
    level = forms.TypedChoiceField(
        label=_("Administrative level"),
        coerce=int,
        choices=[(1, _("Level 1: regions / provinces")), (2, _("Level 2: districts"))],
    )
    file = BoundaryFileField(label=_("Boundaries file"), help_text=BOUNDARY_HELP)


class ColumnsForm(forms.Form):
    """Which column holds what, offered from the layer's own columns, recognised ones chosen."""

    def __init__(self, *args: Any, columns: list[str], level: int, guessed: Columns, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered: list[tuple[str, Any]] = [(c, c) for c in columns]
        none: list[tuple[str, Any]] = [("", _("— none —"))]
        self.fields["code"] = forms.ChoiceField(label=_("Code column"), choices=none + offered, initial=guessed.code)
        self.fields["name"] = forms.ChoiceField(label=_("Name column"), choices=none + offered, initial=guessed.name)
        for code in other_languages():
            self.fields[f"name_{code}"] = forms.ChoiceField(
                label=_("Names in %(language)s") % {"language": language_label(code)},
                choices=none + offered,
                required=False,
                initial=guessed.names.get(code, ""),
            )
        if level == 2:
            self.fields["parent"] = forms.ChoiceField(
                label=_("Level-1 code column"),
                choices=[("", _("none: the region that holds most of the district")), *offered],
                required=False,
                initial=guessed.parent,
            )

    def given(self) -> dict[str, str]:
        return {k: v or "" for k, v in self.cleaned_data.items()}


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["acronym", "name", "kind", "country"]


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["organisation", "name", "capability", "active", "women", "men"]


class UserForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password_again = forms.CharField(label=_("The same password again"), widget=forms.PasswordInput, strip=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data
