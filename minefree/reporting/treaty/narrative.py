"""The HTML form that feeds `save_treaty_report`: one text box per form, contact, date of submission."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minefree.core.forms import DateInput
from minefree.core.limits import MAX_NARRATIVE, MAX_TEXT
from minefree.reporting.models import TreatyReport


class NarrativeForm(forms.Form):
    contact = forms.CharField(
        label=gettext_lazy("National point of contact (organisation, name, telephone, e-mail)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=MAX_TEXT,
    )
    submitted_on = forms.DateField(
        label=gettext_lazy("Date of submission"),
        required=False,
        widget=DateInput(),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, titles: dict[str, str], report: TreatyReport | None, **kwargs: Any) -> None:
        initial: dict[str, Any] = {"version": report.version if report else None}
        if report is not None:
            initial |= {"contact": report.contact, "submitted_on": report.submitted_on}
            initial |= {f"narrative_{k}": v for k, v in report.narratives.items()}
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.letters = list(titles)
        for letter, title in titles.items():
            self.fields[f"narrative_{letter}"] = forms.CharField(
                label=_("Form %(letter)s: %(title)s") % {"letter": letter, "title": title},
                widget=forms.Textarea(attrs={"rows": 4}),
                required=False,
                max_length=MAX_NARRATIVE,
            )

    def narratives(self) -> dict[str, str]:
        return {letter: self.cleaned_data.get(f"narrative_{letter}") or "" for letter in self.letters}
