"""Land release history and ordnance found from a legacy file: the hazard named by its IMSMA id or
reference, the released polygon clipped and the timeline replayed as approving a report does,
every problem named by row and field, and a second import creating nothing twice."""

import datetime as dt

from django.contrib.gis.geos import Point

from minefree.core.models import AuditEntry
from minefree.hazards import actions
from minefree.hazards import legacy_release as _registers  # noqa: F401 - the lead wires it at merge
from minefree.hazards.models import HazardArea, LandReleaseActivity, OrdnanceFind
from minefree.hazards.tests.helpers import box, new_hazard
from minefree.legacy import external_ids
from minefree.legacy.models import ExternalId
from minefree.legacy.targets import TARGETS, Context, Row

RELEASE, ORDNANCE = TARGETS["land_release"], TARGETS["ordnance"]


def imported_hazard(user, guid="{HA-1}", local_id="HA-0001", **where):
    hazard = new_hazard(user("tnmac.im"), **where)
    external_ids.remember(HazardArea, [(Row(0, {}, guid=guid, local_id=local_id), hazard.pk)])
    return hazard


def release(number, hazard="{HA-1}", **changes):
    values = {
        "hazard": hazard,
        "organisation": "NPA",
        "kind": "clear",
        "method": "manual",
        "geometry": box(69.599, 40.599, d=0.002),  # the south-west quarter of the hazard's box
        "start_date": dt.date(2019, 1, 1),
        "end_date": dt.date(2019, 2, 1),
        "depth_cm": 13,
        "team": "Manual team 1",
    } | changes
    return Row(number, values, guid=f"{{LR-{number}}}")


def context(user, name="tnmac.im"):
    return Context(user=user(name), file="release.gdb", dry_run=False)


def test_every_release_problem_is_named_by_row_and_field(user):
    imported_hazard(user)
    rows = [
        release(1, hazard="{NOPE}"),
        release(2, kind="cancel"),
        release(3, end_date=dt.date(2018, 12, 1)),
        release(4, start_date=dt.date(2014, 1, 1), end_date=dt.date(2014, 2, 1)),
        release(5, geometry=box(69.70, 40.70)),
        release(6, team="A team"),
        release(7, end_date=dt.date(2999, 1, 1)),
        release(8, organisation="Demining Ltd"),
    ]
    problems = {(r.number, f): m for r, f, m in RELEASE.check(rows, context(user))}
    assert problems[(1, "hazard")] == "No hazardous area with reference or IMSMA id {NOPE}."
    assert problems[(2, "method")].startswith("Non-technical survey cancels land")
    assert problems[(3, "end_date")] == "The end date is before the start date."
    assert "before the hazardous area was recorded" in problems[(4, "end_date")]
    assert "does not overlap" in problems[(5, "geometry")]
    assert problems[(6, "team")] == "NPA has no team called A team."
    assert problems[(7, "end_date")] == "2999-01-01 is in the future."
    assert problems[(8, "organisation")] == "No organisation called Demining Ltd."
    assert len(problems) == 8 and not LandReleaseActivity.objects.filter(start_date=dt.date(2019, 1, 1)).exists()


def test_another_operator_may_not_release_npas_hazard(user):
    imported_hazard(user)
    problems = RELEASE.check([release(1, organisation="FSD", team="")], context(user, "fsd.clerk"))
    assert {(r.number, f) for r, f, _m in problems} == {(1, "hazard"), (1, "organisation")}


def test_releases_replay_the_timeline_as_approving_reports_does(user, persona):
    imported = imported_hazard(user)
    by_hand = new_hazard(user("tnmac.im"), confirm=True)  # the same polygon released by the named action
    rows = [
        release(1),  # by GUID
        release(2, hazard="HA-0001", geometry=box(69.599, 40.599, d=0.0025), end_date=dt.date(2020, 3, 1)),
    ]
    counts = RELEASE.write(rows, context(user))
    assert counts.created == 2
    for row in rows:
        actions.release_land(
            user("tnmac.im"),
            by_hand,
            kind="clear",
            method="manual",
            geometry=row.values["geometry"],
            start_date=row.values["start_date"],
            end_date=row.values["end_date"],
            organisation=imported.operator,
        )
    imported.refresh_from_db()
    by_hand.refresh_from_db()
    assert imported.status == "worked_on" and 0 < imported.area_m2 < 0.6 * by_hand.states.first().area_m2
    assert abs(imported.area_m2 - by_hand.area_m2) < 1.0
    assert [s.area_m2 for s in imported.states.all()] == [s.area_m2 for s in by_hand.states.all()]
    made = LandReleaseActivity.objects.filter(hazard=imported).order_by("end_date")
    assert made[0].reference.startswith("TJK-LR-") and made[0].team.name == "Manual team 1"
    assert abs(made[1].area_m2 / made[0].area_m2 - 1.25) < 0.02  # the L the first release left of its square
    assert AuditEntry.objects.filter(action="release_land", object_id=str(made[0].pk)).exists()
    page = persona("tnmac.im").get(f"/hazards/{imported.pk}/").content.decode()
    assert made[1].reference in page


