"""Legacy rows written in bulk: permissions through the one permission place, references from the
locked counter in a block, bulk inserts and updates, external ids kept, audit entries as the app's
named actions write them; `BulkTarget` puts these together for a target whose rows make one record each."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.permissions import Action, assert_may_add
from minefree.core.references import next_references
from minefree.fieldwork.legacy_lookups import duplicates
from minefree.fieldwork.legacy_rows import Problems
from minefree.gazetteer.models import AdminArea
from minefree.legacy import external_ids
from minefree.legacy.targets import Context, Counts, Row, Target
from minefree.organisations.models import Organisation


def may_add(user: Any, model: type[models.Model], organisation: Organisation | None, area: Any) -> str | None:
    """Why `user` may not add this record (the permission place's answer), or None."""
    try:
        assert_may_add(user, model, organisation.pk if organisation else None, area)
    except PermissionDenied as exc:
        return str(exc)
    return None


def changeable(user: Any, model: type[models.Model], pks: Iterable[int]) -> dict[int, Any]:
    """The records an earlier import made that `user` may change, locked; PermissionDenied if any is not."""
    wanted = set(pks)
    if not wanted:
        return {}
    found = model._default_manager.filter(pk__in=wanted).restrict(user, Action.CHANGE)  # type: ignore[attr-defined]
    records = {r.pk: r for r in found.select_for_update()}
    if set(records) != wanted:
        raise PermissionDenied(_("You may not change some records an earlier import made from this file."))
    return records


def update(user: Any, action: str, changes: list[tuple[Any, dict[str, Any]]], hidden: tuple[str, ...] = ()) -> Counts:
    """Set the fields that differ on records an earlier import made; unchanged ones stay as they are.
    `hidden`: sealed fields the audit never keeps, not even as ciphertext."""
    counts = Counts()
    changed: list[tuple[Any, dict[str, Any], dict[str, Any]]] = []
    names: set[str] = set()
    for record, values in changes:
        before = audit.snapshot(record)
        differs = {k: v for k, v in values.items() if _differs(getattr(record, k), v)}
        if not differs:
            counts.unchanged += 1
            continue
        for name, value in differs.items():
            setattr(record, name, value)
        record.version += 1
        record.updated_at = timezone.now()  # bulk_update leaves auto_now alone
        names |= set(differs)
        changed.append((record, before, audit.snapshot(record)))
    if changed:
        model = type(changed[0][0])
        model._default_manager.bulk_update([r for r, _b, _a in changed], [*names, "version", "updated_at"])

        def public(snapshot: dict[str, Any]) -> dict[str, Any]:
            return {k: v for k, v in snapshot.items() if k not in hidden}

        audit.record_many(user, action, ((r, public(b), public(a), "") for r, b, a in changed))
        counts.updated = len(changed)
    return counts


def _differs(current: Any, new: Any) -> bool:
    if isinstance(current, GEOSGeometry) and isinstance(new, GEOSGeometry):
        return not current.equals_exact(new, 1e-9)
    if isinstance(current, models.Model) or isinstance(new, models.Model):
        return getattr(current, "pk", current) != getattr(new, "pk", new)
    return bool(current != new)


def not_allowed(
    user: Any,
    model: type[models.Model],
    rows: Sequence[Row],
    known: dict[int, int],
    owner: Callable[[Row], tuple[Organisation | None, AdminArea | None] | None],
) -> Problems:
    """Rows `user` may not write: a new record they may not add (`owner`: its organisation and area,
    or None when the row is too broken to tell), or a record an earlier import made they may not change."""
    problems: Problems = []
    allowed = set(
        model._default_manager.filter(pk__in=set(known.values()))  # type: ignore[attr-defined]
        .restrict(user, Action.CHANGE)
        .values_list("pk", flat=True)
    )
    for row in rows:
        if row.number in known:
            if known[row.number] not in allowed:
                problems.append((row, "organisation", _("You may not change the record an earlier import made.")))
            continue
        given = owner(row)
        refusal = may_add(user, model, *given) if given is not None else None
        if refusal:
            problems.append((row, "organisation", refusal))
    return problems


def refuse(problems: Problems) -> None:
    """A batch reached `write` with problems its check finds now (the data moved meanwhile): refuse it
    whole, naming the first rows, so the import's transaction writes nothing."""
    if problems:
        from minefree.core.errors import ActionError

        raise ActionError({f"row {row.number}: {field}": [message] for row, field, message in problems[:20]})


def references(model: type[models.Model], prefix_of: dict[int, str]) -> dict[int, str]:
    """Row number -> a new reference under that row's prefix ("TJK-EORE-"), a block per prefix."""
    given: dict[int, str] = {}
    for prefix in sorted(set(prefix_of.values())):
        numbers = [n for n, p in prefix_of.items() if p == prefix]
        given |= dict(zip(numbers, next_references(model, prefix, len(numbers)), strict=True))
    return given


@dataclasses.dataclass
class Item:
    """One row read: its clean values (names the model's fields, related records resolved)."""

    row: Row
    values: dict[str, Any]
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)  # what the row gives besides the record's fields


