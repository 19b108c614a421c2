"""Risk-education sessions from a legacy file: every problem named by row and field, a clean batch
written as the pages show it, and the same file imported again creating nothing twice."""

import datetime as dt

from minefree.core.models import AuditEntry
from minefree.education import legacy
from minefree.education.models import EoreSession
from minefree.legacy.models import ExternalId
from minefree.legacy.targets import TARGETS, Context, Row

TARGET = TARGETS["eore_session"]


def session(number, guid="", **changes):
    values = {
        "organisation": "RCST",
        "date": dt.date(2024, 3, 5),
        "admin_area": "TJ-RA-RSH",
        "place": f"School {number}",
        "facilitator": "teacher",
        "audience": "schoolchildren",
        "method": "presentation",
        "grouping": "mixed",
        "materials": 30,
        "girls": 10,
        "boys": 12,
        "women": 1,
        "men": 2,
        "total": 25,
    } | changes
    return Row(number, values, guid=guid or f"{{EORE-{number}}}", local_id=f"MRE-{number}")


def context(user, name="tnmac.im"):
    return Context(user=user(name), file="eore.csv", dry_run=False)


def test_the_target_is_registered_with_the_forms_questions():
    names = [q.name for q in TARGET.questions()]
    assert isinstance(TARGET, legacy.EoreTarget)
    assert names[:2] == ["organisation", "date"] and {"admin_area", "audience", "girls", "total"} <= set(names)
    audience = next(q for q in TARGET.questions() if q.name == "audience")
    assert ("schoolchildren", "Schoolchildren") in [(c, str(label)) for c, label in audience.choices]


def test_every_problem_is_named_by_row_and_field(user):
    rows = [
        session(1, place=""),
        session(2, audience="pupils"),
        session(3, date=dt.date(2999, 1, 1)),
        session(4, total=30),
        session(5, organisation="Nobody's Aid"),
        session(6, admin_area="XX-NOWHERE"),
        session(7, girls=-3),
        session(8, date=dt.date(1970, 1, 1)),
        session(9, guid="{EORE-1}"),
    ]
    problems = {(row.number, field): message for row, field, message in TARGET.check(rows, context(user))}
    assert problems[(1, "place")] == "This field is required."
    assert problems[(2, "audience")].startswith("Choose one of: schoolchildren")
    assert problems[(3, "date")] == "2999-01-01 is in the future."
    assert problems[(4, "total")] == "The total (30) is not the sum of girls, boys, women and men (25)."
    assert problems[(5, "organisation")] == "No organisation called Nobody's Aid."
    assert problems[(6, "admin_area")] == "No district with code XX-NOWHERE."
    assert problems[(7, "girls")].startswith("Give a whole number from 0")
    assert "before 1990-01-01" in problems[(8, "date")]
    assert problems[(9, "guid")] == "Row 1 has the same IMSMA id {EORE-1}."
    assert len(problems) == 9
    assert not EoreSession.objects.filter(place__startswith="School ").exists()  # a check writes nothing


def test_an_operator_may_not_import_another_organisations_sessions(user):
    problems = TARGET.check([session(1)], context(user, "npa.clerk"))
    assert [(r.number, f) for r, f, _m in problems] == [(1, "organisation")]


def test_a_clean_batch_is_written_audited_and_shown(user, persona):
    before = EoreSession.objects.count()
    counts = TARGET.write([session(1), session(2, location=None)], context(user))
    assert (counts.created, counts.updated) == (2, 0)
    made = EoreSession.objects.filter(place__in=["School 1", "School 2"]).order_by("place")
    assert EoreSession.objects.count() == before + 2 and made[0].reference.startswith("TJK-EORE-")
    assert made[0].reference != made[1].reference and made[0].total == 25
    assert AuditEntry.objects.filter(action="record_session", object_id=str(made[0].pk)).exists()
    page = persona("tnmac.im").get(f"/records/eore-sessions/{made[0].pk}/").content.decode()
    assert made[0].reference in page and "School 1" in page and "Schoolchildren" in page


