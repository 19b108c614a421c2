"""Possible duplicates of a field report: records of the same kind on the same ground, close in time."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry

from minefree.core.geometry import area_m2, metres_between
from minefree.core.permissions import Action
from minefree.core.spatial_index import meeting
from minefree.fieldwork.models import FieldReport
from minefree.hazards.models import REMAINING, HazardArea


@dataclass
class Candidate:
    kind: str  # "hazard" (in the national record) or "report" (another report in review)
    pk: int
    reference: str
    name: str
    overlap_m2: float
    overlap_share: float  # of the smaller of the two polygons
    days_apart: int
    same_attributes: bool
    score: float
    distance_m: float = 0.0  # between the centres of the two polygons
    geometry: GEOSGeometry | None = field(default=None, repr=False)  # drawn on the review map

    def as_dict(self) -> dict[str, Any]:
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in self.__dict__.items() if k != "geometry"}


def _apart(a: GEOSGeometry, b: GEOSGeometry) -> float:
    """Metres between the centres of two overlapping polygons: how far apart the two records put the
    same hazard (their outlines touch, so the distance between outlines would always be nought)."""
    ca, cb = a.centroid, b.centroid
    return metres_between((ca.x, ca.y), (cb.x, cb.y))


def _score(share: float, days: int, same: bool, window: int) -> float:
    """Overlap counts most, then nearness in time, then matching classification and contamination."""
    closeness = max(0.0, 1 - days / window) if window else 0.0
    return 0.6 * share + 0.3 * closeness + (0.1 if same else 0.0)


def candidates(report: FieldReport, user: Any) -> list[Candidate]:
    """Ranked, best first; only records the user may see."""
    geom = report.geometry
    if geom is None or report.kind != "hazard":
        return []
    window = settings.MINEFREE_DUPLICATE_WINDOW_DAYS
    own_area = area_m2(geom) or 1.0
    payload = report.payload
    found: list[Candidate] = []
    hazards = (
        HazardArea.objects.restrict(user, Action.VIEW)
        .filter(status__in=REMAINING, pk__in=meeting(HazardArea, geom))
        .exclude(pk=report.hazard_id or 0)[:50]
    )
    for hazard in hazards:
        assert hazard.geometry is not None
        shared = area_m2(hazard.geometry.intersection(geom))
        if shared <= 1:
            continue
        days = abs((report.date_of_information - hazard.recorded_on).days)
        same = (payload.get("classification"), payload.get("contamination")) == (
            hazard.classification,
            hazard.contamination,
        )
        share = shared / min(own_area, hazard.area_m2 or own_area)
        found.append(
            Candidate(
                "hazard",
                hazard.pk,
                hazard.reference,
                hazard.name,
                shared,
                min(share, 1.0),
                days,
                same,
                _score(min(share, 1.0), days, same, window),
                _apart(geom, hazard.geometry),
                hazard.geometry,
            )
        )
    reports = (
        FieldReport.objects.restrict(user, Action.VIEW)
        .filter(kind=report.kind, state=FieldReport.State.SUBMITTED, pk__in=meeting(FieldReport, geom))
        .exclude(pk=report.pk)[:50]
    )
    for other in reports:
        assert other.geometry is not None
        days = abs((report.date_of_information - other.date_of_information).days)
        if days > window:
            continue
        shared = area_m2(other.geometry.intersection(geom))
        if shared <= 1:
            continue
        same = (payload.get("classification"), payload.get("contamination")) == (
            other.payload.get("classification"),
            other.payload.get("contamination"),
        )
        share = min(shared / min(own_area, area_m2(other.geometry) or own_area), 1.0)
        found.append(
            Candidate(
                "report",
                other.pk,
                other.reference,
                str(other.payload.get("name", "")),
                shared,
                share,
                days,
                same,
                _score(share, days, same, window),
                _apart(geom, other.geometry),
                other.geometry,
            )
        )
    return sorted(found, key=lambda c: -c.score)
