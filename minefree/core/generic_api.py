"""Read-only API endpoints for every registered record type, built from the registry."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from minefree.core.generic_views import filterset_for
from minefree.core.permissions import Action
from minefree.core.registry import RecordType


def serializer_for(record_type: RecordType) -> type[serializers.ModelSerializer[Any]]:
    fields = [f.name for f in record_type.model._meta.concrete_fields if f.name not in record_type.hidden]
    children = {}
    for name in record_type.children:
        child_model = getattr(record_type.model, name).rel.related_model
        child_meta = type(
            "Meta",
            (),
            {
                "model": child_model,
                "exclude": ["id", *getattr(child_model, "SEALED", ())]
                + [f.name for f in child_model._meta.concrete_fields if f.is_relation],
            },
        )
        child = type(f"{child_model.__name__}Serializer", (serializers.ModelSerializer,), {"Meta": child_meta})
        children[name] = child(many=True, read_only=True)
    meta = type("Meta", (), {"model": record_type.model, "fields": fields + list(children)})
    return type(f"{record_type.model.__name__}Serializer", (serializers.ModelSerializer,), {"Meta": meta, **children})


def viewset_for(record_type: RecordType) -> type[viewsets.ReadOnlyModelViewSet[Any]]:
    def get_queryset(self: viewsets.ReadOnlyModelViewSet[Any]) -> QuerySet[Any]:
        visible = record_type.model.objects.restrict(self.request.user, Action.VIEW)  # type: ignore[attr-defined]
        return record_type.with_children(visible)

    return type(
        f"{record_type.model.__name__}ViewSet",
        (viewsets.ReadOnlyModelViewSet,),
        {
            "serializer_class": serializer_for(record_type),
            "filterset_class": filterset_for(record_type),
            "get_queryset": get_queryset,
            "__doc__": f"{str(record_type.title).capitalize()}, as the reader may see them.",
        },
    )
