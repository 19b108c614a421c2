"""The web form of a report kind, built from its declared questions; it turns its fields into the
report's payload and back. Only what a question cannot say (casualties typed one per line, the
polygon's several inputs) is written here, as a mixin for that kind."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minefree.core.errors import ActionError
from minefree.core.limits import MAX_TEXT
from minefree.core.permissions import Action
from minefree.fieldwork.declare import KINDS, Question
from minefree.fieldwork.models import point_in
from minefree.gazetteer.models import AdminArea
from minefree.hazards.forms import DATE, GeometryInputs
from minefree.hazards.models import REMAINING, HazardArea, Status
from minefree.organisations.models import Team

BLANK = ("", "—")  # every list starts unchosen: no choice with consequences is made for the user


class ReportForm(forms.Form):
    """Fields every report has; the built subclasses add the kind's own and say which go into the payload."""

    date_of_information = forms.DateField(label=_("Date of information"), widget=DATE)
    client_id = forms.CharField(
        max_length=100, widget=forms.HiddenInput
    )  # made when the form is drawn: a double post is one report
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    kind_name = ""
    payload_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, organisation: Any = None, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.user = user
        self.fields["date_of_information"].label = KINDS[self.kind_name].date_label
        if "team" in self.fields and organisation is not None:
            self.fields["team"].queryset = Team.objects.filter(organisation=organisation, active=True)  # type: ignore[attr-defined]

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.payload_fields:
            value = self.cleaned_data.get(name)
            if value is None or value is False or value in ("", []):  # 0 is an answer: not `in (False, ...)`
                continue  # an unticked box changes nothing (a change report gives only what changes)
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            elif isinstance(value, AdminArea):
                value = value.code
            elif isinstance(value, Team):
                value = value.name
            elif isinstance(value, Decimal):
                value = str(value)
            out[name] = value
        return out

    @classmethod
    def initial_from(cls, payload: dict[str, Any]) -> dict[str, Any]:
        initial = {k: v for k, v in payload.items() if k in cls.payload_fields and not isinstance(v, dict)}
        if "admin_area" in initial:
            initial["admin_area"] = AdminArea.objects.filter(code=initial["admin_area"]).first()
        return initial


def form_field(question: Question, required: bool) -> forms.Field:
    """The form field that asks a question, labelled, with its help and bounds."""
    common: dict[str, Any] = {"label": question.label, "required": required, "help_text": question.help}
    kind = question.type
    if kind == "text":
        return forms.CharField(max_length=question.max_length, **common)
    if kind == "long_text":
        return forms.CharField(
            max_length=min(question.max_length, MAX_TEXT), widget=forms.Textarea(attrs={"rows": 3}), **common
        )
    if kind == "choice":
        return forms.ChoiceField(choices=[BLANK, *question.choices], **common)
    if kind == "day":
        return forms.DateField(widget=DATE, **common)
    if kind in {"count", "record"}:
        return forms.IntegerField(min_value=question.low, max_value=question.high, initial=question.default, **common)
    if kind == "amount":
        return forms.DecimalField(min_value=0, max_value=question.high, decimal_places=2, **common)
    if kind == "flag":
        return forms.BooleanField(**{**common, "required": False})
    if kind == "district":
        districts = AdminArea.objects.filter(level=2).select_related("country")
        return forms.ModelChoiceField(queryset=districts, empty_label=BLANK[1], **common)
    if kind == "team":
        return forms.ModelChoiceField(
            queryset=Team.objects.none(), to_field_name="name", empty_label=BLANK[1], **common
        )
    raise ValueError(f"{question.name}: a {kind} question needs its kind's form mixin")


