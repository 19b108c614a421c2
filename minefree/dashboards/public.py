"""The public dashboard's figures: the one place that reads the national record for the public.

The public holds no grant, so `restrict` gives it nothing. This module is the sanctioned
exception (docs/architecture.md): it reads the whole national record of the home country and
returns only aggregates by region (level-1 admin area) and year. No rows, names, places finer
than a region, accident dates or coordinates leave it; the one exception is `outlines_geojson`,
the outlines of remaining hazardous areas, and only when the NMAC has switched publication on.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db.models import QuerySet

from minefree.casualties.models import Casualty
from minefree.dashboards import cached, contamination_blocks, headline, land_blocks, pillar_blocks
from minefree.dashboards.blocks import Block
from minefree.dashboards.models import Publication
from minefree.education.models import EoreSession
from minefree.funding.models import Funding
from minefree.gazetteer.home import home_country_code, local_today
from minefree.hazards.models import REMAINING, HazardArea, HazardAreaState, LandReleaseActivity


def _treaty(country: str | None) -> Block | None:
    publication = Publication.current()
    return contamination_blocks.treaty_progress(
        HazardAreaState.objects.all(), country, local_today(), publication.baseline, publication.deadline
    )


# slug -> builder(home country code); every one aggregates by region and/or year.
BLOCKS: dict[str, Callable[[str | None], Block | None]] = {
    "treaty-progress": _treaty,
    "remaining-by-region": lambda c: contamination_blocks.remaining_by_region(
        HazardAreaState.objects.all(), c, local_today()
    ),
    "remaining-by-region-year": lambda c: contamination_blocks.remaining_by_region_year(
        HazardAreaState.objects.all(), c, local_today()
    ),
    "released-by-region-year": lambda c: land_blocks.released_by_region_year(LandReleaseActivity.objects.all(), c),
    "funding-by-donor": lambda c: pillar_blocks.funding_by_donor(Funding.objects.all()),
    "casualties-by-year": lambda c: pillar_blocks.casualties_by_year(Casualty.objects.all(), c, accident_dates=False),
    "eore-reach": lambda c: pillar_blocks.eore_reach(EoreSession.objects.all()),
}


def block(slug: str) -> Block | None:
    builder = BLOCKS.get(slug)
    if builder is None:
        return None
    return cached.figures(f"public.{slug}", None, lambda: builder(home_country_code()))


def all_blocks() -> list[Block]:
    def build() -> list[Block]:
        country = home_country_code()
        return [b for b in (builder(country) for builder in BLOCKS.values()) if b is not None]

    return cached.figures("public.all", None, build)


def headline_figures() -> list[headline.Figure]:
    """The strip above the blocks: national totals only (no row, place or person)."""

    def build() -> list[headline.Figure]:
        publication = Publication.current()
        return headline.figures(
            HazardAreaState.objects.all(),
            LandReleaseActivity.objects.all(),
            Funding.objects.all(),
            home_country_code(),
            local_today(),
            publication.baseline,
            publication.deadline,
        )

    return cached.figures("public.headline", None, build)


# What the public may know of each published outline (here and in OGC API - Features, ogcapi/declared.py).
PUBLISHED_PROPERTIES = ("classification", "contamination")


def published_hazards() -> QuerySet[HazardArea] | None:
    """The hazardous areas still contaminated today, if the NMAC publishes their outlines; else None."""
    if not Publication.current().publish_outlines:
        return None
    return HazardArea.objects.filter(status__in=REMAINING, geometry__isnull=False, country__code=home_country_code())


def outlines_geojson() -> str | None:
    """Outlines of the hazardous areas still contaminated today, if the NMAC publishes them; else None."""
    published = published_hazards()
    if published is None:
        return None
    rows = (
        published.annotate(shape=AsGeoJSON("geometry", precision=5))
        .values_list(*PUBLISHED_PROPERTIES, "shape")
        .order_by("id")
    )
    features = (
        '{"type":"Feature","properties":%s,"geometry":%s}'
        % (json.dumps(dict(zip(PUBLISHED_PROPERTIES, values, strict=False))), values[-1])
        for values in rows
    )
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"
