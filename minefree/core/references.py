"""Readable references such as TJK-HA-000123: country code, record kind, sequence.

The sequence is a counter row per prefix, locked and advanced inside the creating transaction, so
two records made at the same moment never take the same number (MAX+1 would), and a write that
rolls back gives its number back (a PostgreSQL sequence would leave a gap).
"""

from __future__ import annotations

from django.db import connection, models
from django.db.models.functions import Length

from minefree.core.models import ReferenceCounter


def highest_number(model: type[models.Model], prefix: str) -> int:
    """The largest sequence number already used under `prefix` (0 if none)."""
    last = (
        model._default_manager.filter(reference__startswith=prefix)
        .order_by(Length("reference").desc(), "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    tail = last[len(prefix) :] if last else ""
    return int(tail) if tail.isdigit() else 0


def next_reference(model: type[models.Model], prefix: str, width: int = 6) -> str:
    """The next reference under `prefix`; the counter stays locked until the caller's transaction ends."""
    if not connection.in_atomic_block:
        raise RuntimeError("next_reference must run inside the transaction that saves the record.")
    counters = ReferenceCounter.objects.select_for_update()
    counter = counters.filter(prefix=prefix).first()
    if counter is None:
        # First use of a prefix: start after what is already there. Two first uses at once insert
        # one row (the other insert waits for it and then does nothing) and both lock it below.
        seed = ReferenceCounter(prefix=prefix, last=highest_number(model, prefix))
        ReferenceCounter.objects.bulk_create([seed], ignore_conflicts=True)
        counter = counters.get(prefix=prefix)
    number = counter.last + 1
    # A reference written some other way (a restored table) is skipped rather than collided with.
    while model._default_manager.filter(reference=f"{prefix}{number:0{width}d}").exists():
        number += 1
    counter.last = number
    counter.save(update_fields=["last"])
    return f"{prefix}{number:0{width}d}"


def next_references(model: type[models.Model], prefix: str, count: int, width: int = 6) -> list[str]:
    """`count` next references under `prefix`, as `next_reference` would give one by one, in three queries."""
    if count == 1:
        return [next_reference(model, prefix, width)]
    if not connection.in_atomic_block:
        raise RuntimeError("next_references must run inside the transaction that saves the records.")
    if count == 0:
        return []
    next_reference(model, prefix, width)  # creates and locks the counter, and gives the first number
    counter = ReferenceCounter.objects.select_for_update().get(prefix=prefix)
    found = [f"{prefix}{counter.last:0{width}d}"]
    number = counter.last
    while len(found) < count:
        # Numbers written some other way (a restored table) are skipped, as next_reference skips them.
        wanted = [f"{prefix}{n:0{width}d}" for n in range(number + 1, number + 1 + count - len(found))]
        # One range of the unique index rather than thousands of placeholders (an import's batch), while
        # the numbers keep their width (then text order is number order).
        same_width = len(wanted[0]) == len(wanted[-1])
        within = (
            model._default_manager.filter(reference__gte=wanted[0], reference__lte=wanted[-1])
            if same_width
            else model._default_manager.filter(reference__in=wanted)
        )
        taken = set(within.values_list("reference", flat=True)) & set(wanted)
        found += [reference for reference in wanted if reference not in taken]
        number += len(wanted)
    counter.last = number
    counter.save(update_fields=["last"])
    return found
