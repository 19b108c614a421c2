"""Land release clips leave no spikes: every polygon stays valid as the GeoJSON export writes it.

A clip along an almost shared edge used to leave zero-width spikes (the ring running out along
an edge and straight back), which turn into self-intersections at the export's 7 decimals: on
the demo, 27 hazards and 67 releases. Exports also follow RFC 7946's ring order.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon

from minefree.core.geometry import area_m2
from minefree.demo.shapes import convex_site, half, outward_strip
from minefree.exports.tests.helpers import exported, read_geojson
from minefree.gazetteer.models import AdminArea
from minefree.hazards import actions
from minefree.hazards.models import HazardArea, HazardAreaState, LandReleaseActivity
from minefree.hazards.tests.helpers import new_hazard
from minefree.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def invalid_at_7_decimals(queryset: Any) -> list[int]:
    """Rows whose geometry, as the database writes it with 7 decimals, is not a valid polygon."""
    rows = queryset.exclude(geometry=None).annotate(text=AsGeoJSON("geometry", precision=7))
    return [pk for pk, text in rows.values_list("pk", "text") if not GEOSGeometry(text).valid]


def signed_area(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)) / 2


# Taken from the demo as main built it: a Panj hazard (WKB, every bit of each coordinate) and the
# cleared part inside it; their difference kept a spike and was invalid once written with 7 decimals.
SPIKED_HAZARD = (
    "0106000000010000000103000000010000000800000027D47CDF493E5140BF34542292BB42407B25B2D24E3E5140B8B8139E"
    "A8BB42409DD94816383E514044473946CFBB4240EC2EA5382F3E51405BF23BFCC7BB424077580A342C3E5140540018D6C1BB"
    "4240293AE79D273E514080A1082A96BB4240A6FE6EF33F3E51407A7164717BBB424027D47CDF493E5140BF34542292BB4240"
)
SPIKED_RELEASE = (
    "010600000001000000010300000001000000070000004C7693973F3E5140CCD342D67BBB4240293AE79D273E514080A1082A"
    "96BB424077580A342C3E5140540018D6C1BB4240EC2EA5382F3E51405BF23BFCC7BB42409DD94816383E514044473946CFBB"
    "4240CDF246943F3E5140A2CD2889C2BB42404C7693973F3E5140CCD342D67BBB4240"
)


def test_the_clip_that_left_a_spike_on_main_is_valid_at_7_decimals():
    im = User.objects.get(username="tnmac.im")
    hazard = new_hazard(
        im,
        admin_area=AdminArea.objects.get(code="TJ-KT-PNJ"),
        geometry=GEOSGeometry(SPIKED_HAZARD, srid=4326),
        confirm=True,
    )
    before = hazard.area_m2
    released = GEOSGeometry(SPIKED_RELEASE, srid=4326)
    _release(im, hazard, released, dt.date(2016, 1, 1))
    hazard.refresh_from_db()
    assert hazard.geometry is not None and not invalid_at_7_decimals(HazardArea.objects.filter(pk=hazard.pk))
    assert not invalid_at_7_decimals(LandReleaseActivity.objects.filter(hazard=hazard))
    assert abs(before - area_m2(released) - hazard.area_m2) < 0.5  # only the spike's few cm² went


def test_many_clips_stay_valid_at_the_exports_precision():
    """The class: strips and halves cut off random fields, as survey and clearance do."""
    im = User.objects.get(username="tnmac.im")
    rng = random.Random(2026)
    hazards = []
    for n in range(24):
        site = convex_site(69.30 + (n % 6) * 0.1, 40.30 + (n // 6) * 0.05, rng.uniform(5_000, 60_000), rng)
        grown, strip = outward_strip(site, rng.uniform(15, 60), rng)
        hazard = new_hazard(im, name=f"Clip {n}", geometry=MultiPolygon(site.to_wgs84(grown)), confirm=True)
        _release(im, hazard, MultiPolygon(site.to_wgs84(strip)), dt.date(2016, 1, 1))
        _release(im, hazard, MultiPolygon(site.to_wgs84(half(site, rng))), dt.date(2017, 1, 1))
        hazards.append(hazard.pk)
    assert not invalid_at_7_decimals(HazardArea.objects.filter(pk__in=hazards))
    assert not invalid_at_7_decimals(HazardAreaState.objects.filter(hazard__in=hazards))
    assert not invalid_at_7_decimals(LandReleaseActivity.objects.filter(hazard__in=hazards))


def test_the_demos_exported_polygons_are_valid_and_in_rfc7946_ring_order(persona):
    client = persona("tnmac.im")
    for slug in ("hazards", "land-release"):
        features = read_geojson(exported(client, slug, "geojson"))["features"]
        shapes = [f["geometry"] for f in features if f["geometry"]]
        assert len(shapes) > 100
        invalid = [f["id"] for f in features if f["geometry"] and not GEOSGeometry(json.dumps(f["geometry"])).valid]
        assert invalid == [], (slug, invalid)
        for shape in shapes:
            for polygon in shape["coordinates"]:
                assert signed_area(polygon[0]) > 0  # exterior counter-clockwise
                assert all(signed_area(hole) < 0 for hole in polygon[1:])  # holes clockwise


def test_a_hole_is_written_clockwise(persona):
    im = User.objects.get(username="tnmac.im")
    outer = Polygon.from_bbox((69.50, 40.30, 69.51, 40.31))
    hole = Polygon.from_bbox((69.504, 40.304, 69.506, 40.306))
    hazard = new_hazard(im, geometry=MultiPolygon(outer, srid=4326), confirm=True)
    _release(im, hazard, MultiPolygon(hole, srid=4326), dt.date(2016, 1, 1))
    features = read_geojson(exported(persona("tnmac.im"), "hazards", "geojson"))["features"]
    (polygon,) = next(f for f in features if f["id"] == hazard.pk)["geometry"]["coordinates"]
    assert len(polygon) == 2 and signed_area(polygon[0]) > 0 and signed_area(polygon[1]) < 0


def _release(user: Any, hazard: HazardArea, geometry: MultiPolygon, day: dt.date) -> None:
    geometry.srid = 4326
    actions.release_land(
        user,
        hazard,
        kind="cancel",
        method="survey",
        geometry=geometry,
        start_date=day,
        end_date=day,
        organisation=Organisation.objects.get(acronym="NPA"),
    )