class PointInputs(forms.Form):
    """A point question (`location`) as latitude and longitude."""

    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = super().payload()  # type: ignore[misc]
        lat, lon = self.cleaned_data.get("latitude"), self.cleaned_data.get("longitude")
        if (lat is None) != (lon is None):
            raise ActionError(str(_("Give both latitude and longitude, or neither.")), field="latitude")
        if lat is not None:
            out["location"] = {"type": "Point", "coordinates": [lon, lat]}
        return out

    @classmethod
    def initial_from(cls, payload: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = super().initial_from(payload)  # type: ignore[misc]
        location = point_in(payload.get("location"))  # a draft from the API may hold altitude, or junk
        if location is not None:
            initial["longitude"], initial["latitude"] = location.x, location.y
        return initial


class PolygonInputs(GeometryInputs):
    """A polygon question (`geometry`) drawn, typed or uploaded."""

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = super().payload()  # type: ignore[misc]
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


class CompletionHazard(AboutHazard):
    hazard_statuses = (*REMAINING, Status.CLOSED)  # a closed area may still be handed over


class CasualtyLines(forms.Form):
    """The casualties, one per line, as a clerk copies them from an accident record."""

    casualties = forms.CharField(
        max_length=MAX_TEXT,
        label=_("Casualties, one per line: sex, age, killed or injured[, deminer]"),
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "male, 34, injured\nfemale, 9, killed"}),
    )

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = super().payload()  # type: ignore[misc]
        people = []
        for n, line in enumerate(self.cleaned_data["casualties"].strip().splitlines(), start=1):
            parts = [p.strip().lower() for p in line.split(",")]
            if len(parts) < 3 or not parts[1].isdigit():
                raise ActionError(
                    str(_("Line %(n)s: write sex, age, killed or injured.") % {"n": n}), field="casualties"
                )
            people.append(
                {"sex": parts[0], "age": int(parts[1]), "outcome": parts[2], "deminer": parts[3:4] == ["deminer"]}
            )
        out["casualties"] = people
        return out

    @classmethod
    def initial_from(cls, payload: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = super().initial_from(payload)  # type: ignore[misc]
        initial["casualties"] = "\n".join(
            f"{p.get('sex')}, {p.get('age', '')}, {p.get('outcome')}{', deminer' if p.get('deminer') else ''}"
            for p in payload.get("casualties", [])
            if isinstance(p, dict)
        )
        return initial


class VictimNeeds(forms.Form):
    """The needs a victim is referred for, ticked, and the one institution they are referred to.
    Name, contact and medical details are sealed on save; left blank on an edit, they stay as they were."""

    needs = forms.MultipleChoiceField(label=_("Needs"), required=False, widget=forms.CheckboxSelectMultiple)
    institution = forms.CharField(label=_("Referred to (institution)"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        need = next(q for q in KINDS["victim"].question("needs").items if q.name == "need")
        self.fields["needs"].choices = need.choices  # type: ignore[attr-defined]

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = super().payload()  # type: ignore[misc]
        institution = self.cleaned_data.get("institution", "")
        out["needs"] = [{"need": need, "institution": institution} for need in self.cleaned_data.get("needs", [])]
        return out

    @classmethod
    def initial_from(cls, payload: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = super().initial_from(payload)  # type: ignore[misc]
        initial["needs"] = [n.get("need") for n in payload.get("needs", []) if isinstance(n, dict)]
        return initial


class TotalIsTheSum(forms.Form):
    """A risk-education session's total is girls + boys + women + men, shown beside the total."""

    def clean(self) -> dict[str, Any]:
        from minefree.education.actions import check_total
        from minefree.education.models import BENEFICIARY_FIELDS

        data = super().clean() or {}
        names = (*BENEFICIARY_FIELDS, "total")
        if all(data.get(n) is not None for n in names):
            try:
                check_total({n: data[n] for n in BENEFICIARY_FIELDS}, data["total"])
            except ActionError as exc:
                self.add_error("total", exc.errors["total"][0])
        return data


# What a kind's questions cannot say by themselves: its form's mixins.
MIXINS: dict[str, tuple[type[forms.Form], ...]] = {
    "progress": (AboutHazard,),
    "completion": (CompletionHazard,),
    "marking": (AboutHazard,),
    "accident": (CasualtyLines,),
    "victim": (VictimNeeds,),
    "eore": (TotalIsTheSum,),
}
_BUILT: dict[str, type[ReportForm]] = {}


def form_for(kind_name: str) -> type[ReportForm] | None:
    """The web form of a kind (built once), or None for a kind filed by API or ODK only."""
    kind = KINDS.get(kind_name)
    if kind is None or not kind.web_form:
        return None
    if kind_name not in _BUILT:
        mixins: list[type[forms.Form]] = list(MIXINS.get(kind_name, ()))
        # A line (a marking's) is traced in the field app; the web form asks what a clerk can type.
        asked = [q for q in kind.questions if q.type not in {"point", "polygon", "items", "line"}]
        if any(q.type == "point" for q in kind.questions):
            mixins.append(PointInputs)
        if any(q.type == "polygon" for q in kind.questions):
            mixins.append(PolygonInputs)
        # A sealed answer is not shown again, so blank keeps it; a change report gives only what changes.
        fields = {q.name: form_field(q, q.required and not (q.sealed or kind.reads_given)) for q in asked}
        attrs: dict[str, Any] = {
            **fields,
            "kind_name": kind_name,
            "payload_fields": tuple(fields),
            "field_order": ["hazard", "date_of_information", *fields],
        }
        _BUILT[kind_name] = type(f"{kind_name.title().replace('_', '')}Form", (*mixins, ReportForm), attrs)
    return _BUILT[kind_name]


def web_form_kinds() -> list[str]:
    return [name for name, kind in KINDS.items() if kind.web_form]
