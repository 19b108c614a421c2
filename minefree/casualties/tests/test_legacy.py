"""Accidents and victims from a legacy file: counts by sex and age become casualties the figures
count, victims' personal data is sealed as registering a victim seals it, and only a user whose
grant holds personal data may import victims."""

import datetime as dt

from django.db import connection

from minefree.casualties import assistance, legacy
from minefree.casualties.models import Accident, Casualty, Victim
from minefree.core.models import AuditEntry
from minefree.legacy.models import ExternalId
from minefree.legacy.targets import TARGETS, Context, Row

ACCIDENTS, VICTIMS = TARGETS["accident"], TARGETS["victim"]
PERIOD = "from=2024-06-10&to=2024-06-12"  # the demo has no accident in these days


def accident(number, **changes):
    values = {
        "organisation": "TNMAC",
        "date": dt.date(2024, 6, 11),
        "kind": "civilian",
        "admin_area": "TJ-KT-PNJ",
        "activity_at_time": "herding",
        "device": "PMN-2",
        "killed_man": 1,
        "injured_boy": 2,
        "injured_woman": None,
    } | changes
    return Row(number, values, guid=f"{{ACC-{number}}}", local_id=f"ACC-{number}")


def victim(number, **changes):
    values = {
        "organisation": "TNMAC",
        "admin_area": "TJ-KT-PNJ",
        "sex": "male",
        "birth_year": 2012,
        "name": f"Imported Survivor {number}",
        "contact": "+992 900 111 222",
        "medical": "Lost left foot",
    } | changes
    return Row(number, values, guid=f"{{VIC-{number}}}")


def context(user, name="tnmac.im"):
    return Context(user=user(name), file="accidents.xlsx", dry_run=False)


def test_accident_questions_are_the_reports_with_counts_by_sex_and_age():
    names = [q.name for q in ACCIDENTS.questions()]
    assert {"kind", "admin_area", "activity_at_time", "location", "device", "hazard", "organisation", "date"} <= set(
        names
    )
    assert {"killed_girl", "killed_boy", "killed_woman", "killed_man", "injured_girl", "injured_man"} <= set(names)
    assert "casualties" not in names and isinstance(ACCIDENTS, legacy.AccidentTarget)


def test_every_accident_problem_is_named_by_row_and_field(user):
    rows = [
        accident(1, kind="traffic"),
        accident(2, killed_man=0, injured_boy=0),
        accident(3, hazard="TJK-HA-999999"),
        accident(4, date=dt.date(2999, 1, 1)),
        accident(5, injured_boy=-1),
        accident(6, admin_area="Nowhere"),
        accident(7, location=None, activity_at_time=""),
    ]
    problems = {(r.number, f): m for r, f, m in ACCIDENTS.check(rows, context(user))}
    assert problems[(1, "kind")] == "Choose one of: civilian, demining."
    assert problems[(2, "casualties")] == "An accident has at least one casualty."
    assert problems[(3, "hazard")] == "No hazardous area with reference or IMSMA id TJK-HA-999999."
    assert problems[(4, "date")] == "2999-01-01 is in the future."
    assert problems[(5, "injured_boy")].startswith("Give a whole number from 0")
    assert problems[(6, "admin_area")] == "No district with code Nowhere."
    assert problems[(7, "activity_at_time")] == "This field is required."
    assert len(problems) == 7 and not Accident.objects.filter(date=dt.date(2024, 6, 11)).exists()


def test_casualties_by_sex_and_age_reach_the_figures(user, persona):
    figures = persona("donor.usdos").get(f"/api/v1/reports/casualties/?{PERIOD}")
    assert figures.json()["total"] == {"killed": 0, "injured": 0}
    counts = ACCIDENTS.write([accident(1), accident(2, kind="demining", injured_woman=1)], context(user))
    assert counts.created == 2
    after = persona("donor.usdos").get(f"/api/v1/reports/casualties/?{PERIOD}").json()
    assert after["men"] == {"killed": 2, "injured": 0} and after["boys"] == {"killed": 0, "injured": 4}
    assert after["women"] == {"killed": 0, "injured": 1} and after["total"] == {"killed": 2, "injured": 5}
    second = Accident.objects.get(pk=ExternalId.objects.get(guid="{ACC-2}").object_id)
    assert second.reference.startswith("TJK-ACC-") and second.country.code == "TJK"
    assert all(c.deminer for c in second.casualties.all()) and second.casualties.count() == 4
    entry = AuditEntry.objects.get(action="record_accident", object_id=str(second.pk))
    assert len(entry.after["casualties"]) == 4
    page = persona("tnmac.im").get(f"/records/accidents/{second.pk}/").content.decode()
    assert second.reference in page and "PMN-2" in page


