"""What the record itself says about the planner's assumptions, shown beside the parameters.

The NMAC sets the parameters; these figures let it see how far they are from its own history.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum

from minefree.core.permissions import Action
from minefree.hazards.models import LandReleaseActivity, ReleaseKind
from minefree.organisations.models import Asset, Team


def survey_shares(user: Any) -> dict[str, float | None]:
    """Share of released land cancelled or reduced (not cleared), by the hazard's classification today."""
    rows = (
        LandReleaseActivity.objects.restrict(user, Action.VIEW)
        .values("hazard__classification")
        .annotate(
            total=Sum("area_m2"),
            surveyed=Sum("area_m2", filter=Q(kind__in=[ReleaseKind.CANCEL, ReleaseKind.REDUCE])),
        )
    )
    shares: dict[str, float | None] = {"CHA": None, "SHA": None}
    for row in rows:
        if row["total"]:
            shares[row["hazard__classification"]] = round((row["surveyed"] or 0) / row["total"], 3)
    return shares


def manual_productivity(user: Any) -> float | None:
    """m² cleared by hand per deminer per calendar day of the activities (teams' sizes as recorded)."""
    rows = (
        LandReleaseActivity.objects.restrict(user, Action.VIEW)
        .filter(kind=ReleaseKind.CLEAR, method="manual", team__isnull=False)
        .values_list("area_m2", "start_date", "end_date", "team__women", "team__men")
    )
    m2 = deminer_days = 0.0
    for area, start, end, women, men in rows.iterator():
        m2 += area
        deminer_days += ((end - start).days + 1) * (women + men)
    return round(m2 / deminer_days, 1) if deminer_days else None


def capacity_on_record(user: Any) -> dict[str, int]:
    """Deminers in active clearance teams, and operational machines and dogs in the asset register."""
    assets = dict(
        Asset.objects.restrict(user, Action.VIEW)
        .filter(status=Asset.Status.OPERATIONAL, kind__in=[Asset.Kind.MACHINE, Asset.Kind.DOG])
        .values_list("kind")
        .annotate(n=Count("id"))
    )
    teams = Team.objects.filter(active=True, capability__in=["manual", "multi"]).aggregate(
        women=Sum("women"), men=Sum("men"), n=Count("id")
    )
    return {
        "deminers": int((teams["women"] or 0) + (teams["men"] or 0)),
        "teams": int(teams["n"] or 0),
        "machines": int(assets.get(Asset.Kind.MACHINE, 0)),
        "dogs": int(assets.get(Asset.Kind.DOG, 0)),
    }
