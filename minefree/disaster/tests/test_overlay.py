"""The overlay query: what lies in or near an affected area, for each reader, checked independently."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.exceptions import PermissionDenied

from minefree.core.errors import ActionError
from minefree.core.models import AuditEntry
from minefree.disaster.models import AffectedArea
from minefree.disaster.results import overlay
from minefree.disaster.tests.helpers import AREA, FAR, INSIDE, NEAR, around_khatlon, khatlon_clerk, metres_apart, record
from minefree.gazetteer.models import AdminArea
from minefree.hazards import actions as hazard_actions
from minefree.hazards.models import REMAINING, HazardArea, LandReleaseActivity
from minefree.hazards.tests.helpers import box, new_hazard


def _around_panj_hazards() -> MultiPolygon:
    """A polygon around three remaining demo hazards in Panj, reaching past them."""
    chosen = list(HazardArea.objects.filter(status__in=REMAINING, admin_area__code="TJ-KT-PNJ").order_by("pk")[:3])
    assert len(chosen) == 3
    hull = chosen[0].geometry.union(chosen[1].geometry).union(chosen[2].geometry).convex_hull.buffer(0.01)
    return MultiPolygon(hull, srid=4326)


def test_the_overlay_lists_what_a_plain_geos_loop_finds(user):
    officer = user("coes.officer")
    outline = _around_panj_hazards()
    area = record(officer, outline)
    result = overlay(officer, area)
    expected = {
        h.reference
        for h in HazardArea.objects.filter(status__in=REMAINING, geometry__isnull=False)
        if h.geometry.intersects(outline)
    }
    assert {r["reference"] for r in result.hazards} == expected
    assert len(expected) >= 3 and result.hazard_count == len(expected) == result.hazards_inside
    released = {a.reference for a in LandReleaseActivity.objects.all() if a.geometry.intersects(outline)}
    assert {r["reference"] for r in result.released} == released
    assert released, "the demo released land around these hazards"
    closed = {r["hazard_status"] for r in result.released}
    assert closed & {"closed", "handed_over", "worked_on"}


def test_the_distance_takes_the_near_hazard_and_leaves_the_far_one(user):
    im, officer = user("tnmac.im"), user("coes.officer")
    inside, near, far = (new_hazard(im, name=n, geometry=g) for n, g in (("In", INSIDE), ("Near", NEAR), ("Far", FAR)))
    gap = metres_apart(AREA, NEAR)
    assert 280 < gap < 310  # 0.0035° of longitude at 40.45° N, less the box's own width: ~296 m
    only_inside = overlay(officer, record(officer, AREA, 0))
    assert [r["reference"] for r in only_inside.hazards] == [inside.reference]
    within_500 = overlay(officer, record(officer, AREA, 500))
    rows = {r["reference"]: r for r in within_500.hazards}
    assert set(rows) == {inside.reference, near.reference}
    assert rows[inside.reference]["inside"] and rows[inside.reference]["distance"] == 0
    assert not rows[near.reference]["inside"]
    assert abs(rows[near.reference]["distance"] - gap) < 0.5
    assert [r["reference"] for r in within_500.hazards] == [inside.reference, near.reference]  # nearest first
    far_gap = metres_apart(AREA, FAR)
    just_short = overlay(officer, record(officer, AREA, int(far_gap) - 5))
    assert far.reference not in {r["reference"] for r in just_short.hazards}
    reaching = overlay(officer, record(officer, AREA, int(far_gap) + 5))
    assert far.reference in {r["reference"] for r in reaching.hazards}


def test_released_land_in_the_area_is_listed_for_re_survey(user):
    im, officer = user("tnmac.im"), user("coes.officer")
    hazard = new_hazard(im, geometry=INSIDE)
    activity = hazard_actions.release_land(
        im,
        hazard,
        kind="clear",
        method="manual",
        geometry=INSIDE,
        start_date=dt.date(2020, 5, 1),
        end_date=dt.date(2020, 6, 1),
        organisation=hazard.operator,
    )
    hazard.refresh_from_db()
    assert hazard.status == "closed"
    result = overlay(officer, record(officer))
    assert result.hazards == []  # nothing left to clear here ...
    rows = [r for r in result.released if r["reference"] == activity.reference]
    # ... but cleared land to check again
    assert len(rows) == 1 and rows[0]["hazard_status"] == "closed" and rows[0]["inside"]


def test_an_operator_limited_to_a_region_sees_only_its_hazards(user):
    officer = user("coes.officer")
    limited = khatlon_clerk(user("tnmac.admin"))
    area = record(officer, around_khatlon())
    everyone = overlay(officer, area)
    theirs = overlay(limited, area)
    regions = {r["region"] for r in everyone.hazards}
    assert len(regions) > 1
    assert theirs.hazards and {r["region"] for r in theirs.hazards} == {"Khatlon"}
    assert {r["reference"] for r in theirs.hazards} < {r["reference"] for r in everyone.hazards}
    assert theirs.released and {r["district"] for r in theirs.released} <= {
        a.name for a in AdminArea.objects.filter(parent__code="TJ-KT")
    }


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"geometry": None}, "geometry"),
        ({"geometry": MultiPolygon(srid=4326)}, "geometry"),
        ({"distance_m": -1}, "distance_m"),
        ({"distance_m": 5_000_000}, "distance_m"),
        ({"distance_m": "far"}, "distance_m"),
        ({"name": "  "}, "name"),
        ({"kind": "meteor"}, "kind"),
        ({"event_date": dt.date(2999, 1, 1)}, "event_date"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(user, fields, field):
    officer = user("coes.officer")
    before = (AffectedArea.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ActionError) as error:
        record(officer, **fields)
    assert field in error.value.errors
    assert (AffectedArea.objects.count(), AuditEntry.objects.count()) == before


def test_a_self_crossing_outline_is_refused(user):
    from django.contrib.gis.geos import GEOSGeometry

    bowtie = GEOSGeometry("POLYGON((69.4 40.45, 69.42 40.46, 69.42 40.45, 69.4 40.46, 69.4 40.45))", srid=4326)
    with pytest.raises(ActionError) as error:
        record(user("coes.officer"), bowtie)
    assert "not valid" in " ".join(error.value.errors["geometry"])


def test_recording_is_audited_and_owned_by_the_agency(user):
    officer = user("coes.officer")
    area = record(officer, distance_m=250)
    entry = AuditEntry.objects.get(action="record_affected_area", object_id=str(area.pk))
    assert entry.user == officer and entry.after["distance_m"] == 250
    assert area.organisation.acronym == "CoES" and area.created_by == officer
    assert 1_860_000 < area.area_m2 < 1_900_000  # 0.02° × 0.01° at 40.45° N: ~1,695 m × ~1,110 m


def test_who_may_record_an_affected_area(user, db):
    public = User.objects.create_user("passer.by")
    with pytest.raises(PermissionDenied):
        record(public)
    for name in ("coes.officer", "donor.usdos", "npa.clerk", "tnmac.im"):
        assert record(user(name)).pk


def test_a_long_edge_keeps_to_its_line_of_latitude(user):
    """A 6° wide flood edge at 40.45° N: projected corner to corner it would bow ~4 km north in UTM."""
    im, officer = user("tnmac.im"), user("coes.officer")
    north_of_edge = new_hazard(im, name="North of the edge", geometry=box(69.0, 40.459))
    wide = MultiPolygon(Polygon.from_bbox((66.0, 40.40, 72.0, 40.45)), srid=4326)
    near = overlay(officer, record(officer, wide, 500))
    assert north_of_edge.reference not in {r["reference"] for r in near.hazards}
    wider = overlay(officer, record(officer, wide, 1500))
    rows = {r["reference"]: r for r in wider.hazards}
    # 0.009° of latitude is 999 m (111.0 km a degree at 40.45° N); the UTM scale there adds < 0.1 %.
    assert 995 < rows[north_of_edge.reference]["distance"] < 1005


def test_an_outline_in_another_projection_is_stored_in_wgs84(user):
    in_utm = AREA.transform(32642, clone=True)
    area = record(user("coes.officer"), in_utm)
    area.refresh_from_db()
    assert area.geometry.srid == 4326 and area.geometry.equals_exact(AREA, 1e-7)
    assert 1_860_000 < area.area_m2 < 1_900_000
