"""Readable references such as TJK-HA-000123: country code, record kind, sequence."""

from __future__ import annotations

from django.db import models


def next_reference(model: type[models.Model], prefix: str, width: int = 6) -> str:
    """The next free reference under `prefix` (called inside the creating transaction)."""
    last = (
        model._default_manager.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{number:0{width}d}"
