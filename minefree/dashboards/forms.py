"""The form behind /dashboard/publication/; `save_publication` checks and writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from minefree.core.forms import DateInput

DATE = DateInput()


class PublicationForm(forms.Form):
    deadline = forms.DateField(label=_("Article 5 deadline"), required=False, widget=DATE)
    baseline = forms.DateField(
        label=_("Baseline date"),
        required=False,
        widget=DATE,
        help_text=_("Progress is measured from the contamination on this day."),
    )
    publish_outlines = forms.BooleanField(
        label=_("Publish outlines of remaining hazardous areas"),
        required=False,
        help_text=_("Off: the public sees no coordinates at all. Victims and accidents are never published."),
    )
