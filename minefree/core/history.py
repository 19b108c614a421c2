"""An object's audit entries as people read them: who did what, when, and each change in words.

Audit rows keep snapshots as stored (field names, choice codes, ids of related records, ISO dates);
this turns them into labels and values through `labels`, reading related records through
`restrict`, so a history names an organisation or an area the way its detail page does.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from minefree.core import audit, labels
from minefree.core.action_names import action_label
from minefree.core.models import AuditEntry

# Bookkeeping every record carries: a change to it alone is no change people need to read.
UNSHOWN = {"id", "version", "created_at", "updated_at"}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Entry:
    time: dt.datetime
    who: str
    action: str
    source: str  # the field report whose approval did it, if any
    created: bool
    changes: list[Change]


def _who(entry: AuditEntry) -> str:
    if entry.user is None:
        return _("the system")
    return entry.user.get_full_name() or entry.user.get_username()


def _related_ids(model: type[models.Model], entries: Iterable[AuditEntry]) -> dict[Any, set[Any]]:
    wanted: dict[Any, set[Any]] = defaultdict(set)
    for entry in entries:
        for snap in (entry.before or {}, entry.after or {}):
            for name, value in snap.items():
                field = labels.field_of(model, name)
                if field is not None and field.many_to_one and value is not None:
                    key = _as_key(field, value)
                    if key is not None:
                        wanted[field.related_model].add(key)
    return wanted


def _as_key(field: Any, value: Any) -> Any:
    """`value` as the related model's key, or None when it cannot be one: a snapshot written by
    another action or an older version may hold a code ("NPA") where a key is expected, and the
    history must still show it (as it was written) rather than fail."""
    try:
        key = field.target_field.to_python(value)
        field.target_field.get_prep_value(key)
        field.target_field.run_validators(key)  # the database's integer range, too
    except (ValidationError, ValueError, TypeError):
        return None
    return key


def _related_names(model: type[models.Model], entries: list[AuditEntry], user: Any) -> dict[tuple[Any, Any], str]:
    """The name of each related record the snapshots point to, one query per related model."""
    names: dict[tuple[Any, Any], str] = {}
    for related, ids in _related_ids(model, entries).items():
        manager = related._default_manager
        rows = manager.restrict(user) if hasattr(manager, "restrict") else manager.all()
        for row in rows.filter(pk__in=ids):
            names[(related, row.pk)] = str(row)
    return names


def _stored(field: Any, value: Any) -> Any:
    """A snapshot value as the field holds it: JSON text back to dates, amounts and shapes."""
    try:
        if isinstance(field, models.DateTimeField) and isinstance(value, str):
            return dt.datetime.fromisoformat(value)
        if isinstance(field, models.DateField) and isinstance(value, str):
            return dt.date.fromisoformat(value)
        if isinstance(field, models.DecimalField) and isinstance(value, str):
            return Decimal(value)
        if isinstance(field, GeometryField) and isinstance(value, str):
            return GEOSGeometry(value)
    except (ValueError, InvalidOperation, GEOSException):
        return value
    return value


def _rows(model: type[models.Model], value: Any) -> str:
    """Related records audited with their parent (an accident's casualties), each field by its label."""
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        return labels.plain(value)
    sealed = set(getattr(model, "SEALED", ()))
    return (
        "; ".join(
            ", ".join(
                f"{labels.label(model, k)}: {labels.words(model, k, _stored(labels.field_of(model, k), v))}"
                for k, v in row.items()
                if k not in UNSHOWN and k not in sealed and not getattr(labels.field_of(model, k), "is_relation", False)
            )
            for row in value
        )
        or labels.NOTHING
    )


def _value(model: type[models.Model], name: str, value: Any, names: dict[tuple[Any, Any], str]) -> str:
    field = labels.field_of(model, name)
    if field is None:
        return labels.plain(value)
    if not field.concrete:
        return _rows(field.related_model, value)
    if field.many_to_one:
        if value is None:
            return labels.NOTHING
        key = _as_key(field, value)
        if key is None:
            return labels.plain(value)
        return names.get((field.related_model, key), _("a record you cannot see"))
    return labels.words(model, name, _stored(field, value))


def _changes(entry: AuditEntry, model: type[models.Model], hidden: set[str], names: dict[Any, str]) -> list[Change]:
    order = {field.name: n for n, field in enumerate(model._meta.concrete_fields)}
    shown = sorted(
        (
            (name, old, new)
            for name, old, new in entry.changed_fields()
            if name not in UNSHOWN
            and name not in hidden
            and not name.endswith("_sealed")
            # A new record's empty fields are nothing to read.
            and not (entry.before is None and new in (None, "", [], {}))
        ),
        key=lambda change: order.get(change[0], len(order)),
    )
    return [
        Change(labels.label(model, name), _value(model, name, old, names), _value(model, name, new, names))
        for name, old, new in shown
    ]


def described(
    entries: Iterable[AuditEntry], model: type[models.Model], user: Any, hidden: Iterable[str] = ()
) -> list[Entry]:
    """`entries` about records of `model`, in words; `hidden` fields never show."""
    rows = list(entries)
    names = _related_names(model, rows, user)
    unseen = set(hidden) | set(getattr(model, "SEALED", ()))
    return [
        Entry(
            entry.time,
            _who(entry),
            action_label(entry.action),
            entry.source,
            entry.before is None and entry.after is not None,
            _changes(entry, model, unseen, names),
        )
        for entry in rows
    ]


def history(obj: models.Model, user: Any, hidden: Iterable[str] = ()) -> list[Entry]:
    """Everything done to `obj`, newest first, in words."""
    return described(audit.history(obj), type(obj), user, hidden)
