import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied

from minefree.core.errors import ActionError, ConcurrentEdit, Conflict, NeedsConfirmation
from minefree.core.permissions import Action
from minefree.fieldwork import actions
from minefree.fieldwork.models import FieldReport, Notification
from minefree.hazards.models import HazardArea
from minefree.hazards.tests.helpers import box
from minefree.organisations.models import Organisation

D = dt.date
MAY_2024 = D(2024, 5, 1)


def new_area(lon=69.80, lat=40.80, **extra):
    data = {
        "name": "Reported field",
        "admin_area": "TJ-SU-GFR",
        "classification": "SHA",
        "contamination": "ap_mines",
        "geometry": json.loads(box(lon, lat).geojson),
    }
    data.update(extra)
    return data


def draft(user, payload, client_id="c-1", day=MAY_2024, org="NPA", kind="hazard", hazard=None):
    report, _created = actions.save_report(
        user,
        kind=kind,
        organisation=Organisation.objects.get(acronym=org),
        client_id=client_id,
        date_of_information=day,
        payload=payload,
        hazard=hazard,
    )
    return report


def test_submit_return_fix_resubmit_approve(user):
    clerk, im = user("npa.clerk"), user("tnmac.im")
    report = draft(clerk, new_area(name=""))
    with pytest.raises(ActionError) as caught:
        actions.submit_report(clerk, report)
    assert "name" in caught.value.errors
    report.refresh_from_db()
    assert report.state == "draft"

    report = actions.edit_report(clerk, report, expected_version=1, payload=new_area())
    report = actions.submit_report(clerk, report)
    assert Notification.objects.filter(user=im, report=report).exists()
    report = actions.return_report(im, report, "Which village is nearest?")
    assert report.state == "returned"
    assert Notification.objects.filter(user=clerk, text__contains="returned").exists()

    report = actions.edit_report(
        clerk, report, expected_version=report.version, payload=new_area(description="Near Chorkuh")
    )
    report = actions.submit_report(clerk, report)
    report = actions.approve_report(im, report)
    hazard = HazardArea.objects.get(pk=report.applied["hazard"])
    assert report.state == "approved" and report.hazard == hazard
    assert hazard.operator.acronym == "NPA" and hazard.recorded_on == D(2024, 5, 1)
    assert hazard.description == "Near Chorkuh"
    assert [c.state for c in report.comments.all()] == ["returned"]


def test_a_resent_report_changes_nothing(user):
    clerk = user("npa.clerk")
    first, created = actions.save_report(
        clerk,
        kind="hazard",
        organisation=Organisation.objects.get(acronym="NPA"),
        client_id="phone-7:42",
        date_of_information=D(2024, 5, 1),
        payload=new_area(),
    )
    again, created_again = actions.save_report(
        clerk,
        kind="hazard",
        organisation=Organisation.objects.get(acronym="NPA"),
        client_id="phone-7:42",
        date_of_information=D(2024, 6, 1),
        payload=new_area(name="Other"),
    )
    assert created and not created_again and again.pk == first.pk and again.payload["name"] == "Reported field"
    assert FieldReport.objects.filter(client_id="phone-7:42").count() == 1


def test_reports_approved_out_of_order_give_the_right_present(user):
    clerk, im = user("npa.clerk"), user("tnmac.im")
    created = actions.approve_report(im, actions.submit_report(clerk, draft(clerk, new_area(), "a", D(2022, 1, 1))))
    hazard = created.hazard
    newer = actions.submit_report(clerk, draft(clerk, {"status": "suspended"}, "b", D(2024, 3, 1), hazard=hazard))
    older = actions.submit_report(clerk, draft(clerk, {"classification": "CHA"}, "c", D(2023, 3, 1), hazard=hazard))
    actions.approve_report(im, newer)
    actions.approve_report(im, older)
    hazard.refresh_from_db()
    assert (hazard.classification, hazard.status) == ("CHA", "suspended")
    timeline = [(s.valid_from, s.classification, s.status) for s in hazard.states.order_by("valid_from")]
    assert timeline == [
        (D(2022, 1, 1), "SHA", "open"),
        (D(2023, 3, 1), "CHA", "open"),
        (D(2024, 3, 1), "CHA", "suspended"),
    ]


def test_drafts_stay_in_their_organisation(user):
    clerk = user("npa.clerk")
    report = draft(clerk, new_area())
    for username, sees in (
        ("npa.manager", True),
        ("fsd.clerk", False),
        ("tnmac.im", False),
        ("donor.usdos", False),
        ("coes.officer", False),
    ):
        visible = FieldReport.objects.restrict(user(username), Action.VIEW)
        assert visible.filter(pk=report.pk).exists() == sees, username
    actions.submit_report(clerk, report)
    assert FieldReport.objects.restrict(user("tnmac.im"), Action.VIEW).filter(pk=report.pk).exists()
    assert not FieldReport.objects.restrict(user("fsd.clerk"), Action.VIEW).filter(pk=report.pk).exists()
    assert not FieldReport.objects.restrict(user("donor.usdos"), Action.VIEW).exists()


