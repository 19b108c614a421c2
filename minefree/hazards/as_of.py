"""The hazardous areas as they stood on a past day: the map, its GeoJSON and the GeoPackage read the
state each area had then (`HazardAreaState`), for the areas the user may see today (`restrict`).

An area not yet recorded on that day has no state then and is absent; one released in full by then
has no polygon left, as on today's map.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Min, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minefree.core.errors import ActionError
from minefree.gazetteer.home import local_today
from minefree.hazards.models import HazardArea, HazardAreaState

# The map's filters that describe an area's state on the day, not the area itself.
STATE_FILTERS = ("status", "classification", "contamination")


def first_day() -> dt.date:
    """The first day anything was recorded: no map before it (today when nothing is recorded)."""
    first = HazardAreaState.objects.aggregate(first=Min("valid_from"))["first"]
    return first if first is not None else local_today()


def check_as_of(day: dt.date) -> dt.date:
    """`day` if a map can be drawn for it; ActionError on as_of otherwise."""
    first, today = first_day(), local_today()
    if day > today:
        raise ActionError(
            _("%(day)s is in the future; choose a day up to today (%(today)s).") % {"day": day, "today": today},
            field="as_of",
        )
    if day < first:
        message = _("%(day)s is before the first record (%(first)s); choose a day from then on.")
        raise ActionError(message % {"day": day, "first": first}, field="as_of")
    return day


def parse_as_of(value: str | None) -> dt.date | None:
    """The as_of parameter (YYYY-MM-DD) of a map, GeoJSON or export request: None when absent."""
    if value in (None, ""):
        return None
    try:
        day = dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ActionError(
            _("“%(value)s” is not a date like 2024-05-20.") % {"value": str(value)[:40]}, field="as_of"
        ) from None
    return check_as_of(day)


def states_on(day: dt.date, hazards: QuerySet[HazardArea]) -> QuerySet[HazardAreaState]:
    """The state each of `hazards` (read through restrict by the caller) had on `day`: one query."""
    return HazardAreaState.objects.as_of(day).filter(hazard__in=hazards.values("pk"))


class AsOfForm(forms.Form):
    """The map's date control: empty is today; bounded by the first record and today."""

    as_of = forms.DateField(
        label=gettext_lazy("As of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": gettext_lazy("Enter a date like 2024-05-20.")},
        help_text=gettext_lazy("The areas as they stood on that day."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        widget = self.fields["as_of"].widget
        widget.attrs.update(min=first_day().isoformat(), max=local_today().isoformat())

    def clean_as_of(self) -> dt.date | None:
        day = self.cleaned_data.get("as_of")
        if day is None:
            return None
        try:
            return check_as_of(day)
        except ActionError as error:
            raise forms.ValidationError(error.errors["as_of"]) from None

    def day(self) -> dt.date | None:
        """The valid day asked for, or None (today's map)."""
        return self.cleaned_data.get("as_of") if self.is_valid() else None


def shown(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")
