"""The NMAC dashboard's blocks, each built from querysets restricted to what the reader may see.

An operator limited to some admin areas gets its areas' figures; a donor gets counts only (no
block here reads personal data: casualties are counted, victims are never read).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from minefree.casualties.models import Casualty
from minefree.core.permissions import Action
from minefree.dashboards import land_blocks, pillar_blocks
from minefree.dashboards.blocks import Block
from minefree.education.models import EoreSession
from minefree.funding.models import Funding
from minefree.gazetteer.home import home_country_code
from minefree.hazards.models import HazardAreaState, LandReleaseActivity
from minefree.organisations.models import Team
from minefree.quality.models import Inspection, MonitoringVisit, NonConformity


def _activities(user: Any) -> Any:
    return LandReleaseActivity.objects.restrict(user, Action.VIEW)


def _states(user: Any) -> Any:
    return HazardAreaState.objects.restrict(user, Action.VIEW)


def _sessions(user: Any) -> Any:
    return EoreSession.objects.restrict(user, Action.VIEW)


# slug -> builder(user, home country code); the page shows them in this order.
BLOCKS: dict[str, Callable[[Any, str | None], Block | None]] = {
    "released-by-year": lambda u, c: land_blocks.released_by_year(_activities(u), c),
    "released-by-region": lambda u, c: land_blocks.released_by(_activities(u), "region", c),
    "released-by-operator": lambda u, c: land_blocks.released_by(_activities(u), "operator", c),
    "released-by-method": lambda u, c: land_blocks.released_by(_activities(u), "method", c),
    "contamination-over-time": lambda u, c: land_blocks.contamination_over_time(_states(u), c, timezone.localdate()),
    "remaining-by-region": lambda u, c: land_blocks.remaining_by_region(_states(u), c, timezone.localdate()),
    "productivity": lambda u, c: land_blocks.productivity(_activities(u)),
    "casualties-by-year": lambda u, c: pillar_blocks.casualties_by_year(Casualty.objects.restrict(u, Action.VIEW), c),
    "eore-reach": lambda u, c: pillar_blocks.eore_reach(_sessions(u)),
    "quality-findings": lambda u, c: pillar_blocks.quality_findings(
        MonitoringVisit.objects.restrict(u, Action.VIEW),
        Inspection.objects.restrict(u, Action.VIEW),
        NonConformity.objects.restrict(u, Action.VIEW),
    ),
    "women-in-teams": lambda u, c: pillar_blocks.women_in_teams(
        Team.objects.restrict(u, Action.VIEW), timezone.localdate()
    ),
    "beneficiaries-by-sex": lambda u, c: pillar_blocks.beneficiaries_by_sex(_sessions(u)),
    "funding-by-donor": lambda u, c: pillar_blocks.funding_by_donor(Funding.objects.restrict(u, Action.VIEW)),
}


def block(slug: str, user: Any) -> Block | None:
    builder = BLOCKS.get(slug)
    return builder(user, home_country_code()) if builder else None


def all_blocks(user: Any) -> list[Block]:
    country = home_country_code()
    return [b for b in (builder(user, country) for builder in BLOCKS.values()) if b is not None]