def test_importing_again_updates_what_changed_and_creates_nothing_twice(user):
    TARGET.write([session(1), session(2)], context(user))
    again = TARGET.write([session(1), session(2, place="School 2b", boys=13, total=26)], context(user))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
    assert EoreSession.objects.filter(place__in=["School 1", "School 2b"]).count() == 2
    assert not EoreSession.objects.filter(place="School 2").exists()
    assert ExternalId.objects.filter(guid__in=["{EORE-1}", "{EORE-2}"]).count() == 2
    changed = EoreSession.objects.get(place="School 2b")
    assert changed.version == 2 and changed.boys == 13
    assert AuditEntry.objects.filter(action="update_session", object_id=str(changed.pk)).count() == 1


def test_an_eore_csv_goes_in_end_to_end(tmp_path, user):
    from django.contrib.gis.geos import Point

    from minefree.legacy.mapping import parse
    from minefree.legacy.run import import_file
    from minefree.legacy.tests import files

    rows = [
        {
            "ID": f"MRE-{n}",
            "ORG": "Red Crescent Society of Tajikistan",
            "SESSION_DATE": "05/03/2024",
            "DISTRICT": "Rasht",
            "VILLAGE": f"Kalai Surkh {n}",
            "FACILITATOR": "Teacher",
            "AUDIENCE": "School children",
            "METHOD": "Presentation",
            "GIRLS": 10.0,
            "BOYS": 12.0 + n,
            "WOMEN": 0.0,
            "MEN": 0.0,
            "TOTAL": 22.0 + n,
            "geometry": Point(70.35, 39.05),
        }
        for n in (1, 2)
    ]
    path = files.write_table(tmp_path / "eore.csv", rows, "CSV", geometry="lonlat")
    mapping = parse(
        {
            "target": "eore_session",
            "local_id": "ID",
            "geometry": {"lon": "LON", "lat": "LAT"},
            "date_formats": ["dd/mm/yyyy"],
            "fields": {
                "organisation": "ORG",
                "date": "SESSION_DATE",
                "admin_area": {"column": "DISTRICT", "by": "name"},
                "place": "VILLAGE",
                "facilitator": "FACILITATOR",
                "audience": {"column": "AUDIENCE", "values": {"School children": "schoolchildren"}},
                "method": "METHOD",
                "grouping": {"value": "mixed"},
                "girls": "GIRLS",
                "boys": "BOYS",
                "women": "WOMEN",
                "men": "MEN",
                "total": "TOTAL",
            },
        }
    )
    outcome = import_file(path, mapping, user=user("tnmac.im"))
    assert outcome.problems == [] and outcome.counts.created == 2
    made = EoreSession.objects.get(pk=ExternalId.objects.get(local_id="MRE-2").object_id)
    assert (made.place, made.admin_area.code, made.audience, made.total) == (
        "Kalai Surkh 2",
        "TJ-RA-RSH",
        "schoolchildren",
        24,
    )
    assert made.date == dt.date(2024, 3, 5) and made.location.x == 70.35
    again = import_file(path, mapping, user=user("tnmac.im"))
    assert (again.counts.created, again.counts.unchanged) == (0, 2)


def test_a_batch_costs_the_same_queries_for_5_rows_as_for_50(user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(first, n):
        rows = [session(first + i) for i in range(n)]
        ctx = context(user)
        TARGET.check(rows, ctx)  # the file's look-ups (organisations, districts) are read here once
        with CaptureQueriesContext(connection) as done:
            TARGET.check(rows, ctx)
            TARGET.write(rows, ctx)
        return len(done.captured_queries)

    # Not one more per row: only a bulk insert split at SQLite's limit of bound values may add one.
    assert queries(200, 50) <= queries(100, 5) + 2