def test_importing_releases_again_creates_nothing_twice(user):
    hazard = imported_hazard(user)
    RELEASE.write([release(1), release(2, geometry=box(69.601, 40.601, d=0.001))], context(user))
    area = HazardArea.objects.get(pk=hazard.pk).area_m2
    again = RELEASE.write([release(1), release(2, geometry=box(69.601, 40.601, d=0.001), depth_cm=20)], context(user))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
    assert LandReleaseActivity.objects.filter(hazard=hazard).count() == 2
    assert HazardArea.objects.get(pk=hazard.pk).area_m2 == area
    assert ExternalId.objects.filter(guid__in=["{LR-1}", "{LR-2}"]).count() == 2
    moved = RELEASE.check([release(1, geometry=box(69.600, 40.600, d=0.0015))], context(user))
    assert [(r.number, f) for r, f, _m in moved] == [(1, "geometry")]


def find(number, **changes):
    values = {
        "organisation": "NPA",
        "found_on": dt.date(2019, 1, 20),
        "category": "ap_mine",
        "ordnance_type": "PMN-2",
        "quantity": 3,
        "disposal": "in_situ",
        "disposed_on": dt.date(2019, 1, 21),
        "location": None,
        "activity": "{LR-1}",
        "hazard": "",
    } | changes
    return Row(number, values, local_id=f"EO-{number}")


def test_ordnance_by_activity_hazard_or_spot_location(user, persona):
    hazard = imported_hazard(user)
    RELEASE.write([release(1)], context(user))
    rows = [
        find(1),
        find(2, activity="", hazard="HA-0001", quantity=1),
        find(3, activity="", location=Point(68.78, 38.56, srid=4326), category="uxo", ordnance_type="OF-25"),
    ]
    assert ORDNANCE.write(rows, context(user)).created == 3
    made = {
        r.local_id: OrdnanceFind.objects.get(pk=ExternalId.objects.get(local_id=r.local_id).object_id) for r in rows
    }
    assert made["EO-1"].activity.hazard == hazard and made["EO-1"].hazard == hazard
    assert made["EO-2"].hazard == hazard and made["EO-2"].activity is None
    assert made["EO-3"].hazard is None and made["EO-3"].country.code == "TJK"
    assert AuditEntry.objects.filter(action="record_ordnance", object_id=str(made["EO-1"].pk)).exists()
    page = persona("tnmac.im").get(f"/records/ordnance/{made['EO-3'].pk}/").content.decode()
    assert "OF-25" in page
    again = ORDNANCE.write([find(1, quantity=4), *rows[1:]], context(user))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 2)
    assert OrdnanceFind.objects.get(pk=made["EO-1"].pk).quantity == 4


def test_every_ordnance_problem_is_named_by_row_and_field(user):
    imported_hazard(user)
    rows = [
        find(1, activity=""),
        find(2, activity="", hazard="HA-0001", disposed_on=dt.date(2019, 1, 1)),
        find(3, activity="{NOPE}"),
        find(4, activity="", hazard="HA-0001", quantity=0),
        find(5, activity="", location=Point(2.35, 48.85, srid=4326)),
        find(6, activity="", hazard="HA-0001", category="mortar"),
    ]
    problems = {(r.number, f): m for r, f, m in ORDNANCE.check(rows, context(user))}
    assert problems[(1, "location")] == "A spot task needs the location where the ordnance was found."
    assert problems[(2, "disposed_on")] == "Disposal cannot come before the find."
    assert problems[(3, "activity")] == "No land release activity with reference or IMSMA id {NOPE}."
    assert problems[(4, "quantity")].startswith("Give a whole number from 1")
    assert problems[(5, "location")] == "The location lies in no country this system knows."
    assert problems[(6, "category")].startswith("Choose one of: ap_mine")
    assert len(problems) == 6