def test_importing_accidents_again_adds_only_what_is_new(user):
    ACCIDENTS.write([accident(1)], context(user))
    again = ACCIDENTS.write([accident(1, device="PMN-2 (confirmed)", injured_woman=1)], context(user))
    assert (again.created, again.updated) == (0, 1)
    made = Accident.objects.get(pk=ExternalId.objects.get(guid="{ACC-1}").object_id)
    assert made.device == "PMN-2 (confirmed)" and made.casualties.count() == 4
    assert Accident.objects.filter(date=dt.date(2024, 6, 11)).count() == 1
    fewer = ACCIDENTS.check([accident(1, injured_boy=1, injured_woman=1)], context(user))
    assert [(r.number, f) for r, f, _m in fewer] == [(1, "injured_boy")]


def test_victims_are_sealed_as_registering_one_seals_them(user):
    counts = VICTIMS.write([victim(1), victim(2, sex="female", name="  Second Person ")], context(user))
    assert counts.created == 2
    made = Victim.objects.get(pk=ExternalId.objects.get(guid="{VIC-1}").object_id)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name_sealed, contact_sealed, medical_sealed FROM casualties_victim WHERE id = %s", [made.pk]
        )
        stored = cursor.fetchone()
    assert all(stored) and not any("Survivor" in v or "111 222" in v or "foot" in v for v in stored)
    assert assistance.read_personal_data(user("tnmac.im"), made)["medical"] == "Lost left foot"
    second = Victim.objects.get(pk=ExternalId.objects.get(guid="{VIC-2}").object_id)
    assert assistance.read_personal_data(user("tnmac.im"), second)["name"] == "Second Person"
    entry = AuditEntry.objects.get(action="register_victim", object_id=str(made.pk))
    assert "Survivor" not in str(entry.after) and "name_sealed" not in entry.after


def test_a_user_without_personal_data_gets_one_problem_on_row_0(user):
    problems = VICTIMS.check([victim(1), victim(2)], context(user, "npa.clerk"))
    assert [(r.number, m) for r, _f, m in problems] == [
        (0, "Importing victims needs a grant that holds personal data.")
    ]


def test_donors_never_see_imported_victims(user, persona):
    VICTIMS.write([victim(1)], context(user))
    made = Victim.objects.get(pk=ExternalId.objects.get(guid="{VIC-1}").object_id)
    assert not Victim.objects.restrict(user("donor.usdos")).filter(pk=made.pk).exists()
    donor = persona("donor.usdos")
    assert donor.get(f"/records/victims/{made.pk}/").status_code == 404
    assert donor.post(f"/assistance/victims/{made.pk}/personal/").status_code == 404
    assert "Imported Survivor" not in donor.get("/records/victims/").content.decode()


def test_victims_imported_again_update_only_what_changed_and_link_casualties(user):
    ACCIDENTS.write([accident(1)], context(user))
    VICTIMS.write([victim(1)], context(user))
    made = Victim.objects.get(pk=ExternalId.objects.get(guid="{VIC-1}").object_id)
    sealed_name = made.name_sealed
    again = VICTIMS.write([victim(1, medical="Lost left foot; prosthesis fitted", accident="ACC-1")], context(user))
    assert (again.created, again.updated) == (0, 1)
    made.refresh_from_db()
    assert made.name_sealed == sealed_name  # unchanged personal data is not sealed again
    assert assistance.read_personal_data(user("tnmac.im"), made)["medical"] == "Lost left foot; prosthesis fitted"
    assert made.casualty is not None and made.casualty.sex == "male" and made.casualty.accident.date.day == 11
    entry = AuditEntry.objects.get(action="update_victim", object_id=str(made.pk))
    assert "prosthesis" not in str(entry.after) and "medical_sealed" not in entry.after
    third = VICTIMS.write([victim(1, medical="Lost left foot; prosthesis fitted", accident="ACC-1")], context(user))
    assert (third.created, third.updated, third.unchanged) == (0, 0, 1)
    assert Casualty.objects.filter(victim__isnull=False, accident=made.casualty.accident).count() == 1


