"""One region's districts: the drill-down from a region's row or bar on the NMAC dashboard.

The figures come from the same `reporting.land` queries as the region blocks, scoped to one
region, so a region's districts add up to the region's own row. Hazards recorded on the region
without a district get a row of their own rather than disappearing from the sum.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from minefree.dashboards.blocks import LATEST_INFORMATION, Block, Column, bars
from minefree.dashboards.contamination_blocks import FIGURES, recorded_up_to, remaining_columns
from minefree.dashboards.land_blocks import KINDS, in_year, kind_labels, kind_values, released_as_of, released_columns
from minefree.gazetteer.models import AdminArea, localized
from minefree.hazards.models import HazardAreaState, LandReleaseActivity
from minefree.reporting import land


def areas(region: AdminArea) -> list[dict[str, Any]]:
    """The region's districts by name, in the reader's language, then the region itself for
    hazards recorded without a district."""
    rows = AdminArea.objects.filter(parent=region).order_by("name").values("id", "code", "name", "names")
    out = [{"id": r["id"], "code": r["code"], "name": localized(r["name"], r["names"])} for r in rows]
    return [*out, {"id": region.pk, "code": region.code, "name": _("No district recorded")}]


def remaining_by_district(
    states: QuerySet[HazardAreaState], country: str | None, region: AdminArea, today: dt.date
) -> Block:
    by_area = land.contamination_by_district(states, today, region.pk, country=country)
    empty = dict.fromkeys(FIGURES, 0)
    # Districts the reader sees any hazard in, ever: a district cleared to nothing still shows its 0.
    seen = set(
        states.filter(hazard__country__code=country, hazard__admin_area__isnull=False)
        .filter(hazard__admin_area__in=[a["id"] for a in areas(region)])
        .values_list("hazard__admin_area_id", flat=True)
        .distinct()
    )
    rows = [
        [a["code"], a["name"], *(by_area.get(a["id"], empty)[k] for k in FIGURES)]
        for a in areas(region)
        if a["id"] in seen
    ]
    return Block(
        "remaining-by-district",
        _("Contamination remaining by district"),
        recorded_up_to(states, country),
        LATEST_INFORMATION,
        [Column("admin_area", _("District code")), Column("admin_area_name", _("District")), *remaining_columns()],
        rows,
        bars(rows, 1, [(_("CHA (m²)"), 3), (_("SHA (m²)"), 5)]),
        summary=[("areas", _("Areas"), sum(r[6] for r in rows)), ("m2", _("Total (m²)"), sum(r[7] for r in rows))],
        what=_("Hazardous areas"),
    )


def released_by_district(
    activities: QuerySet[LandReleaseActivity], country: str | None, region: AdminArea, year: int | None = None
) -> Block:
    """Land cancelled, reduced and cleared per district of the region: all years, or one year's."""
    start, end = (dt.date(year, 1, 1), dt.date(year, 12, 31)) if year else (None, None)
    grouped = land.released_by(activities, "district", start, end, country=country, region=region.pk)
    rows = []
    for a in areas(region):
        if a["id"] in grouped:
            totals: dict[str, int] = {}
            for kinds in grouped[a["id"]].values():
                for kind, m2 in kinds.items():
                    totals[kind] = totals.get(kind, 0) + m2
            rows.append([a["code"], a["name"], *kind_values(totals)])
    labels = kind_labels()
    scoped = activities.filter(hazard__admin_area__in=[a["id"] for a in areas(region)])
    return Block(
        "released-by-district",
        in_year(_("Land released by district"), year),
        released_as_of(scoped, country, start, end),
        LATEST_INFORMATION,
        [Column("admin_area", _("District code")), Column("admin_area_name", _("District")), *released_columns()],
        rows,
        bars(rows, 1, [(labels[k], 2 + i) for i, k in enumerate(KINDS)]),
        summary=[("released", _("Total released (m²)"), sum(r[-1] for r in rows))],
        what=_("Land release"),
    )
