"""Snapshots of objects and the audit rows that record them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.geos import GEOSGeometry
from django.db import models

from minefree.core.bulk_rows import create_all
from minefree.core.models import AuditEntry

# The report being applied, so every entry the approval writes names it without passing it down.
_source: ContextVar[str] = ContextVar("audit_source", default="")


@contextmanager
def acting_for(source: str) -> Iterator[None]:
    token = _source.set(source)
    try:
        yield
    finally:
        _source.reset(token)


SKIPPED = {"created_at", "updated_at"}


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's concrete fields as JSON-safe values (geometry as WKT, relations as ids)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SKIPPED:
            continue
        value = getattr(obj, field.attname)
        if isinstance(value, GEOSGeometry):
            value = value.wkt
        elif isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        data[field.name] = value
    return data


def record(
    user: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    related_to: str = "",
) -> AuditEntry:
    entry = _entry(user, action, obj, before, after, related_to)
    entry.save()
    return entry


def record_many(
    user: Any, action: str, entries: Iterable[tuple[models.Model, dict[str, Any] | None, dict[str, Any] | None, str]]
) -> None:
    """What `record` writes, for many objects of one action in one insert (a bulk import's batch):
    `entries` are (object, before, after, related_to)."""
    create_all(AuditEntry, [_entry(user, action, *entry) for entry in entries])  # COPY on PostgreSQL


def _entry(
    user: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    related_to: str,
) -> AuditEntry:
    return AuditEntry(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(type(obj)),  # cached by Django after the first
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=before,
        after=after,
        related_to=related_to,
        source=_source.get(),
    )


def history(obj: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    ).select_related("user")
