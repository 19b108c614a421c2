"""Contamination remaining and land released, for any date, area, operator and method.

Every contamination figure is a sum of areas measured from geometry (see core.geometry.area_m2), or of
the officially recorded areas where the centre chose so (hazards/area_basis.py); the caller
passes querysets already restricted to what the reader may see.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear

from minefree.hazards.area_basis import area_sum, described
from minefree.hazards.models import Classification, HazardAreaState, LandReleaseActivity
from minefree.reporting.period import between


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
        .annotate(areas=Count("id"), m2=area_sum())
    )
    by_class = {row["classification"]: row for row in rows}
    report: dict[str, Any] = {"as_of": as_of.isoformat(), "area_basis": described()}
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
    return round(qs.filter(mechanical_suitable=True).aggregate(m2=area_sum())["m2"] or 0)


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
    qs = between(activities, "end_date", start, end)
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


def region_of(prefix: str) -> Coalesce:
    """The level-1 admin area of a row: its district's parent, or the area itself when it is a region."""
    return Coalesce(f"{prefix}admin_area__parent_id", f"{prefix}admin_area_id")


def contamination_by_region(
    states: QuerySet[HazardAreaState], as_of: dt.date, country: str | None = None
) -> dict[int, dict[str, int]]:
    """Areas and m² still contaminated on `as_of`, per level-1 admin area id, in one grouped query.

    Each admin area's m² is rounded before it is added to its region's, so a region is exactly the
    sum of its districts as `contamination_by_district` shows them."""
    scoped = _scope(states.as_of(as_of).remaining(), "hazard__", None, None, country)  # type: ignore[attr-defined]
    return _by_area(scoped.annotate(group=region_of("hazard__"), area=F("hazard__admin_area_id")))


def contamination_by_district(
    states: QuerySet[HazardAreaState], as_of: dt.date, region: int, country: str | None = None
) -> dict[int, dict[str, int]]:
    """The same figures inside one region, per admin area id the hazards are recorded in: its
    districts, and the region's own id for hazards recorded on the region without a district.
    The scope is the one `contamination_by_region` counts for the region, so they sum to it."""
    scoped = _scope(states.as_of(as_of).remaining(), "hazard__", region, None, country)  # type: ignore[attr-defined]
    return _by_area(scoped.annotate(group=F("hazard__admin_area_id"), area=F("hazard__admin_area_id")))


def _by_area(annotated: QuerySet[HazardAreaState]) -> dict[int, dict[str, int]]:
    """Sums per `group`, each `area`'s m² rounded first (the caller annotates both)."""
    rows = annotated.values("group", "area", "classification").annotate(  # type: ignore[misc]
        areas=Count("id"), m2=area_sum()
    )
    out: dict[int, dict[str, int]] = {}
    for row in rows:
        entry = out.setdefault(row["group"], dict.fromkeys(("CHA", "SHA", "areas", "m2", "CHA_m2", "SHA_m2"), 0))
        m2 = round(row["m2"] or 0)
        entry[row["classification"]] += row["areas"]
        entry[f"{row['classification']}_m2"] += m2
        entry["areas"] += row["areas"]
        entry["m2"] += m2
    return out


def remaining_at_year_ends(
    states: QuerySet[HazardAreaState], first: int, last: int, country: str | None = None
) -> dict[int, dict[int, dict[str, float]]]:
    """Contamination on 31 December of each year first..last, per level-1 region: {year: {region: figures}}.

    One grouped query, not one per year: a state counts at the end of year Y exactly when it
    began in Y or before and ended (valid_to, exclusive) after Y, so grouping the states by the
    years they began and ended is enough. Figures: CHA, SHA (areas), CHA_m2, SHA_m2, areas, m2.
    """
    rows = (
        _scope(states.remaining(), "hazard__", None, None, country)  # type: ignore[attr-defined]
        .annotate(region=region_of("hazard__"), began=ExtractYear("valid_from"), ended=ExtractYear("valid_to"))
        .values("region", "classification", "began", "ended")
        .annotate(areas=Count("id"), m2=area_sum())
    )
    out: dict[int, dict[int, dict[str, float]]] = {year: {} for year in range(first, last + 1)}
    for row in rows:
        stop = last if row["ended"] is None else min(row["ended"] - 1, last)
        for year in range(max(row["began"], first), stop + 1):
            entry = out[year].setdefault(
                row["region"], dict.fromkeys(("CHA", "SHA", "CHA_m2", "SHA_m2", "areas", "m2"), 0.0)
            )
            entry[row["classification"]] += row["areas"]
            entry[f"{row['classification']}_m2"] += row["m2"] or 0
            entry["areas"] += row["areas"]
            entry["m2"] += row["m2"] or 0
    return out


# What `released_by` can group on: the level-1 admin area id, the admin area id the hazard is
# recorded in (a district, or the region itself), the operator's acronym, the method.
RELEASE_GROUPS = {
    "region": region_of("hazard__"),
    "district": F("hazard__admin_area_id"),
    "operator": F("organisation__acronym"),
    "method": F("method"),
}


def released_by(
    activities: QuerySet[LandReleaseActivity],
    by: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    country: str | None = None,
    region: int | None = None,
) -> dict[Any, dict[str, dict[str, int]]]:
    """Land released per region id, district id, operator acronym or method: {key: {year: {kind: m²}}},
    in one `region` (level-1 admin area id) or everywhere."""
    qs = between(activities, "end_date", start, end)
    qs = _scope(qs, "hazard__", region, None, country)
    # Regions and districts add up the rounded m² of each admin area, so a region's figure is
    # exactly the sum of its districts'.
    area = F("hazard__admin_area_id") if by in ("region", "district") else Value(0)
    rows = (
        qs.annotate(group=RELEASE_GROUPS[by], area=area, year=ExtractYear("end_date"))
        .values("group", "area", "year", "kind")
        .annotate(m2=Sum("area_m2"))
        .order_by("group", "year")
    )
    out: dict[Any, dict[str, dict[str, int]]] = {}
    for row in rows:
        kinds = out.setdefault(row["group"], {}).setdefault(str(row["year"]), {})
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + round(row["m2"])
    return out


def productivity(
    activities: QuerySet[LandReleaseActivity], start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, Any]:
    """m² released per deminer-day, by method.

    Deminer-days of an activity = its team's size (women + men, as recorded now) times its working
    days (start_date to end_date, both counted). Activities without a team, or whose team has
    nobody recorded, have no deminer-days: they are left out and counted in `excluded`.
    """
    activities = between(activities, "end_date", start, end)
    staffed = activities.annotate(size=F("team__women") + F("team__men")).filter(size__gt=0)
    excluded = activities.count() - staffed.count()
    span = ExpressionWrapper(F("end_date") - F("start_date"), output_field=DurationField())
    rows = staffed.values("method", "size").annotate(n=Count("id"), m2=Sum("area_m2"), days=Sum(span))
    methods: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = methods.setdefault(row["method"], {"activities": 0, "m2": 0.0, "deminer_days": 0})
        working_days = row["days"].days + row["n"]  # each activity counts its first day too
        entry["activities"] += row["n"]
        entry["m2"] += row["m2"] or 0
        entry["deminer_days"] += row["size"] * working_days
    for entry in methods.values():
        entry["m2_per_deminer_day"] = round(entry["m2"] / entry["deminer_days"], 1) if entry["deminer_days"] else None
        entry["m2"] = round(entry["m2"])
    return {"methods": dict(sorted(methods.items())), "excluded": excluded}


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
