"""Quality findings from a legacy file: monitoring visits, non-conformities raised as recording a
visit raises them, only by quality assurance officers, and a second import creating nothing twice."""

import datetime as dt

from minefree.core.models import AuditEntry
from minefree.hazards.tests.helpers import new_hazard
from minefree.legacy import external_ids
from minefree.legacy.models import ExternalId
from minefree.legacy.targets import TARGETS, Context, Row
from minefree.quality.models import MonitoringVisit, NonConformity

TARGET = TARGETS["quality_finding"]


def visit(number, **changes):
    values = {
        "organisation": "NPA",
        "visited_on": dt.date(2023, 9, 12),
        "result": "major",
        "findings": "Marking tape missing on the north side.",
        "hazard": "HA-0007",
        "inspector": "",
    } | changes
    return Row(number, values, guid=f"{{QM-{number}}}")


def context(user, name="tnmac.qa"):
    return Context(user=user(name), file="qm.gpkg", dry_run=False)


def hazard(user):
    made = new_hazard(user("tnmac.im"))
    external_ids.remember(type(made), [(Row(0, {}, local_id="HA-0007"), made.pk)])
    return made


def test_every_problem_is_named_by_row_and_field(user):
    hazard(user)
    rows = [
        visit(1, result="bad"),
        visit(2, findings=""),
        visit(3, hazard="HA-9999"),
        visit(4, inspector="nobody.here"),
        visit(5, visited_on=None),
    ]
    problems = {(r.number, f): m for r, f, m in TARGET.check(rows, context(user))}
    assert problems[(1, "result")].startswith("Choose one of: satisfactory, minor")
    assert problems[(2, "findings")] == "Describe what was found."
    assert problems[(3, "hazard")] == "No hazardous area with reference or IMSMA id HA-9999."
    assert problems[(4, "inspector")] == "No user called nobody.here."
    assert problems[(5, "visited_on")] == "This field is required."
    assert len(problems) == 5


def test_only_quality_assurance_officers_import_findings(user):
    problems = TARGET.check([visit(1)], context(user, "npa.clerk"))
    assert [(r.number, m) for r, _f, m in problems] == [(0, "Only quality assurance officers record this.")]


def test_findings_raise_non_conformities_and_import_once(user, persona):
    area = hazard(user)
    counts = TARGET.write([visit(1), visit(2, result="satisfactory", findings="", inspector="tnmac.im")], context(user))
    assert counts.created == 2
    first = MonitoringVisit.objects.get(pk=ExternalId.objects.get(guid="{QM-1}").object_id)
    assert first.hazard == area and first.inspector.username == "tnmac.qa"
    raised = NonConformity.objects.get(visit=first)
    assert raised.severity == "major" and raised.description.startswith("Marking tape")
    assert not NonConformity.objects.filter(visit__findings="", visit__visited_on=dt.date(2023, 9, 12)).exists()
    assert AuditEntry.objects.filter(action="raise_non_conformity", object_id=str(raised.pk)).exists()
    page = persona("tnmac.qa").get(f"/records/non-conformities/{raised.pk}/").content.decode()
    assert "Marking tape missing" in page
    again = TARGET.write(
        [
            visit(1, findings="Marking tape missing on the north and east sides."),
            visit(2, result="satisfactory", findings="", inspector="tnmac.im"),
        ],
        context(user),
    )
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
    assert MonitoringVisit.objects.filter(visited_on=dt.date(2023, 9, 12)).count() == 2
    assert NonConformity.objects.filter(visit=first).count() == 1
    changed = TARGET.check([visit(1, result="minor")], context(user))
    assert [(r.number, f) for r, f, _m in changed] == [(1, "result")]


def test_a_findings_csv_goes_in_end_to_end(tmp_path, user):
    from minefree.legacy.mapping import parse
    from minefree.legacy.run import import_file
    from minefree.legacy.tests import files

    hazard(user)
    rows = [
        {
            "ID": "QM-1",
            "ORG": "NPA",
            "VISIT": "12.09.2023",
            "RESULT": "Major",
            "TEXT": "No marking",
            "HAZ": "HA-0007",
            "geometry": None,
        },
        {"ID": "QM-2", "ORG": "FSD", "VISIT": "13.09.2023", "RESULT": "OK", "TEXT": "", "HAZ": "", "geometry": None},
    ]
    # CSV: GDAL reads an XLSX whose every column is text without its header row (Field1, ...).
    path = files.write_table(tmp_path / "qm.csv", rows, "CSV")
    mapping = parse(
        {
            "target": "quality_finding",
            "local_id": "ID",
            "date_formats": ["dd.mm.yyyy"],
            "fields": {
                "organisation": "ORG",
                "visited_on": "VISIT",
                "result": {"column": "RESULT", "values": {"Major": "major", "OK": "satisfactory"}},
                "findings": "TEXT",
                "hazard": "HAZ",
            },
        }
    )
    outcome = import_file(path, mapping, user=user("tnmac.im"))
    assert outcome.problems == [] and outcome.counts.created == 2
    first = MonitoringVisit.objects.get(pk=ExternalId.objects.get(local_id="QM-1").object_id)
    assert NonConformity.objects.get(visit=first).severity == "major"
    second = MonitoringVisit.objects.get(pk=ExternalId.objects.get(local_id="QM-2").object_id)
    assert second.result == "satisfactory" and not NonConformity.objects.filter(visit=second).exists()
