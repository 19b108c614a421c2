"""Filters for the field report queue, shared by the page and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from minefree.fieldwork.declare import kind_choices
from minefree.fieldwork.models import FieldReport
from minefree.organisations.models import Organisation


class FieldReportFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=FieldReport.State.choices, label=_("State"))
    kind = django_filters.ChoiceFilter(choices=kind_choices, label=_("Kind"))
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.exclude(kind=Organisation.Kind.DONOR), label=_("Organisation")
    )
    date_from = django_filters.DateFilter(field_name="date_of_information", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="date_of_information", lookup_expr="lte", label=_("To"))

    class Meta:
        model = FieldReport
        fields = ["state", "kind", "organisation", "date_from", "date_to", "hazard"]


class InboxFilter(django_filters.FilterSet):
    """The review inbox narrowed by kind and organisation (every row is waiting for review)."""

    kind = django_filters.ChoiceFilter(choices=kind_choices, label=_("Kind"))
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.exclude(kind=Organisation.Kind.DONOR), label=_("Organisation")
    )

    class Meta:
        model = FieldReport
        fields = ["kind", "organisation"]
