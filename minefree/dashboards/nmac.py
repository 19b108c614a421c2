"""The NMAC dashboard's blocks, each built from querysets restricted to what the reader may see.

An operator limited to some admin areas gets its areas' figures; a donor gets counts only (no
block here reads personal data: casualties are counted, victims are never read).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.urls import reverse

from minefree.casualties.models import Casualty
from minefree.core.permissions import Action
from minefree.dashboards import cached, contamination_blocks, district_blocks, headline, land_blocks, pillar_blocks
from minefree.dashboards.blocks import Block
from minefree.dashboards.models import Publication
from minefree.education.models import EoreSession
from minefree.funding.models import Funding
from minefree.gazetteer.home import home_country_code, local_today
from minefree.gazetteer.models import AdminArea, area_ids_within
from minefree.hazards.models import HazardAreaState, LandReleaseActivity
from minefree.organisations.models import Team
from minefree.quality.models import Inspection, MonitoringVisit, NonConformity


def _activities(user: Any) -> Any:
    return LandReleaseActivity.objects.restrict(user, Action.VIEW)


def _states(user: Any) -> Any:
    return HazardAreaState.objects.restrict(user, Action.VIEW)


def _sessions(user: Any) -> Any:
    return EoreSession.objects.restrict(user, Action.VIEW)


def _treaty(user: Any, country: str | None) -> Block | None:
    publication = Publication.current()
    return contamination_blocks.treaty_progress(
        _states(user), country, local_today(), publication.baseline, publication.deadline
    )


# Blocks that take the page's year filter (land released in that year); the rest show every year.
BY_YEAR: dict[str, Callable[[Any, str | None, int | None], Block]] = {
    "released-by-region": lambda u, c, y: land_blocks.released_by(_activities(u), "region", c, y),
    "released-by-operator": lambda u, c, y: land_blocks.released_by(_activities(u), "operator", c, y),
    "released-by-method": lambda u, c, y: land_blocks.released_by(_activities(u), "method", c, y),
    "productivity": lambda u, c, y: land_blocks.productivity(_activities(u), c, y),
}

# slug -> builder(user, home country code, year); the page shows them in this order.
BLOCKS: dict[str, Callable[[Any, str | None, int | None], Block | None]] = {
    "released-by-year": lambda u, c, y: land_blocks.released_by_year(_activities(u), c),
    **{slug: BY_YEAR[slug] for slug in ("released-by-region", "released-by-operator", "released-by-method")},
    "treaty-progress": lambda u, c, y: _treaty(u, c),
    "contamination-over-time": lambda u, c, y: contamination_blocks.contamination_over_time(
        _states(u), c, local_today()
    ),
    "remaining-by-region": lambda u, c, y: contamination_blocks.remaining_by_region(_states(u), c, local_today()),
    "productivity": BY_YEAR["productivity"],
    "casualties-by-year": lambda u, c, y: pillar_blocks.casualties_by_year(
        Casualty.objects.restrict(u, Action.VIEW), c
    ),
    "eore-reach": lambda u, c, y: pillar_blocks.eore_reach(_sessions(u)),
    "quality-findings": lambda u, c, y: pillar_blocks.quality_findings(
        MonitoringVisit.objects.restrict(u, Action.VIEW),
        Inspection.objects.restrict(u, Action.VIEW),
        NonConformity.objects.restrict(u, Action.VIEW),
    ),
    "women-in-teams": lambda u, c, y: pillar_blocks.women_in_teams(
        Team.objects.restrict(u, Action.VIEW), local_today()
    ),
    "beneficiaries-by-sex": lambda u, c, y: pillar_blocks.beneficiaries_by_sex(_sessions(u)),
    "funding-by-donor": lambda u, c, y: pillar_blocks.funding_by_donor(Funding.objects.restrict(u, Action.VIEW)),
}


# Blocks whose rows are regions: each row and bar links to the region's districts.
DRILL_DOWN = ("remaining-by-region", "released-by-region")


def _drill(built: Block | None, year: int | None) -> Block | None:
    if built is None or built.slug not in DRILL_DOWN:
        return built
    query = f"?year={year}" if year else ""
    built.links = [reverse("dashboards:region", args=[row[0]]) + query for row in built.rows]
    if built.plot:
        built.plot = dataclasses.replace(built.plot, links=built.links)
    return built


def block(slug: str, user: Any, year: int | None = None) -> Block | None:
    builder = BLOCKS.get(slug)
    if builder is None:
        return None
    return cached.figures(f"nmac.{slug}.{year}", user, lambda: _drill(builder(user, home_country_code(), year), year))


def all_blocks(user: Any, year: int | None = None) -> list[Block]:
    def build() -> list[Block]:
        country = home_country_code()
        built = (_drill(builder(user, country, year), year) for builder in BLOCKS.values())
        return [b for b in built if b is not None]

    return cached.figures(f"nmac.all.{year}", user, build)


def region(user: Any, code: str) -> AdminArea | None:
    """The home country's level-1 area `code`, if the reader may see any hazard in it (else None:
    the same regions the dashboard lists)."""
    area = AdminArea.objects.filter(level=1, code=code, country__code=home_country_code()).first()
    if area is None:
        return None
    inside = area_ids_within([area.pk])
    return area if _states(user).filter(hazard__admin_area__in=inside).exists() else None


# A region's districts: slug -> builder(user, home country code, region, year).
DISTRICT_BLOCKS: dict[str, Callable[[Any, str | None, AdminArea, int | None], Block]] = {
    "remaining-by-district": lambda u, c, r, y: district_blocks.remaining_by_district(_states(u), c, r, local_today()),
    "released-by-district": lambda u, c, r, y: district_blocks.released_by_district(_activities(u), c, r, y),
}


def district_block(slug: str, user: Any, area: AdminArea, year: int | None = None) -> Block | None:
    builder = DISTRICT_BLOCKS.get(slug)
    if builder is None:
        return None
    return cached.figures(
        f"district.{slug}.{area.pk}.{year}", user, lambda: builder(user, home_country_code(), area, year)
    )


def district_blocks_of(user: Any, area: AdminArea, year: int | None = None) -> list[Block]:
    def build() -> list[Block]:
        country = home_country_code()
        return [builder(user, country, area, year) for builder in DISTRICT_BLOCKS.values()]

    return cached.figures(f"district.all.{area.pk}.{year}", user, build)


def headline_figures(user: Any) -> list[headline.Figure]:
    """The strip above the blocks, from the records the reader may see."""

    def build() -> list[headline.Figure]:
        publication = Publication.current()
        return headline.figures(
            _states(user),
            _activities(user),
            Funding.objects.restrict(user, Action.VIEW),
            home_country_code(),
            local_today(),
            publication.baseline,
            publication.deadline,
        )

    return cached.figures("nmac.headline", user, build)
