"""List and detail pages for every registered record type, read through `restrict`."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from minefree.core import history, labels
from minefree.core.paging import keyset_page
from minefree.core.permissions import Action, Capability, DataClass, organisations_with
from minefree.core.registry import REGISTRY, WEB_FORM_KINDS, RecordType

PAGE_SIZE = 50


def _type(slug: str) -> RecordType:
    if slug not in REGISTRY:
        raise Http404
    return REGISTRY[slug]


def filterset_for(record_type: RecordType) -> type[django_filters.FilterSet]:
    meta = type("Meta", (), {"model": record_type.model, "fields": list(record_type.filters)})
    return type(f"{record_type.model.__name__}Filter", (django_filters.FilterSet,), {"Meta": meta})


@login_required
def record_index(request: HttpRequest) -> HttpResponse:
    types = sorted(REGISTRY.values(), key=lambda t: str(t.title))
    return render(request, "records/index.html", {"types": types})


@login_required
def record_list(request: HttpRequest, slug: str) -> HttpResponse:
    record_type = _type(slug)
    visible = record_type.model.objects.restrict(request.user, Action.VIEW)  # type: ignore[attr-defined]
    filters = filterset_for(record_type)(request.GET, queryset=visible)
    qs = record_type.listed(filters.qs).order_by("-pk")
    page = keyset_page(request, qs, PAGE_SIZE)
    rows, next_query = page.rows, page.next_query
    headers = [labels.label(record_type.model, name) for name in record_type.columns]
    table = [(row.pk, [labels.shown(row, name) for name in record_type.columns]) for row in rows]
    return render(
        request,
        "records/list.html",
        {
            "type": record_type,
            "filter": filters,
            "headers": headers,
            "table": table,
            "next_query": next_query,
            "can_report": bool(
                record_type.report_kind in WEB_FORM_KINDS
                and organisations_with(request.user, Capability.WRITE_REPORTS, DataClass.REPORTS)
            ),
        },
    )


def _visible(request: HttpRequest, record_type: RecordType, pk: int) -> Any:
    obj = record_type.model.objects.restrict(request.user, Action.VIEW).filter(pk=pk).first()  # type: ignore[attr-defined]
    if obj is None:
        raise Http404
    return obj


@login_required
def record_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    record_type = _type(slug)
    obj = _visible(request, record_type, pk)
    fields = labels.facts(
        obj,
        [
            f.name
            for f in obj._meta.concrete_fields
            if f.name not in record_type.hidden and f.name not in ("id", "version", "created_at", "updated_at")
        ],
    )
    children = []
    for name in record_type.children:
        related = getattr(obj, name).all()
        child_fields = [
            f
            for f in related.model._meta.concrete_fields
            if f.name not in ("id", "version", "created_at", "updated_at", *getattr(related.model, "SEALED", ()))
            and not f.is_relation
        ]
        children.append(
            (
                related.model._meta.verbose_name_plural,
                [labels.label(related.model, f.name) for f in child_fields],
                [[labels.shown(c, f.name) for f in child_fields] for c in related],
            )
        )
    return render(
        request, "records/detail.html", {"type": record_type, "obj": obj, "fields": fields, "children": children}
    )


@login_required
def record_history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    record_type = _type(slug)
    obj = _visible(request, record_type, pk)
    entries = history.history(obj, request.user, record_type.hidden)
    return render(request, "records/history.html", {"type": record_type, "obj": obj, "entries": entries})
