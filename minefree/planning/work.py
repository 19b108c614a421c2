"""The remaining work on the baseline date, measured from the dated hazard states.

The caller passes states already restricted to what the reader may see (the CLI: all of them).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet, Sum

from minefree.gazetteer.models import AdminArea, localized
from minefree.hazards.models import HazardAreaState
from minefree.planning.params import WorkRow


def remaining_work(states: QuerySet[HazardAreaState], as_of: dt.date, country: str | None) -> list[WorkRow]:
    """Open, worked-on and suspended land on `as_of`, by district, classification and machine suitability."""
    qs = states.as_of(as_of).remaining()  # type: ignore[attr-defined]
    if country:
        qs = qs.filter(hazard__country__code=country)
    rows = (
        qs.values(
            "hazard__admin_area__code",
            "hazard__admin_area__name",
            "hazard__admin_area__parent__code",
            "hazard__admin_area__parent__name",
            "classification",
            "mechanical_suitable",
        )
        .annotate(areas=Count("id"), m2=Sum("area_m2"))
        .order_by("hazard__admin_area__code", "classification", "mechanical_suitable")
    )
    work = []
    named = _names_by_code(
        {code for row in rows for code in (row["hazard__admin_area__code"], row["hazard__admin_area__parent__code"])}
    )
    for row in rows:
        code = row["hazard__admin_area__code"]
        name = named.get(code, row["hazard__admin_area__name"])
        # A hazard recorded against a region, not a district, is its own region.
        region = row["hazard__admin_area__parent__code"] or code
        region_name = named.get(region, row["hazard__admin_area__parent__name"] or name)
        work.append(
            WorkRow(
                code,
                name,
                region,
                region_name,
                row["classification"],
                bool(row["mechanical_suitable"]),
                int(row["areas"]),
                float(row["m2"] or 0.0),
            )
        )
    return work


def _names_by_code(codes: set[str | None]) -> dict[str, str]:
    """Admin area names in the reader's language, by code (reference data, a few dozen rows)."""
    rows = AdminArea.objects.filter(code__in=[c for c in codes if c]).values_list("code", "name", "names")
    return {code: localized(name, names) for code, name, names in rows}
