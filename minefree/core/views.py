"""The audit log: who did what to which object, for the national mine action centre."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from minefree.core import history
from minefree.core.filters import AuditEntryFilter
from minefree.core.models import AuditEntry
from minefree.core.paging import Page, keyset_page
from minefree.core.permissions import Action, Capability, has
from minefree.core.registry import REGISTRY
from minefree.core.spreadsheet import safe_row

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

PAGE_SIZE = 100
CSV_COLUMNS = [
    "time",
    "user",
    "action",
    "object_type",
    "object_id",
    "object",
    "source",
    "changed_fields",
    "before",
    "after",
]


def may_read_audit(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether `user` may read and export the audit log (a role with that capability, or a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return has(user, Capability.READ_AUDIT)


def _filters(request: HttpRequest) -> AuditEntryFilter:
    if not may_read_audit(request.user):
        raise PermissionDenied(_("Your role does not read the audit log."))
    visible = AuditEntry.objects.restrict(request.user, Action.VIEW).select_related("user", "content_type")
    return AuditEntryFilter(request.GET, queryset=visible)


@dataclass(frozen=True)
class Row:
    entry: AuditEntry
    said: history.Entry  # the entry in words: the action's name, each change by its field's label


def _rows(entries: list[AuditEntry], user: Any) -> list[Row]:
    """The page's entries in words, read together per kind of object (one query per related model)."""
    by_type: dict[int, list[AuditEntry]] = defaultdict(list)
    for entry in entries:
        by_type[entry.content_type_id].append(entry)
    said: dict[int, history.Entry] = {}
    for group in by_type.values():
        model = group[0].content_type.model_class()
        if model is None:  # a model removed since: its entries keep their stored words
            continue
        hidden = next((t.hidden for t in REGISTRY.values() if t.model is model), ())
        said |= {e.pk: d for e, d in zip(group, history.described(group, model, user, hidden), strict=True)}
    return [Row(e, said[e.pk]) for e in entries if e.pk in said]


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    params = request.GET.copy()
    params.pop("after", None)
    filter_query = params.urlencode()
    page = Page([], None, None)
    if filters.is_valid():  # a mistyped filter shows its error, never the whole log
        # Ids grow with time, so "older than the last row shown" is "a lower id".
        page = keyset_page(request, filters.qs.order_by("-time", "-id"), PAGE_SIZE)
    entries: list[AuditEntry] = page.rows
    next_query = page.next_query
    return render(
        request,
        "core/audit_log.html",
        {
            "filter": filters,
            "rows": _rows(entries, request.user),
            "next_query": next_query,
            "first_query": filter_query if "after" in request.GET else None,
            "filter_query": filter_query,
        },
    )


class _Echo:
    """A file that hands back what is written to it, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _csv_row(entry: AuditEntry) -> list[str]:
    return safe_row(
        [
            timezone.localtime(entry.time).isoformat(),
            entry.user.get_username() if entry.user else "",
            entry.action,
            entry.content_type.model,
            entry.object_id,
            entry.object_repr,
            entry.source,
            ", ".join(name for name, _old, _new in entry.changed_fields()),
            _json(entry.before),
            _json(entry.after),
        ]
    )


@login_required
def audit_log_csv(request: HttpRequest) -> StreamingHttpResponse:
    filters = _filters(request)
    if not filters.is_valid():
        raise BadRequest(_("The filters are not valid: %(errors)s") % {"errors": filters.errors.as_text()})
    qs = filters.qs.order_by("-time", "-id")
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(safe_row(CSV_COLUMNS))
        for entry in qs.iterator(chunk_size=2000):
            yield writer.writerow(_csv_row(entry))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
