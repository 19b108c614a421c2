"""One set of filters for the audit log page and its CSV export."""

from __future__ import annotations

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from minefree.core.action_names import action_label
from minefree.core.forms import DateInput
from minefree.core.models import AuditEntry

DATE = DateInput()


def action_choices() -> list[tuple[str, str]]:
    """The actions present in the log, in words, read when the form is built (new actions appear at once)."""
    names = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    return sorted(((name, action_label(name)) for name in names), key=lambda choice: choice[1].lower())


def object_type_choices() -> list[tuple[str, str]]:
    """The kinds of object present in the log: model name as the value, its verbose name as the label."""
    present = AuditEntry.objects.order_by().values("content_type").distinct()
    types = ContentType.objects.filter(pk__in=present)
    choices = {ct.model: str(ct.name) for ct in types}
    return sorted(choices.items(), key=lambda choice: choice[1].lower())


class AuditEntryFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(field_name="user__username", lookup_expr="exact", label=_("User"))
    action = django_filters.ChoiceFilter(choices=action_choices, label=_("Action"))
    object_type = django_filters.ChoiceFilter(
        field_name="content_type__model", choices=object_type_choices, label=_("Object type")
    )
    q = django_filters.CharFilter(method="search", label=_("Object or related reference"))
    date_from = django_filters.DateFilter(field_name="time", lookup_expr="date__gte", label=_("From"), widget=DATE)
    date_to = django_filters.DateFilter(field_name="time", lookup_expr="date__lte", label=_("To"), widget=DATE)

    class Meta:
        model = AuditEntry
        fields = ["user", "action", "object_type", "q", "date_from", "date_to"]

    def search(self, qs: QuerySet[AuditEntry], name: str, value: str) -> QuerySet[AuditEntry]:
        return qs.filter(Q(object_repr__icontains=value) | Q(related_to__icontains=value)) if value else qs
