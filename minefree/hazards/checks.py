"""Geometry checks for hazardous areas and activities, shared by every entry path."""

from __future__ import annotations

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.utils.translation import gettext as _

from minefree.core.errors import ActionError, NeedsConfirmation
from minefree.core.geometry import area_m2, as_multipolygon, check_polygon
from minefree.gazetteer.models import Country
from minefree.hazards.models import REMAINING, HazardArea

# Overlaps smaller than this are digitising noise along shared edges, not a second hazard.
OVERLAP_TOLERANCE_M2 = 1.0


def overlapping_hazards(geom: GEOSGeometry, exclude_pk: int | None = None) -> list[tuple[HazardArea, float]]:
    """Open hazardous areas sharing ground with `geom`, with the shared area in m²."""
    candidates = HazardArea.objects.filter(status__in=REMAINING, geometry__intersects=geom)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    found = []
    for other in candidates.only("pk", "reference", "name", "geometry")[:50]:
        shared = area_m2(other.geometry.intersection(geom)) if other.geometry else 0.0
        if shared > OVERLAP_TOLERANCE_M2:
            found.append((other, shared))
    return found


def checked_hazard_geometry(
    geom: GEOSGeometry | None, country: Country, *, exclude_pk: int | None = None, confirm: bool = False
) -> MultiPolygon:
    """The geometry as a multipolygon, or ActionError / NeedsConfirmation naming each problem."""
    if geom is None:
        raise ActionError(_("A polygon is needed: upload a file, type coordinates or draw it."), field="geometry")
    if geom.srid is None:
        geom.srid = 4326
    result = check_polygon(geom, country=country.boundary, country_name=country.name)
    if result.errors:
        raise ActionError({"geometry": result.errors})
    geom = as_multipolygon(geom)
    warnings = list(result.warnings)
    for other, shared in overlapping_hazards(geom, exclude_pk):
        warnings.append(
            _("Overlaps %(ref)s %(name)s by %(m2).0f m².") % {"ref": other.reference, "name": other.name, "m2": shared}
        )
    if warnings and not confirm:
        raise NeedsConfirmation({"geometry": warnings})
    return geom
