"""One form per field report kind; each turns its fields into the report's payload and back."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minefree.core.errors import ActionError
from minefree.core.limits import MAX_TEXT
from minefree.core.permissions import Action
from minefree.fieldwork.models import point_in
from minefree.gazetteer.models import AdminArea
from minefree.hazards.forms import DATE, GeometryInputs
from minefree.hazards.models import (
    REMAINING,
    Classification,
    Contamination,
    HazardArea,
    Method,
    OrdnanceFind,
    ReleaseKind,
    Status,
)
from minefree.organisations.models import Team


class ReportForm(forms.Form):
    """Fields every report has; subclasses add their own and say which go into the payload."""

    date_of_information = forms.DateField(label=_("Date of information"), widget=DATE)
    client_id = forms.CharField(
        max_length=100, widget=forms.HiddenInput
    )  # made when the form is drawn: a double post is one report
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    payload_fields: tuple[str, ...] = ()
    date_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, organisation: Any = None, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.user = user

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        out: dict[str, Any] = {}
        for name in self.payload_fields:
            value = data.get(name)
            if value in (None, ""):
                continue
            if name in self.date_fields:
                value = value.isoformat()
            elif isinstance(value, AdminArea):
                value = value.code
            elif isinstance(value, Team):
                value = value.name
            out[name] = value
        return out

    @classmethod
    def initial_from(cls, payload: dict[str, Any]) -> dict[str, Any]:
        initial = {k: v for k, v in payload.items() if k in cls.payload_fields}
        if "admin_area" in initial:
            initial["admin_area"] = AdminArea.objects.filter(code=initial["admin_area"]).first()
        return initial


class HazardReportForm(ReportForm, GeometryInputs):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    admin_area = forms.ModelChoiceField(
        label=_("District"), required=False, queryset=AdminArea.objects.filter(level=2).select_related("country")
    )
    classification = forms.ChoiceField(
        label=_("Classification"), required=False, choices=[("", "—"), *Classification.choices]
    )
    contamination = forms.ChoiceField(
        label=_("Contamination"), required=False, choices=[("", "—"), *Contamination.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", "—"),
            (Status.OPEN, Status.OPEN.label),
            (Status.WORKED_ON, Status.WORKED_ON.label),
            (Status.SUSPENDED, Status.SUSPENDED.label),
        ],
    )
    mechanical_suitable = forms.BooleanField(label=_("Suitable for mechanical clearance"), required=False)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )

    payload_fields = (
        "name",
        "admin_area",
        "classification",
        "contamination",
        "status",
        "mechanical_suitable",
        "description",
    )

    def payload(self) -> dict[str, Any]:
        out = super().payload()
        if not out.get("mechanical_suitable"):
            out.pop("mechanical_suitable", None)
        geometry = self.geometry()
        if geometry is not None:
            out["geometry"] = json.loads(geometry.geojson)
        return out


class AboutHazard(forms.Form):
    """The hazardous area a report is about, by reference; only areas the user may see, in a status it fits."""

    hazard = forms.ModelChoiceField(
        label=_("Hazardous area (reference)"),
        queryset=HazardArea.objects.none(),
        to_field_name="reference",
        widget=forms.TextInput(attrs={"list": "hazard-references", "placeholder": "TJK-HA-000123", "size": 16}),
        error_messages={"invalid_choice": _("No hazardous area you may report on has the reference %(value)s.")},
    )
    hazard_statuses: tuple[str, ...] = REMAINING

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self, "user", None)
        visible = (
            HazardArea.objects.restrict(user, Action.VIEW).filter(status__in=self.hazard_statuses)
            if user is not None
            else HazardArea.objects.none()
        )
        self.fields["hazard"].queryset = visible  # type: ignore[attr-defined]
        # Suggestions: the areas the writing organisation works on (a few, however large the record).
        organisation = getattr(self, "organisation", None)
        mine = visible.filter(operator=organisation) if organisation is not None else visible.none()
        self.hazard_suggestions = list(mine.order_by("reference").values_list("reference", "name")[:500])


class ProgressReportForm(AboutHazard, ReportForm, GeometryInputs):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReleaseKind.choices)
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    depth_cm = forms.IntegerField(label=_("Clearance depth (cm)"), required=False, min_value=0)

    payload_fields = ("kind", "method", "team", "start_date", "depth_cm")
    date_fields = ("start_date",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date_of_information"].label = _("End date (land released on)")
        if self.organisation is not None:
            self.fields["team"].queryset = Team.objects.filter(organisation=self.organisation, active=True)  # type: ignore[attr-defined]

    def payload(self) -> dict[str, Any]:
        out = super().payload()
        geometry = self.geometry()
        if geometry is not None:
            out["geometry"] = json.loads(geometry.geojson)
        return out

    @classmethod
    def initial_from(cls, payload: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(payload)
        initial.pop("team", None)
        return initial


class CompletionReportForm(AboutHazard, ReportForm):
    certificate_number = forms.CharField(label=_("Handover certificate number"), max_length=40)
    handed_over_on = forms.DateField(label=_("Handed over on"), widget=DATE)
    handed_over_to = forms.CharField(label=_("Handed over to"), max_length=200)
    residual_risk_owner = forms.CharField(label=_("Residual risk owner"), max_length=200)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )

    payload_fields = ("certificate_number", "handed_over_on", "handed_over_to", "residual_risk_owner", "notes")
    date_fields = ("handed_over_on",)
    hazard_statuses = (*REMAINING, Status.CLOSED)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date_of_information"].label = _("Completed on")


class SpotTaskForm(ReportForm):
    category = forms.ChoiceField(label=_("Category"), choices=OrdnanceFind.Category.choices)
    ordnance_type = forms.CharField(label=_("Type"), max_length=60)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    disposal = forms.ChoiceField(label=_("Disposal"), choices=OrdnanceFind.Disposal.choices)
    disposed_on = forms.DateField(label=_("Disposed on"), widget=DATE)
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)

    payload_fields = ("category", "ordnance_type", "quantity", "disposal", "disposed_on")
    date_fields = ("disposed_on",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date_of_information"].label = _("Found on")

    def payload(self) -> dict[str, Any]:
        out = super().payload()
        lat, lon = self.cleaned_data.get("latitude"), self.cleaned_data.get("longitude")
        if (lat is None) != (lon is None):
            raise ActionError(str(_("Give both latitude and longitude, or neither.")), field="latitude")
        if lat is not None:
            out["location"] = {"type": "Point", "coordinates": [lon, lat]}
        return out

    @classmethod
    def initial_from(cls, payload: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(payload)
        location = point_in(payload.get("location"))  # a draft from the API may hold altitude, or junk
        if location is not None:
            initial["longitude"], initial["latitude"] = location.x, location.y
        return initial


class AccidentReportForm(ReportForm):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("civilian", _("Civilian accident")), ("demining", _("Demining accident"))]
    )
    admin_area = forms.ModelChoiceField(label=_("District"), queryset=AdminArea.objects.filter(level=2))
    activity_at_time = forms.ChoiceField(
        label=_("Activity at the time"),
        choices=[
            ("herding", _("Herding livestock")),
            ("farming", _("Farming")),
            ("firewood", _("Collecting firewood or food")),
            ("playing", _("Playing")),
            ("travelling", _("Travelling")),
            ("tampering", _("Handling or tampering")),
            ("demining", _("Demining")),
            ("military", _("Military or border duty")),
            ("other", _("Other")),
        ],
    )
    device = forms.CharField(label=_("Device"), max_length=60, required=False)
    casualties = forms.CharField(
        max_length=MAX_TEXT,
        label=_("Casualties, one per line: sex, age, killed or injured[, deminer]"),
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "male, 34, injured\nfemale, 9, killed"}),
    )
    findings = forms.CharField(
        label=_("Investigation findings"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)

    payload_fields = ("kind", "admin_area", "activity_at_time", "device", "findings")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date_of_information"].label = _("Date of the accident")

    def payload(self) -> dict[str, Any]:
        out = super().payload()
        people = []
        for n, line in enumerate(self.cleaned_data["casualties"].strip().splitlines(), start=1):
            parts = [p.strip().lower() for p in line.split(",")]
            if len(parts) < 3 or not parts[1].isdigit():
                raise ActionError(
                    str(_("Line %(n)s: write sex, age, killed or injured.") % {"n": n}), field="casualties"
                )
            people.append(
                {
                    "sex": parts[0],
                    "age": int(parts[1]),
                    "outcome": parts[2],
                    "deminer": len(parts) > 3 and parts[3] == "deminer",
                }
            )
        out["casualties"] = people
        lat, lon = self.cleaned_data.get("latitude"), self.cleaned_data.get("longitude")
        if lat is not None and lon is not None:
            out["location"] = {"type": "Point", "coordinates": [lon, lat]}
        return out

    @classmethod
    def initial_from(cls, payload: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(payload)
        initial["casualties"] = "\n".join(
            f"{p.get('sex')}, {p.get('age', '')}, {p.get('outcome')}{', deminer' if p.get('deminer') else ''}"
            for p in payload.get("casualties", [])
        )
        return initial


class EoreReportForm(ReportForm):
    admin_area = forms.ModelChoiceField(label=_("District"), queryset=AdminArea.objects.filter(level=2))
    place = forms.CharField(label=_("Place"), max_length=100)
    facilitator = forms.ChoiceField(
        label=_("Facilitator"),
        choices=[("volunteer", _("Volunteer")), ("teacher", _("Teacher")), ("staff", _("Operator staff"))],
    )
    audience = forms.ChoiceField(
        label=_("Audience"),
        choices=[
            ("schoolchildren", _("Schoolchildren")),
            ("shepherds", _("Shepherds")),
            ("farmers", _("Farmers")),
            ("community", _("Community members")),
            ("returnees", _("Returnees and travellers")),
            ("other", _("Other")),
        ],
    )
    method = forms.ChoiceField(
        label=_("Method"),
        choices=[
            ("presentation", _("Presentation")),
            ("small_group", _("Small-group discussion")),
            ("theatre", _("Theatre or puppets")),
            ("house_to_house", _("House to house")),
            ("media", _("Radio, TV or social media")),
        ],
    )
    grouping = forms.ChoiceField(
        label=_("Grouping"),
        choices=[("mixed", _("Mixed")), ("female", _("Women and girls only")), ("male", _("Men and boys only"))],
    )
    materials = forms.IntegerField(label=_("Materials distributed"), min_value=0, initial=0)
    girls = forms.IntegerField(label=_("Girls"), min_value=0)
    boys = forms.IntegerField(label=_("Boys"), min_value=0)
    women = forms.IntegerField(label=_("Women"), min_value=0)
    men = forms.IntegerField(label=_("Men"), min_value=0)
    total = forms.IntegerField(label=_("Total beneficiaries"), min_value=0)

    payload_fields = (
        "admin_area",
        "place",
        "facilitator",
        "audience",
        "method",
        "grouping",
        "materials",
        "girls",
        "boys",
        "women",
        "men",
        "total",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date_of_information"].label = _("Date of the session")

    def clean(self) -> dict[str, Any]:
        from minefree.education.actions import check_total

        data = super().clean() or {}
        names = ("girls", "boys", "women", "men", "total")
        if all(data.get(n) is not None for n in names):
            try:
                check_total({n: data[n] for n in names[:4]}, data["total"])
            except ActionError as exc:
                self.add_error("total", exc.errors["total"][0])
        return data


class VictimReportForm(ReportForm):
    """Name, contact and medical details are sealed on save; left blank on an edit, they stay as they were."""

    admin_area = forms.ModelChoiceField(label=_("District"), queryset=AdminArea.objects.filter(level=2))
    sex = forms.ChoiceField(label=_("Sex"), choices=[("female", _("Female")), ("male", _("Male"))])
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900, max_value=2100)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    contact = forms.CharField(label=_("Contact"), max_length=200, required=False)
    medical = forms.CharField(
        label=_("Medical details"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("emergency", _("Emergency and continuing medical care")),
            ("rehabilitation", _("Physical rehabilitation and prostheses")),
            ("psychological", _("Psychological and psychosocial support")),
            ("economic", _("Economic inclusion and livelihood")),
            ("education", _("Education")),
            ("social", _("Social protection and disability allowance")),
        ],
    )
    institution = forms.CharField(label=_("Referred to (institution)"), max_length=200, required=False)

    payload_fields = ("admin_area", "sex", "birth_year", "name", "contact", "medical")

    def payload(self) -> dict[str, Any]:
        out = super().payload()
        institution = self.cleaned_data.get("institution", "")
        out["needs"] = [{"need": need, "institution": institution} for need in self.cleaned_data.get("needs", [])]
        return out

    @classmethod
    def initial_from(cls, payload: dict[str, Any]) -> dict[str, Any]:
        initial = {k: v for k, v in super().initial_from(payload).items() if not isinstance(v, dict)}
        initial["needs"] = [n.get("need") for n in payload.get("needs", [])]
        return initial


FORMS: dict[str, type[ReportForm]] = {
    "hazard": HazardReportForm,
    "progress": ProgressReportForm,
    "completion": CompletionReportForm,
    "spot_task": SpotTaskForm,
    "accident": AccidentReportForm,
    "eore": EoreReportForm,
    "victim": VictimReportForm,
}
