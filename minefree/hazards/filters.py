"""One set of filters for the hazard list page, the map and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from minefree.gazetteer.models import AdminArea, area_ids_within
from minefree.hazards.models import Classification, Contamination, HazardArea, Status
from minefree.organisations.models import Organisation


class HazardAreaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Reference or name"))
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label=_("Status"))
    classification = django_filters.ChoiceFilter(choices=Classification.choices, label=_("Classification"))
    contamination = django_filters.ChoiceFilter(choices=Contamination.choices, label=_("Contamination"))
    admin_area = django_filters.ModelChoiceFilter(
        queryset=AdminArea.objects.all(), method="in_area", label=_("Admin area")
    )
    operator = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.OPERATOR), label=_("Operator")
    )

    class Meta:
        model = HazardArea
        fields = ["q", "status", "classification", "contamination", "admin_area", "operator"]

    def search(self, qs: QuerySet[HazardArea], name: str, value: str) -> QuerySet[HazardArea]:
        return qs.filter(Q(reference__icontains=value) | Q(name__icontains=value)) if value else qs

    def in_area(self, qs: QuerySet[HazardArea], name: str, value: AdminArea | None) -> QuerySet[HazardArea]:
        # A region includes its districts: their ids first, then one indexed IN on the hazards.
        return qs.filter(admin_area__in=area_ids_within([value.pk])) if value else qs
