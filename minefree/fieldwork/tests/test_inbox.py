"""Issue 13's review inbox: who may open it, what it lists and in which order, taking a report, and
the confirmations each decision gives."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minefree.core.errors import Conflict
from minefree.core.models import AuditEntry
from minefree.fieldwork import actions
from minefree.fieldwork.models import FieldReport
from minefree.fieldwork.tests.test_views import hazard_form, isfara
from minefree.hazards.tests.helpers import box
from minefree.organisations.models import Organisation


def submitted(clerk: Any, name: str, lon: float = 69.88, days_ago: int = 0) -> FieldReport:
    """A new-area report NPA's clerk wrote and submitted through the web form."""
    client_id = f"inbox-{uuid.uuid4()}"
    drawn = box(lon, 40.88).geojson
    response = clerk.post(
        "/field-reports/new/hazard/",
        hazard_form(client_id, admin_area=isfara(), name=name, drawn=drawn, submit="1"),
    )
    assert response.status_code == 302
    report = FieldReport.objects.get(client_id=client_id)
    assert report.state == "submitted"
    if days_ago:
        FieldReport.objects.filter(pk=report.pk).update(submitted_at=timezone.now() - dt.timedelta(days=days_ago))
        report.refresh_from_db()
    return report


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("tnmac.im", 200),
        ("tnmac.admin", 200),
        ("tnmac.qa", 403),
        ("npa.clerk", 403),
        ("npa.manager", 403),
        ("donor.usdos", 403),
        ("coes.officer", 403),
        ("ciihl.viewer", 403),
    ],
)
def test_only_reviewers_open_the_inbox(persona: Any, username: str, status: int) -> None:
    assert persona(username).get("/field-reports/inbox/").status_code == status


