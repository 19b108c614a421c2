import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from minefree.core.errors import ActionError
from minefree.hazards.models import LandReleaseActivity
from minefree.organisations.models import Organisation
from minefree.quality import actions
from minefree.quality.models import Inspection, MarkingCheck, NonConformity


def test_a_failed_visit_raises_a_finding_that_closes_only_when_corrected(user):
    qa = user("tnmac.qa")
    visit = actions.record_visit(
        qa,
        organisation=Organisation.objects.get(acronym="FSD"),
        visited_on=dt.date(2025, 6, 1),
        result="major",
        findings="No medic on site",
    )
    finding = visit.non_conformities.get()
    assert finding.severity == "major"
    with pytest.raises(ActionError, match="at least one corrective action"):
        actions.close_non_conformity(qa, finding, dt.date(2025, 6, 20))
    fix = actions.plan_corrective_action(qa, finding, action="Medic posted", due_on=dt.date(2025, 6, 15))
    with pytest.raises(ActionError, match="still open"):
        actions.close_non_conformity(qa, finding, dt.date(2025, 6, 20))
    actions.complete_corrective_action(qa, fix, dt.date(2025, 6, 10))
    assert actions.close_non_conformity(qa, finding, dt.date(2025, 6, 20)).closed_on == dt.date(2025, 6, 20)


def test_an_item_in_cleared_land_fails_the_inspection_critically(user):
    activity = LandReleaseActivity.objects.filter(kind="clear").order_by("pk").first()
    inspection = actions.inspect(
        user("tnmac.qa"),
        activity=activity,
        inspected_on=activity.end_date + dt.timedelta(1),
        sample_m2=10,
        items_found=1,
    )
    assert not inspection.passed and inspection.non_conformities.get().severity == "critical"
    with pytest.raises(ActionError, match="after it is released"):
        actions.inspect(
            user("tnmac.qa"),
            activity=activity,
            inspected_on=activity.end_date - dt.timedelta(1),
            sample_m2=10,
            items_found=0,
        )


@pytest.mark.parametrize("username", ["npa.manager", "npa.clerk", "donor.usdos", "ciihl.viewer"])
def test_only_quality_assurance_writes(user, username):
    with pytest.raises(PermissionDenied):
        actions.record_visit(
            user(username),
            organisation=Organisation.objects.get(acronym="FSD"),
            visited_on=dt.date(2025, 6, 1),
            result="satisfactory",
        )


def test_the_demo_has_every_kind_of_finding(db):
    assert Inspection.objects.filter(passed=False).exists() and Inspection.objects.filter(passed=True).exists()
    assert NonConformity.objects.filter(closed_on__isnull=True).exists()
    assert NonConformity.objects.filter(closed_on__isnull=False).exists()
    assert MarkingCheck.objects.filter(intact=False).exists()


def test_operators_report_marking_checks_and_corrective_actions_done(user):
    from minefree.fieldwork import actions as reports
    from minefree.quality.models import CorrectiveAction, Marking

    qa, im = user("tnmac.qa"), user("tnmac.im")
    npa = Organisation.objects.get(acronym="NPA")
    visit = actions.record_visit(
        qa, organisation=npa, visited_on=dt.date(2025, 6, 1), result="minor", findings="Lane tapes missing"
    )
    corrective = actions.plan_corrective_action(
        qa, visit.non_conformities.get(), action="Tape every lane", due_on=dt.date(2025, 6, 30)
    )
    marking = Marking.objects.filter(organisation=npa).order_by("pk").first()
    clerk = user("npa.clerk")
    for n, (kind, payload) in enumerate(
        [
            ("corrective_action", {"corrective_action": corrective.pk}),
            ("marking_check", {"marking": marking.pk, "intact": "no", "notes": "Two signs gone"}),
        ]
    ):
        report, _ = reports.save_report(
            clerk,
            kind=kind,
            organisation=npa,
            client_id=f"qm-{n}",
            date_of_information=dt.date(2025, 6, 20),
            payload=payload,
        )
        reports.approve_report(im, reports.submit_report(clerk, report))
    assert CorrectiveAction.objects.get(pk=corrective.pk).done_on == dt.date(2025, 6, 20)
    assert marking.checks.order_by("-id").first().intact is False