def test_only_reviewers_decide_and_only_on_submitted_reports(user):
    clerk, im = user("npa.clerk"), user("tnmac.im")
    report = draft(clerk, new_area())
    with pytest.raises(PermissionDenied):
        actions.approve_report(im, report)  # still a draft
    report = actions.submit_report(clerk, report)
    for username in ("npa.manager", "tnmac.qa", "donor.usdos"):
        with pytest.raises(PermissionDenied):
            actions.approve_report(user(username), report)
    with pytest.raises(Conflict):  # submitted: the clerk sees it, but it is no longer theirs to edit
        actions.edit_report(clerk, report, expected_version=report.version, payload=new_area())
    actions.reject_report(im, report, "Duplicate of an NTS already filed")
    with pytest.raises(Conflict):  # already decided
        actions.approve_report(im, report)


def test_other_organisations_cannot_write_for_npa(user):
    with pytest.raises(PermissionDenied):
        draft(user("fsd.clerk"), new_area())


def test_stale_edit_is_refused(user):
    clerk = user("npa.clerk")
    report = draft(clerk, new_area())
    actions.edit_report(clerk, report, expected_version=1, payload=new_area(name="One"))
    with pytest.raises(ConcurrentEdit) as caught:
        actions.edit_report(user("npa.manager"), report, expected_version=1, payload=new_area(name="Two"))
    assert caught.value.current["payload"]["name"] == "One"


def test_overlap_is_flagged_then_linked_to_the_existing_area(user):
    clerk, im = user("npa.clerk"), user("tnmac.im")
    first = actions.approve_report(im, actions.submit_report(clerk, draft(clerk, new_area(), "x1")))
    twin = actions.submit_report(clerk, draft(clerk, new_area(lon=69.8005, classification="CHA"), "x2", D(2024, 9, 1)))
    with pytest.raises(NeedsConfirmation):
        actions.approve_report(im, twin)
    twin.refresh_from_db()
    assert twin.state == "submitted"
    linked = actions.approve_report(im, twin, link_to=first.hazard)
    assert linked.hazard == first.hazard and HazardArea.objects.filter(name="Reported field").count() == 1
    first.hazard.refresh_from_db()
    assert first.hazard.classification == "CHA"


def test_progress_report_releases_land(user):
    clerk, im = user("npa.clerk"), user("tnmac.im")
    hazard = actions.approve_report(im, actions.submit_report(clerk, draft(clerk, new_area(), "p0"))).hazard
    progress = draft(
        clerk,
        {
            "kind": "clear",
            "method": "manual",
            "team": "Manual team 1",
            "depth_cm": 20,
            "start_date": "2024-07-01",
            "geometry": json.loads(box(69.80, 40.80).geojson),
        },
        "p1",
        D(2024, 8, 1),
        kind="progress",
        hazard=hazard,
    )
    report = actions.approve_report(im, actions.submit_report(clerk, progress))
    hazard.refresh_from_db()
    assert hazard.status == "closed" and report.applied["activity"]


def test_a_spot_task_outside_any_area_needs_a_location(user):
    clerk, im = user("npa.clerk"), user("tnmac.im")
    spot = draft(
        clerk,
        {
            "category": "uxo",
            "ordnance_type": "VOG-17",
            "quantity": 2,
            "disposal": "in_situ",
            "disposed_on": "2024-05-02",
        },
        "s1",
        kind="spot_task",
    )
    with pytest.raises(ActionError) as caught:
        actions.submit_report(clerk, spot)
    assert "location" in caught.value.errors
    spot = actions.edit_report(
        clerk,
        spot,
        expected_version=1,
        payload={**spot.payload, "location": {"type": "Point", "coordinates": [69.9, 40.9]}},
    )
    report = actions.approve_report(im, actions.submit_report(clerk, spot))
    assert report.applied["ordnance"]


def test_the_demo_has_reports_in_every_state_from_several_operators(db):
    from django.db.models import Count

    by_state = dict(
        FieldReport.objects.filter(client_id__startswith="demo-").values_list("state").annotate(n=Count("id"))
    )
    assert set(by_state) == set(FieldReport.State.values)
    operators = FieldReport.objects.filter(client_id__startswith="demo-").values("organisation").distinct().count()
    assert operators >= 3


def test_merge_makes_the_union_and_keeps_what_was_reported(user):
    clerk, im = user("npa.clerk"), user("tnmac.im")
    first = actions.approve_report(im, actions.submit_report(clerk, draft(clerk, new_area(), "m1")))
    before = first.hazard.area_m2
    twin = actions.submit_report(clerk, draft(clerk, new_area(lon=69.801), "m2", D(2024, 9, 1)))
    merged = actions.approve_report(im, twin, link_to=first.hazard, merge=True)
    first.hazard.refresh_from_db()
    assert 1.4 * before < first.hazard.area_m2 < 1.6 * before  # half of the twin lies outside
    assert merged.applied["merged"] and merged.payload["geometry"] == twin.payload["geometry"]


def test_a_correction_is_a_new_report_and_the_history_shows_both(user):
    from minefree.core.audit import history

    clerk, im = user("npa.clerk"), user("tnmac.im")
    first = actions.approve_report(im, actions.submit_report(clerk, draft(clerk, new_area(), "h1")))
    fix = actions.approve_report(
        im,
        actions.submit_report(
            clerk, draft(clerk, {"contamination": "at_mines"}, "h2", D(2024, 7, 1), hazard=first.hazard)
        ),
    )
    entries = list(history(first.hazard).order_by("time", "id"))
    assert [(e.action, e.source) for e in entries] == [
        ("create_hazard_area", first.reference),
        ("update_hazard_area", fix.reference),
    ]
    assert entries[1].before["contamination"] == "ap_mines" and entries[1].after["contamination"] == "at_mines"