def test_the_inbox_is_a_login_page_for_a_stranger(client: Any, db: Any) -> None:
    response = client.get("/field-reports/inbox/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_inbox_lists_pending_reports_oldest_first_with_age_kind_organisation(persona: Any) -> None:
    clerk, im = persona("npa.clerk"), persona("tnmac.im")
    newer = submitted(clerk, "Newer field", lon=69.80)
    older = submitted(clerk, "Older field", lon=69.84, days_ago=3)
    draft_id = f"inbox-{uuid.uuid4()}"
    clerk.post("/field-reports/new/hazard/", hazard_form(draft_id, admin_area=isfara(), save="1"))
    page = im.get("/field-reports/inbox/").content.decode()
    assert page.index(older.reference) < page.index(newer.reference)  # the longest waiting comes first
    row = page[page.index(f'data-report="{older.reference}"') :].split("</tr>")[0]
    assert "3\xa0days" in row and "Hazardous area report" in row and "<td>NPA</td>" in row
    assert ">Take</button>" in row  # nobody has it yet
    assert FieldReport.objects.get(client_id=draft_id).reference not in page  # drafts never reach the centre
    newest_first = im.get("/field-reports/inbox/?sort=newest").content.decode()
    assert newest_first.index(newer.reference) < newest_first.index(older.reference)
    fsd = Organisation.objects.get(acronym="FSD").pk
    assert older.reference not in im.get(f"/field-reports/inbox/?organisation={fsd}").content.decode()
    npa = Organisation.objects.get(acronym="NPA").pk
    assert older.reference in im.get(f"/field-reports/inbox/?organisation={npa}").content.decode()


def test_the_inbox_filters_by_kind(persona: Any) -> None:
    clerk, im = persona("npa.clerk"), persona("tnmac.im")
    report = submitted(clerk, "Kind filter field")
    assert report.reference in im.get("/field-reports/inbox/?kind=hazard").content.decode()
    assert report.reference not in im.get("/field-reports/inbox/?kind=progress").content.decode()


def test_the_inbox_reads_the_same_number_of_queries_for_more_rows(persona: Any) -> None:
    clerk, im = persona("npa.clerk"), persona("tnmac.im")
    submitted(clerk, "Counted 1", lon=69.80)
    with CaptureQueriesContext(connection) as few:
        assert im.get("/field-reports/inbox/").status_code == 200
    for n in range(4):
        submitted(clerk, f"Counted {n + 2}", lon=69.81 + n * 0.01)
    with CaptureQueriesContext(connection) as many:
        assert im.get("/field-reports/inbox/").status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_taking_a_report_is_said_audited_and_shown_in_the_inbox(persona: Any) -> None:
    clerk, im = persona("npa.clerk"), persona("tnmac.im")
    report = submitted(clerk, "Taken field")
    response = im.post(f"/field-reports/{report.pk}/take/", {"next": "inbox"}, follow=True)
    assert response.redirect_chain[-1][0] == "/field-reports/inbox/"
    page = response.content.decode()
    assert f"You took {report.reference}; other reviewers see that it is yours." in page
    report.refresh_from_db()
    assert report.assignee is not None and report.assignee.username == "tnmac.im" and report.assigned_at
    row = page[page.index(f'data-report="{report.reference}"') :].split("</tr>")[0]
    assert "<b>you</b>" in row
    assert AuditEntry.objects.filter(action="take_report", object_id=str(report.pk)).count() == 1
    assert "tnmac.im" in persona("tnmac.admin").get("/field-reports/inbox/").content.decode()


def test_the_second_reviewer_to_take_a_report_hears_who_has_it(persona: Any) -> None:
    clerk, im, admin = persona("npa.clerk"), persona("tnmac.im"), persona("tnmac.admin")
    report = submitted(clerk, "Raced field")
    # Both opened the inbox while the report was free; the first to press Take wins.
    im.post(f"/field-reports/{report.pk}/take/", {"next": "inbox"})
    response = admin.post(f"/field-reports/{report.pk}/take/", {"next": "inbox"}, follow=True)
    assert f"{report.reference} was already taken by tnmac.im; nothing was changed." in response.content.decode()
    report.refresh_from_db()
    assert report.assignee.username == "tnmac.im"
    assert AuditEntry.objects.filter(action="take_report", object_id=str(report.pk)).count() == 1


def test_taking_reads_the_assignee_again_under_the_lock(persona: Any) -> None:
    clerk = persona("npa.clerk")
    report = submitted(clerk, "Stale field")
    im, qa = User.objects.get(username="tnmac.im"), User.objects.get(username="tnmac.admin")
    stale = FieldReport.objects.get(pk=report.pk)  # read by the second reviewer before the first took it
    actions.take_report(im, report)
    assert stale.assignee_id is None
    with pytest.raises(Conflict) as refused:
        actions.take_report(qa, stale)
    assert "already taken by tnmac.im" in str(refused.value)
    actions.return_report(im, report, "Name the village")
    with pytest.raises(Conflict):  # a report no longer waiting cannot be taken
        actions.take_report(qa, FieldReport.objects.get(pk=report.pk))


def test_a_clerk_cannot_take_a_report(persona: Any) -> None:
    clerk = persona("npa.clerk")
    report = submitted(clerk, "Clerk take")
    response = clerk.post(f"/field-reports/{report.pk}/take/", {"next": "inbox"})
    report.refresh_from_db()
    assert response.status_code in (302, 403) and report.assignee is None


def test_each_decision_confirms_what_it_did(persona: Any) -> None:
    clerk, im = persona("npa.clerk"), persona("tnmac.im")
    draft_id = f"inbox-{uuid.uuid4()}"
    saved = clerk.post(
        "/field-reports/new/hazard/", hazard_form(draft_id, admin_area=isfara(), save="1"), follow=True
    ).content.decode()
    draft = FieldReport.objects.get(client_id=draft_id)
    assert f"Draft {draft.reference} saved; it stays within your organisation until you submit it." in saved
    sent = clerk.post(f"/field-reports/{draft.pk}/submit/", {"version": draft.version}, follow=True)
    assert f"{draft.reference} submitted; the centre will review it." in sent.content.decode()
    draft.refresh_from_db()
    returned = im.post(
        f"/field-reports/{draft.pk}/return/", {"version": draft.version, "comment": "Which village?"}, follow=True
    )
    assert f"{draft.reference} returned to NPA with your comment." in returned.content.decode()
    no_reason = submitted(clerk, "Rejected field", lon=69.70)
    refused = im.post(f"/field-reports/{no_reason.pk}/reject/", {"version": no_reason.version}, follow=True)
    assert "Give the reason for rejecting." in refused.content.decode()  # the reason the action needs
    rejected = im.post(
        f"/field-reports/{no_reason.pk}/reject/", {"version": no_reason.version, "comment": "Duplicate"}, follow=True
    )
    assert f"{no_reason.reference} rejected; NPA was told why." in rejected.content.decode()
    approved_report = submitted(clerk, "Approved field", lon=69.74)
    approved = im.post(
        f"/field-reports/{approved_report.pk}/approve/", {"version": approved_report.version}, follow=True
    ).content.decode()
    approved_report.refresh_from_db()
    assert approved_report.state == "approved"
    hazard = approved_report.hazard
    assert hazard is not None
    assert f"Approved {approved_report.reference}: hazardous area {hazard.reference} updated" in approved


def test_the_review_page_sets_the_three_decisions_apart(persona: Any) -> None:
    clerk, im = persona("npa.clerk"), persona("tnmac.im")
    report = submitted(clerk, "Buttons field")
    page = im.get(f"/field-reports/{report.pk}/").content.decode()
    assert 'class="approve"' in page and 'class="secondary"' in page and 'class="danger"' in page
    assert "Required to return or reject" in page
    assert "Nobody has taken this report yet." in page
