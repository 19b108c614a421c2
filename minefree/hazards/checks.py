"""Geometry checks for hazardous areas and activities, shared by every entry path.

`placed()` is the one check of where a polygon lies (its country by the GICHD rules, and the
district it is filed under); creating or changing a hazard and every field report (web form, API,
ODK, GeoPackage) call it, at submission and again at approval.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point, Polygon
from django.db.models import Q
from django.utils.translation import gettext as _

from minefree.core.errors import ActionError, NeedsConfirmation
from minefree.core.geometry import (
    GeometryCheck,
    area_m2,
    as_multipolygon,
    check_polygon,
    cleaned,
    coords_of,
    swapped_axes,
)
from minefree.core.spatial_index import meeting
from minefree.gazetteer.models import AdminArea, Country
from minefree.hazards.models import REMAINING, HazardArea

# Overlaps smaller than this are digitising noise along shared edges, not a second hazard.
OVERLAP_TOLERANCE_M2 = 1.0
# A polygon belongs to the district holding the largest share of it. One split along a boundary
# may be filed under a district holding nearly as much (within this share of the polygon), and
# the gazetteer's boundaries being coarser than a survey does not matter for most polygons.
DISTRICT_SHARE_TOLERANCE = 0.10
BOX_MARGIN = 0.01  # degrees around a batch's polygons within which its districts are read (`Districts`)
# A report's point may lie this far outside its district: villagers name the district they live in,
# and the demo's border accidents lie up to 25 km across the river (measured in the points tests).
POINT_TOLERANCE_KM = 30.0
# Degrees to km along a meridian; it overstates east-west distances, so the tolerance errs generous.
KM_PER_DEGREE = 111.32


@dataclass
class Place:
    """Where a polygon lies: its district (given or found), errors by field, warnings."""

    district: AdminArea | None
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def district_shares(geom: GEOSGeometry) -> list[tuple[AdminArea, float]]:
    """The districts sharing ground with `geom` and the share of its area each holds, largest first."""
    if not geom.valid:  # a bow tie still lies somewhere; its own check names the self-intersection
        geom = geom.make_valid()
    whole = geom.area or 1.0
    found = [
        (area, area.boundary.intersection(geom).area / whole)
        for area in AdminArea.objects.filter(level=AdminArea.Level.DISTRICT, boundary__intersects=geom).select_related(
            "country"
        )
    ]
    return sorted(found, key=lambda pair: -pair[1])


class Districts:
    """The districts a batch of polygons and codes can name, read in one query, answering as
    `district_shares` and a lookup by code would (a file import checks thousands of polygons).

    A polygon outside the batch's extent, or a code not given up front, is looked up as usual.
    `everywhere()`: every district, read once for a whole file, answering for any polygon.
    """

    def __init__(self, geoms: Iterable[GEOSGeometry | None], codes: Iterable[str] = (), *, every: bool = False) -> None:
        self.codes = {code for code in codes if code}
        points = [] if every else [xy for g in geoms if g is not None and not g.empty for xy in _vertices(g)]
        self.box: GEOSGeometry | None = None
        self.every = every
        where = Q(code__in=self.codes)
        if points:
            xs, ys = [x for x, _y in points], [y for _x, y in points]
            # A margin, so a polygon read back from its GeoJSON (last digits rounded) still falls inside.
            bbox = (min(xs) - BOX_MARGIN, min(ys) - BOX_MARGIN, max(xs) + BOX_MARGIN, max(ys) + BOX_MARGIN)
            self.box = Polygon.from_bbox(bbox)
            self.box.srid = 4326
            where |= Q(boundary__intersects=self.box)
        if every:
            where = Q()
        wanted = every or points or self.codes
        areas = list(AdminArea.objects.filter(where, level=AdminArea.Level.DISTRICT)) if wanted else []
        countries = Country.objects.in_bulk({area.country_id for area in areas})
        for area in areas:
            area.country = countries[area.country_id]  # one copy of each country's boundary, not one per district
        self.by_code = {area.code: area for area in areas}
        box = self.box
        self.inside = box.prepared if box is not None else None
        self.near = [
            (area, area.boundary.prepared) for area in areas if every or (box and area.boundary.intersects(box))
        ]
        self.prepared = {area.pk: shape for area, shape in self.near}
        # The last polygon measured: a file's feature is measured by the plan, then by its report's check.
        self.last: tuple[GEOSGeometry, list[tuple[AdminArea, float]]] | None = None

    @classmethod
    def everywhere(cls) -> Districts:
        return cls([], every=True)

    def code(self, code: str) -> AdminArea | None:
        if self.every or code in self.codes or code in self.by_code:
            return self.by_code.get(code)
        return AdminArea.objects.filter(code=code, level=AdminArea.Level.DISTRICT).select_related("country").first()

    def shares(self, geom: GEOSGeometry, likely: AdminArea | None = None) -> list[tuple[AdminArea, float]]:
        """`district_shares(geom)`, from the districts in memory when the polygon lies in the batch's extent.

        `likely`: the district the polygon is filed under. When it holds the polygon's interior whole,
        the answer is that district alone (a neighbour could only touch its edge, at no share), found
        with one test instead of one per district.
        """
        if likely is not None:
            prepared = self.prepared.get(likely.pk)
            if prepared is not None and geom.valid and prepared.contains(geom):
                return [(likely, 1.0)]
        if self.inside is None and not self.every:
            return district_shares(geom)
        if self.last is not None and (self.last[0] is geom or self.last[0].equals_exact(geom, 0)):
            return self.last[1]
        measured = geom
        if not geom.valid:  # as district_shares: a bow tie still lies somewhere
            geom = geom.make_valid()
        if self.inside is not None and not self.inside.covers(geom):
            return district_shares(measured)
        whole = geom.area or 1.0
        found = [
            # Wholly inside, the share is all of it: no need to cut the polygon out of a large boundary.
            (area, 1.0 if shape.covers(geom) else area.boundary.intersection(geom).area / whole)
            for area, shape in self.near
            if shape.intersects(geom)
        ]
        self.last = (measured, sorted(found, key=lambda pair: -pair[1]))
        return self.last[1]


def _vertices(geom: GEOSGeometry) -> Iterator[tuple[float, float]]:
    if not isinstance(geom, Polygon | MultiPolygon):
        yield from ((x, y) for x, y in (geom.extent[:2], geom.extent[2:]))
        return
    rings = coords_of(geom) if isinstance(geom, MultiPolygon) else [coords_of(geom)]
    for polygon in rings:
        for ring in polygon[:1]:  # the outer ring holds every hole
            yield from ((x, y) for x, y, *_z in ring)


def placed(
    geom: GEOSGeometry,
    district: AdminArea | None = None,
    *,
    country: Country | None = None,
    with_district: bool = True,
    geometry_field: str = "geometry",
    district_field: str = "admin_area",
    districts: Districts | None = None,
    country_boundary: Any = None,
) -> Place:
    """Check a WGS 84 polygon against its country (GICHD rules) and the district it is filed under.

    With `district` given, that district must hold the largest share of the polygon (within
    DISTRICT_SHARE_TOLERANCE); without one, the district holding the largest share is found.
    `with_district=False` checks the country only (a release, clipped to its hazard anyway).
    `districts`: the batch's districts read once, instead of a query for this polygon;
    `country_boundary`: the country's prepared boundary, when many polygons are checked.
    """
    country = district.country if district is not None else country
    polygonal = geom.geom_type in ("Polygon", "MultiPolygon")
    # Measured once, and only when a district is checked or the country is not known yet.
    shares: list[tuple[AdminArea, float]] = []
    if polygonal and (with_district or country is None):
        shares = districts.shares(geom, district) if districts is not None else district_shares(geom)
    if country is None and shares:
        country = shares[0][0].country
    if country is None:
        country = Country.objects.filter(boundary__intersects=geom).first()
    if country is None:
        return Place(None, {geometry_field: _outside_every_country(geom)})
    boundary = country_boundary if country_boundary is not None else country.boundary
    result: GeometryCheck = check_polygon(geom, country=boundary, country_name=country.name)
    if result.errors:
        return Place(district, {geometry_field: result.errors}, result.warnings)
    place = Place(district, {}, result.warnings)
    if not with_district:
        return place
    if not shares:
        place.errors[district_field] = [_("No district holds this polygon; check the polygon and the district.")]
        return place
    best, best_share = shares[0]
    if district is None:
        place.district = best
        return place
    held = dict((area.pk, share) for area, share in shares).get(district.pk, 0.0)
    if held < best_share - DISTRICT_SHARE_TOLERANCE:
        place.errors[district_field] = [
            _(
                "The polygon lies mostly in %(best)s (%(code)s, %(best_share).0f%% of its area), not in "
                "%(district)s (%(held).0f%%); file it under the district that holds it."
            )
            % {
                "best": best.name,
                "code": best.code,
                "best_share": best_share * 100,
                "district": district.name,
                "held": held * 100,
            }
        ]
    return place


def placed_point(point: Point, district: AdminArea | None = None, *, country: Country | None = None) -> list[str]:
    """Errors for a report's point: it must lie in (or within POINT_TOLERANCE_KM of) its district,
    else `country`, else (a spot task outside any hazard, maybe cross-border work) any known country."""
    swapped = Point(point.y, point.x, srid=4326)
    area: AdminArea | Country | None = district if district is not None else country
    if area is None:
        if Country.objects.filter(boundary__intersects=point).exists():
            return []
        if Country.objects.filter(boundary__intersects=swapped).exists():
            return [
                _("Latitude and longitude look swapped: the point lies in a known country only with them exchanged.")
            ]
        return [_("The point lies outside every country MineFree knows.")]
    km = area.boundary.distance(point) * KM_PER_DEGREE
    if km <= POINT_TOLERANCE_KM:
        return []
    if area.boundary.intersects(swapped):
        return [
            _("Latitude and longitude look swapped: the point lies in %(area)s only with them exchanged.")
            % {"area": area.name}
        ]
    return [_("The point lies outside %(area)s, %(km).0f km from it.") % {"area": area.name, "km": km}]


def _outside_every_country(geom: GEOSGeometry) -> list[str]:
    swapped = swapped_axes(geom)
    if swapped is not None and Country.objects.filter(boundary__intersects=swapped).exists():
        return [
            _(
                "Latitude and longitude appear to be swapped: the polygon lies in a known country only "
                "with the axes exchanged."
            )
        ]
    return [_("The polygon lies in no country MineFree knows.")]


def overlapping_hazards(geom: GEOSGeometry, exclude_pk: int | None = None) -> list[tuple[HazardArea, float]]:
    """Open hazardous areas sharing ground with `geom`, with the shared area in m²."""
    candidates = HazardArea.objects.filter(status__in=REMAINING, pk__in=meeting(HazardArea, geom))
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    found = []
    for other in candidates.only("pk", "reference", "name", "geometry")[:50]:
        shared = area_m2(other.geometry.intersection(geom)) if other.geometry else 0.0
        if shared > OVERLAP_TOLERANCE_M2:
            found.append((other, shared))
    return found


def checked_hazard_geometry(
    geom: GEOSGeometry | None, district: AdminArea, *, exclude_pk: int | None = None, confirm: bool = False
) -> MultiPolygon:
    """The geometry as a multipolygon on the stored grid, or ActionError / NeedsConfirmation naming each problem."""
    if geom is None:
        raise ActionError(_("A polygon is needed: upload a file, type coordinates or draw it."), field="geometry")
    if geom.srid is None:
        geom.srid = 4326
    elif geom.srid != 4326:
        geom = geom.transform(4326, clone=True)
    place = placed(geom, district)
    if place.errors:
        raise ActionError(place.errors)
    geom = cleaned(geom) or as_multipolygon(geom)
    warnings = list(place.warnings)
    for other, shared in overlapping_hazards(geom, exclude_pk):
        warnings.append(
            _("Overlaps %(ref)s %(name)s by %(m2).0f m².") % {"ref": other.reference, "name": other.name, "m2": shared}
        )
    if warnings and not confirm:
        raise NeedsConfirmation({"geometry": warnings})
    return geom
