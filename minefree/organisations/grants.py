"""A user's active grants, read from Membership for `core.permissions` (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from minefree.core.permissions import DataClass, Held
from minefree.organisations.models import Membership


def active_grants(user_pk: Any) -> list[Held]:
    rows = (
        Membership.objects.filter(user_id=user_pk, revoked_at__isnull=True)
        .select_related("role")
        .prefetch_related("admin_areas")
    )
    held = []
    for row in rows:
        classes = set(row.data_classes)
        if not row.role.personal_data_allowed:
            classes.discard(DataClass.PERSONAL)  # never, whatever a grant says
        held.append(
            Held(
                row.role.code,
                row.organisation_id,
                frozenset(row.role.capabilities),
                tuple(a.pk for a in row.admin_areas.all()),
                frozenset(classes),
            )
        )
    return held
