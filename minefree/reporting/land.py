"""Contamination remaining and land released, for any date, area, operator and method.

Every figure is a sum of areas measured from geometry (see core.geometry.area_m2); the caller
passes querysets already restricted to what the reader may see.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from minefree.hazards.models import Classification, HazardAreaState, LandReleaseActivity


def _scope(
    qs: QuerySet[Any], prefix: str, admin_area: int | None, operator: int | None, country: str | None = None
) -> QuerySet[Any]:
    if country:
        qs = qs.filter(**{f"{prefix}country__code": country})
    if admin_area:
        qs = qs.filter(
            Q(**{f"{prefix}admin_area_id": admin_area}) | Q(**{f"{prefix}admin_area__parent_id": admin_area})
        )
    if operator:
        qs = qs.filter(**{f"{prefix}operator_id": operator})
    return qs


def contamination(
    states: QuerySet[HazardAreaState],
    as_of: dt.date,
    country: str | None = None,
    admin_area: int | None = None,
    operator: int | None = None,
) -> dict[str, Any]:
    """Areas still contaminated on `as_of`, by classification, in whole square metres."""
    rows = (
        _scope(states.as_of(as_of).remaining(), "hazard__", admin_area, operator, country)  # type: ignore[attr-defined]
        .values("classification")
        .annotate(areas=Count("id"), m2=Sum("area_m2"))
    )
    by_class = {row["classification"]: row for row in rows}
    report: dict[str, Any] = {"as_of": as_of.isoformat()}
    total_areas, total_m2 = 0, 0.0
    for code in (Classification.CHA, Classification.SHA):
        row = by_class.get(code, {})
        areas, m2 = int(row.get("areas") or 0), float(row.get("m2") or 0)
        report[code.value] = {"areas": areas, "m2": round(m2)}
        total_areas += areas
        total_m2 += m2
    report["total"] = {"areas": total_areas, "m2": round(total_m2)}
    return report


def mechanical_suitable_m2(states: QuerySet[HazardAreaState], as_of: dt.date, country: str | None = None) -> int:
    """Contaminated land on `as_of` that survey marked suitable for mechanical clearance."""
    qs = _scope(states.as_of(as_of).remaining(), "hazard__", None, None, country)  # type: ignore[attr-defined]
    return round(qs.filter(mechanical_suitable=True).aggregate(m2=Sum("area_m2"))["m2"] or 0)


def released(
    activities: QuerySet[LandReleaseActivity],
    start: dt.date | None = None,
    end: dt.date | None = None,
    country: str | None = None,
    admin_area: int | None = None,
    operator: int | None = None,
    method: str | None = None,
) -> dict[str, Any]:
    """Land cancelled, reduced and cleared between two dates, by year and kind (m²)."""
    qs = activities
    if start:
        qs = qs.filter(end_date__gte=start)
    if end:
        qs = qs.filter(end_date__lte=end)
    qs = _scope(qs, "hazard__", admin_area, None, country)
    if operator:
        qs = qs.filter(organisation_id=operator)
    if method:
        qs = qs.filter(method=method)
    rows = qs.annotate(year=ExtractYear("end_date")).values("year", "kind").annotate(m2=Sum("area_m2"))
    years: dict[str, dict[str, int]] = {}
    totals: dict[str, float] = {}
    for row in rows.order_by("year"):
        years.setdefault(str(row["year"]), {})[row["kind"]] = round(row["m2"])
        totals[row["kind"]] = totals.get(row["kind"], 0.0) + row["m2"]
    return {
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
        "years": years,
        "total": {kind: round(m2) for kind, m2 in totals.items()},
        "total_m2": round(sum(totals.values())),
    }


def resolve_scope(admin_area: str | None, operator: str | None) -> tuple[int | None, int | None]:
    """Ids for an admin-area code and an operator acronym, or ActionError naming the unknown one."""
    from minefree.core.errors import ActionError
    from minefree.gazetteer.models import AdminArea
    from minefree.organisations.models import Organisation

    area_id = op_id = None
    if admin_area:
        area_id = AdminArea.objects.filter(code=admin_area).values_list("pk", flat=True).first()
        if area_id is None:
            raise ActionError(f"No admin area with code {admin_area!r}.", field="admin_area")
    if operator:
        op_id = Organisation.objects.filter(acronym=operator).values_list("pk", flat=True).first()
        if op_id is None:
            raise ActionError(f"No organisation with acronym {operator!r}.", field="operator")
    return area_id, op_id