def test_an_accidents_xlsx_goes_in_end_to_end(tmp_path, user, persona):
    from django.contrib.gis.geos import Point

    from minefree.legacy.mapping import parse
    from minefree.legacy.run import dry_run, import_file
    from minefree.legacy.tests import files

    rows = [
        {
            "GUID": "{0a1b2c3d-0000-4000-8000-00000000000" + str(n) + "}",
            "ORG": "TNMAC",
            "ACC_DATE": "6/11/2024 12:00:00 AM",
            "ACC_TYPE": "Civilian",
            "DISTRICT": "TJ-KT-PNJ",
            "ACTIVITY": "Herding livestock",
            "DEVICE": "PMN-2",
            "KILLED_MEN": 1.0,
            "INJURED_BOYS": float(n),
            "geometry": Point(68.7, 37.5),
        }
        for n in (1, 2)
    ]
    path = files.write_table(tmp_path / "accidents.xlsx", rows, "XLSX", geometry="lonlat")
    mapping = parse(
        {
            "target": "accident",
            "guid": "GUID",
            "geometry": {"lon": "LON", "lat": "LAT"},
            "date_formats": ["m/d/yyyy h:mm:ss AM"],
            "fields": {
                "organisation": "ORG",
                "date": "ACC_DATE",
                "kind": {"column": "ACC_TYPE", "values": {"Civilian": "civilian"}},
                "admin_area": "DISTRICT",
                "activity_at_time": "ACTIVITY",
                "device": "DEVICE",
                "killed_man": "KILLED_MEN",
                "injured_boy": "INJURED_BOYS",
            },
        }
    )
    late = files.write_table(
        tmp_path / "late.xlsx", [rows[0], rows[1] | {"ACC_DATE": "6/11/2999 12:00:00 AM"}], "XLSX", geometry="lonlat"
    )
    checked = dry_run(late, mapping, user=user("tnmac.im"))
    assert [(p.file, p.row, p.field, p.message) for p in checked.problems] == [
        ("late.xlsx", 2, "ACC_DATE", "2999-06-11 is in the future.")
    ]
    outcome = import_file(path, mapping, user=user("tnmac.im"))
    assert outcome.problems == [] and outcome.counts.created == 2
    figures = persona("donor.usdos").get(f"/api/v1/reports/casualties/?{PERIOD}").json()
    assert figures["men"]["killed"] == 2 and figures["boys"]["injured"] == 3
    assert import_file(path, mapping, user=user("tnmac.im")).counts.unchanged == 2
    assert Casualty.objects.filter(accident__date=dt.date(2024, 6, 11)).count() == 5


def test_a_victims_csv_goes_in_end_to_end_sealed(tmp_path, user):
    from minefree.legacy.mapping import parse
    from minefree.legacy.run import import_file
    from minefree.legacy.tests import files

    rows = [
        {
            "ID": "V-1",
            "ORG": "TNMAC",
            "DISTRICT": "TJ-KT-PNJ",
            "SEX": "M",
            "BORN": 1990.0,
            "NAME": "Karim Legacy",
            "geometry": None,
        },
    ]
    path = files.write_table(tmp_path / "victims.csv", rows, "CSV")
    mapping = parse(
        {
            "target": "victim",
            "local_id": "ID",
            "fields": {
                "organisation": "ORG",
                "admin_area": "DISTRICT",
                "sex": {"column": "SEX", "values": {"M": "male", "F": "female"}},
                "birth_year": "BORN",
                "name": "NAME",
            },
        }
    )
    outcome = import_file(path, mapping, user=user("tnmac.im"))
    assert outcome.problems == [] and outcome.counts.created == 1
    made = Victim.objects.get(pk=ExternalId.objects.get(local_id="V-1").object_id)
    assert "Karim" not in made.name_sealed and made.birth_year == 1990
    assert assistance.read_personal_data(user("tnmac.im"), made)["name"] == "Karim Legacy"


def test_an_accident_batch_costs_no_query_per_row(user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(first, n):
        rows = [accident(first + i) for i in range(n)]
        ctx = context(user)
        ACCIDENTS.check(rows, ctx)  # the file's look-ups are read here once
        with CaptureQueriesContext(connection) as done:
            ACCIDENTS.check(rows, ctx)
            ACCIDENTS.write(rows, ctx)
        return len(done.captured_queries)

    # Only a bulk insert split at SQLite's limit of bound values may add a few.
    assert queries(200, 40) <= queries(100, 4) + 4
