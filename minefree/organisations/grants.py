"""A user's active grants, read from Membership for `core.permissions` (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from minefree.core.permissions import DataClass, Held
from minefree.gazetteer.models import AdminArea
from minefree.organisations.models import Membership


def _inside(areas: set[int]) -> dict[int, list[int]]:
    """Each of `areas` -> the areas directly inside it (districts of a region), in one query."""
    inside: dict[int, list[int]] = {}
    if areas:
        for pk, parent in AdminArea.objects.filter(parent_id__in=areas).values_list("pk", "parent_id").order_by():
            inside.setdefault(parent, []).append(pk)
    return inside


def _limits(grant_ids: list[int]) -> dict[int, tuple[int, ...]]:
    """Each grant's admin area ids, read from the link table: an area's row (its boundary, thousands
    of points in a real country) is never loaded to learn its id, on every request."""
    limits: dict[int, list[int]] = {pk: [] for pk in grant_ids}
    if grant_ids:
        links = Membership.admin_areas.through.objects.filter(membership_id__in=grant_ids)
        for grant, area in links.values_list("membership_id", "adminarea_id").order_by("adminarea_id"):
            limits[grant].append(area)
    return {pk: tuple(areas) for pk, areas in limits.items()}


def active_grants(user_pk: Any) -> list[Held]:
    rows = list(Membership.objects.filter(user_id=user_pk, revoked_at__isnull=True).select_related("role"))
    limits = _limits([row.pk for row in rows])
    # Area-limited grants hold for their areas and the areas inside them: resolved to ids here, once
    # a request, so `restriction()` compares a row's own area id with a short list.
    inside = _inside({pk for areas in limits.values() for pk in areas})
    held = []
    for row in rows:
        classes = set(row.data_classes)
        if not row.role.personal_data_allowed:
            classes.discard(DataClass.PERSONAL)  # never, whatever a grant says
        areas = limits[row.pk]
        held.append(
            Held(
                row.role.code,
                row.organisation_id,
                frozenset(row.role.capabilities),
                areas,
                frozenset(classes),
                tuple(sorted({*areas, *(pk for area in areas for pk in inside.get(area, ()))})),
            )
        )
    return held