class BulkTarget(Target):
    """A target whose rows each make one record with a reference: `read` them, and the rest (duplicates,
    permissions, references, bulk create and update, external ids, audit) is the same for all."""

    create_action: str  # the audit's name for a new record, as the app's named action calls it
    update_action: str
    prefix: str  # the reference's kind: "EORE" gives TJK-EORE-000001; "" for a record with no reference
    hidden: tuple[str, ...] = ()  # sealed fields the audit never keeps

    def read(self, rows: Sequence[Row], context: Context) -> tuple[list[Item], Problems]:
        raise NotImplementedError

    def owner(self, item: Item) -> tuple[Organisation | None, AdminArea | None]:
        return item.values.get("organisation"), item.values.get("admin_area")

    def country_code(self, item: Item) -> str:
        return str(item.values["admin_area"].country.code)

    def build(self, item: Item, reference: str) -> models.Model:
        return self.model(reference=reference, **item.values) if reference else self.model(**item.values)

    def changes(self, item: Item, record: Any) -> dict[str, Any]:
        """The values to compare with (and set on) a record an earlier import made from this row."""
        return item.values

    def audited(self, record: Any, context: Context) -> dict[str, Any]:
        """What the audit keeps of a new record."""
        return audit.snapshot(record)

    def created(self, made: list[tuple[Item, Any]], context: Context) -> None:
        """What else a new record brings (an accident's casualties), before it is audited."""

    def updated(self, pairs: list[tuple[Item, Any]], context: Context) -> None:
        """What else an updated record brings (casualties added since); nothing by default."""

    def _checked(self, rows: Sequence[Row], context: Context) -> tuple[list[Item], dict[int, int], Problems]:
        items, problems = self.read(rows, context)
        by_number = {item.row.number: item for item in items}
        known = external_ids.known(self.model, rows)
        problems += self.refused(context, rows, known, by_number)
        return items, known, problems

    def refused(self, context: Context, rows: Sequence[Row], known: dict[int, int], items: dict[int, Item]) -> Problems:
        """Rows the importing user may not write (the permission place decides; an app with its own
        capability, such as quality assurance, says so here)."""
        return not_allowed(
            context.user,
            self.model,
            rows,
            known,
            lambda row: self.owner(items[row.number]) if row.number in items else None,
        )

    def earlier(self, context: Context, pks: Iterable[int]) -> dict[int, Any]:
        """The records earlier imports made from this batch's rows, locked, that the user may change."""
        return changeable(context.user, self.model, pks)

    def gate(self, context: Context) -> str | None:
        """Why the importing user may import none of these records (then the only problem, on row 0)."""
        return None

    def check(self, rows: Sequence[Row], context: Context) -> Problems:
        refusal = self.gate(context)
        if refusal:
            return [(Row(0, {}), "", refusal)]
        _items, _known, problems = self._checked(rows, context)
        return problems + duplicates(self.name, rows, context)

    def write(self, rows: Sequence[Row], context: Context) -> Counts:
        refusal = self.gate(context)
        if refusal:
            raise PermissionDenied(refusal)
        items, known, problems = self._checked(rows, context)
        refuse(problems)
        new = [item for item in items if item.row.number not in known]
        prefixes = {i.row.number: f"{self.country_code(i)}-{self.prefix}-" for i in new} if self.prefix else {}
        given = references(self.model, prefixes)
        objs = [self.build(i, given.get(i.row.number, "")) for i in new]
        made = self.model._default_manager.bulk_create(objs) if objs else []
        external_ids.remember(self.model, zip([i.row for i in new], [o.pk for o in made], strict=True))
        self.created(list(zip(new, made, strict=True)), context)
        audit.record_many(context.user, self.create_action, ((o, None, self.audited(o, context), "") for o in made))
        records = self.earlier(context, known.values())
        pairs = [(item, records[known[item.row.number]]) for item in items if item.row.number in known]
        counts = update(context.user, self.update_action, [(r, self.changes(i, r)) for i, r in pairs], self.hidden)
        self.updated(pairs, context)
        counts.created = len(made)
        return counts


def may_change(user: Any, model: type[models.Model], pks: Iterable[int]) -> set[int]:
    """Which of these records `user` may change (a hazard that land release or a find changes)."""
    wanted = set(pks)
    if not wanted:
        return set()
    return set(
        model._default_manager.filter(pk__in=wanted)  # type: ignore[attr-defined]
        .restrict(user, Action.CHANGE)
        .values_list("pk", flat=True)
    )