def test_a_release_geopackage_and_an_ordnance_xlsx_go_in_end_to_end(tmp_path, user):
    from minefree.legacy.mapping import parse
    from minefree.legacy.run import import_file
    from minefree.legacy.tests import files

    hazard = imported_hazard(user, guid="6f1c2a4e-0000-4000-8000-0000000000aa")
    releases = [
        {
            "GUID": "{AB000000-0000-4000-8000-000000000001}",
            "HAZARD_GUID": "{6F1C2A4E-0000-4000-8000-0000000000AA}",  # as IMSMA writes it: braces, capitals
            "ORG": "NPA",
            "TYPE": "Clearance",
            "METHOD": "Manual",
            "START": "01/01/2019",
            "FINISH": "01/02/2019",
            "geometry": files.box(69.599, 40.599),
        }
    ]
    path = files.write_geo(tmp_path / "release.gpkg", releases, "GPKG", layer="LAND_RELEASE")
    mapping = parse(
        {
            "target": "land_release",
            "guid": "GUID",
            "date_formats": ["dd/mm/yyyy"],
            "fields": {
                "hazard": "HAZARD_GUID",
                "organisation": "ORG",
                "kind": {"column": "TYPE", "values": {"Clearance": "clear"}},
                "method": "METHOD",
                "start_date": "START",
                "end_date": "FINISH",
            },
        }
    )
    outcome = import_file(path, mapping, user=user("tnmac.im"))
    assert outcome.problems == [] and outcome.counts.created == 1
    hazard.refresh_from_db()
    assert hazard.status == "worked_on" and hazard.states.count() == 2
    finds = [
        {
            "ID": "EO-1",
            "ACTIVITY": "ab000000-0000-4000-8000-000000000001",
            "ORG": "NPA",
            "FOUND": "20/01/2019",
            "CAT": "AP mine",
            "TYPE": "PMN",
            "QTY": 2.0,
            "DISPOSAL": "Destroyed in situ",
            "DISPOSED": "21/01/2019",
            "geometry": None,
        },
    ]
    table = files.write_table(tmp_path / "ordnance.xlsx", finds, "XLSX")
    ordnance = parse(
        {
            "target": "ordnance",
            "local_id": "ID",
            "date_formats": ["dd/mm/yyyy"],
            "fields": {
                "activity": "ACTIVITY",
                "organisation": "ORG",
                "found_on": "FOUND",
                "category": {"column": "CAT", "values": {"AP mine": "ap_mine"}},
                "ordnance_type": "TYPE",
                "quantity": "QTY",
                "disposal": "DISPOSAL",
                "disposed_on": "DISPOSED",
            },
        }
    )
    outcome = import_file(table, ordnance, user=user("tnmac.im"))
    assert outcome.problems == [] and outcome.counts.created == 1
    found = OrdnanceFind.objects.get(pk=ExternalId.objects.get(local_id="EO-1").object_id)
    assert (found.hazard, found.quantity, found.category) == (hazard, 2, "ap_mine")


def test_a_dry_run_sees_land_an_earlier_row_of_the_file_releases(user):
    hazard = imported_hazard(user)
    twice = [release(1), release(2, geometry=box(69.600, 40.600, d=0.001), end_date=dt.date(2019, 3, 1))]
    problems = RELEASE.check(twice, context(user))
    assert [(r.number, f) for r, f, _m in problems] == [(2, "geometry")]
    # An earlier row dated later does not take the land first: release_land clips by date.
    later_first = [release(1, end_date=dt.date(2019, 3, 1)), release(2, geometry=box(69.600, 40.600, d=0.001))]
    assert RELEASE.check(later_first, context(user)) == []
    # The pipeline checks, then writes, each batch with one context: the rows do not clip themselves.
    both = Context(user=user("tnmac.im"), file="release.gdb", dry_run=False)
    rows = [release(1), release(2, geometry=box(69.599, 40.599, d=0.0025), end_date=dt.date(2020, 3, 1))]
    assert RELEASE.check(rows, both) == []
    assert RELEASE.write(rows, both).created == 2
    assert LandReleaseActivity.objects.filter(hazard=hazard).count() == 2
