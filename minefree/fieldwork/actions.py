"""Named actions on field reports: save, submit, return, reject, approve. Each atomic and audited."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from minefree.core import audit
from minefree.core.dates import check_day
from minefree.core.errors import ActionError, Conflict, check_version
from minefree.core.limits import MAX_TEXT
from minefree.core.permissions import Action, Capability, DataClass, assert_can, organisations_with
from minefree.core.references import next_reference
from minefree.fieldwork import payload as report_payload
from minefree.fieldwork.declare import KINDS, personal_kinds
from minefree.fieldwork.models import FieldReport, Notification, ReportComment
from minefree.hazards.models import HazardArea
from minefree.organisations.models import Membership, Organisation, Role

State = FieldReport.State
# Checks other apps run before a report is applied; each raises ActionError to refuse the approval
# (geopackage: a GeoPackage edit of an area that changed on the server since its export).
APPROVAL_CHECKS: list[Callable[[FieldReport], None]] = []


def notice(user_id: int, report_id: int, message: str, params: dict[str, str]) -> Notification:
    """A notice kept as its msgid and values (translated when read), and in English as text."""
    with translation.override("en"):
        text = (message % params)[:300]
    return Notification(user_id=user_id, report_id=report_id, text=text, message=message, params=params)


def _notify(users: Any, report: FieldReport, message: str, params: dict[str, str]) -> None:
    # Only those who may see the report hear of it (a grant limited to other areas does not): a few users.
    told = [u for u in users if FieldReport.objects.restrict(u, Action.VIEW).filter(pk=report.pk).exists()]
    Notification.objects.bulk_create([notice(u.pk, report.pk, message, params) for u in told])


def _holders(capability: str, organisation: Organisation | None = None) -> Any:
    # Roles are a handful of rows; JSON containment is not portable across SpatiaLite and PostGIS.
    roles = [role.pk for role in Role.objects.all() if capability in role.capabilities]
    grants = Membership.objects.filter(revoked_at__isnull=True, role__in=roles)
    if organisation is not None:
        grants = grants.filter(organisation=organisation)
    return grants.values_list("user_id", flat=True)


def _reviewers() -> Any:
    return User.objects.filter(pk__in=list(_holders(Capability.REVIEW_REPORTS)), is_active=True)


def _writers_of(report: FieldReport) -> Any:
    ids = set(_holders(Capability.WRITE_REPORTS, report.organisation)) | {report.author_id}
    return User.objects.filter(pk__in=ids, is_active=True)


def _locked(user: Any, report: FieldReport, action: str, states: tuple[str, ...]) -> FieldReport:
    """The report re-read under its row lock, refused with 409 if it left `states` while we waited.

    On SQLite the write transaction began IMMEDIATE, which serialises it with every other writer.
    """
    report = FieldReport.objects.select_for_update().get(pk=report.pk)
    if report.state not in states and FieldReport.objects.restrict(user, Action.VIEW).filter(pk=report.pk).exists():
        raise Conflict(
            _("%(ref)s is %(state)s now (changed by someone else); nothing was changed.")
            % {"ref": report.reference, "state": report.get_state_display().lower()},
            field="state",
        )
    assert_can(report, user, action)
    return report


def _bounded(text: str, field: str) -> str:
    """A comment a page can still show: the API's serializer and the web's buttons both end here."""
    if len(text) > MAX_TEXT:
        raise ActionError(_("Ensure this value has at most %(n)s characters.") % {"n": MAX_TEXT}, field=field)
    return text


def _transition(user: Any, report: FieldReport, to: str, name: str, comment: str = "") -> FieldReport:
    _bounded(comment, "comment")
    before = audit.snapshot(report)
    report.state = to
    report.version += 1
    report.save()
    if comment:
        ReportComment.objects.create(report=report, author=user, text=comment, state=to)
    audit.record(user, name, report, before, audit.snapshot(report))
    return report


def _resent(user: Any, existing: FieldReport) -> FieldReport:
    if existing.kind in personal_kinds() and existing.organisation_id not in organisations_with(
        user, Capability.WRITE_REPORTS, DataClass.PERSONAL
    ):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("You do not write reports for %(org)s.") % {"org": existing.organisation})
    return existing


def _assert_within_grant(user: Any, report: FieldReport, action: str = Action.CHANGE) -> None:
    """A report saved about a place outside the writer's admin areas is refused (area-limited grants)."""
    if not FieldReport.objects.restrict(user, action).filter(pk=report.pk).exists():
        from django.core.exceptions import PermissionDenied

        if report.admin_area is None:
            raise PermissionDenied(_("Your grant is limited to some admin areas; this report names none."))
        raise PermissionDenied(_("Your grant does not cover %(area)s.") % {"area": report.admin_area})


@transaction.atomic
def save_report(
    user: Any,
    *,
    kind: str,
    organisation: Organisation,
    client_id: str,
    date_of_information: dt.date,
    payload: dict[str, Any],
    hazard: HazardArea | None = None,
    known: Iterable[str] = (),
) -> tuple[FieldReport, bool]:
    """A new draft; a resend with the same client id returns the first report unchanged.

    `known`: payload keys the source declares besides the kind's own (an XForm's answers)."""
    needed = DataClass.PERSONAL if kind in personal_kinds() else DataClass.REPORTS
    if organisation.pk not in organisations_with(user, Capability.WRITE_REPORTS, needed):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("You do not write reports for %(org)s.") % {"org": organisation})
    existing = FieldReport.objects.filter(organisation=organisation, client_id=client_id).first()
    if existing is not None:
        return _resent(user, existing), False
    if kind not in KINDS:
        raise ActionError(_("Unknown report kind %(kind)s.") % {"kind": kind}, field="kind")
    check_day(date_of_information, "date_of_information")
    try:
        with transaction.atomic():  # the savepoint also gives back the reference number
            report = FieldReport(
                reference=next_reference(FieldReport, f"{organisation.acronym.replace('/', '')}-FR-"),
                kind=kind,
                organisation=organisation,
                author=user,
                client_id=client_id,
                date_of_information=date_of_information,
                payload=report_payload.seal_payload(kind, payload),
                hazard=hazard,
            )
            report_payload.refuse_unknown_keys(report, known)
            report.geometry = report_payload.report_geometry(report)
            report.save()
    except IntegrityError:
        # The same client id sent twice at once (PostgreSQL): the other request saved it first.
        existing = FieldReport.objects.filter(organisation=organisation, client_id=client_id).first()
        if existing is None:
            raise
        return _resent(user, existing), False
    _assert_within_grant(user, report)
    audit.record(user, "save_report", report, None, audit.snapshot(report))
    return report, True


@transaction.atomic
def edit_report(
    user: Any,
    report: FieldReport,
    *,
    expected_version: int | None,
    payload: dict[str, Any],
    date_of_information: dt.date | None = None,
    hazard: HazardArea | None = None,
) -> FieldReport:
    """Change a draft or a returned report; a stale version is refused with the current one."""
    report = _locked(user, report, Action.CHANGE, FieldReport.EDITABLE)
    before = audit.snapshot(report)
    check_version(report.version, expected_version, before)
    report.payload = report_payload.seal_payload(report.kind, payload, stored=report.payload)
    if date_of_information is not None:
        check_day(date_of_information, "date_of_information")
        report.date_of_information = date_of_information
    if hazard is not None:
        report.hazard = hazard  # the caller read it through restrict (a land release names its area)
    report_payload.refuse_unknown_keys(report)
    report.geometry = report_payload.report_geometry(report)
    report.version += 1
    report.save()
    _assert_within_grant(user, report)
    audit.record(user, "edit_report", report, before, audit.snapshot(report))
    return report


@transaction.atomic
def replace_content(
    user: Any,
    report: FieldReport,
    *,
    payload: dict[str, Any],
    date_of_information: dt.date,
    known: Iterable[str] = (),
) -> FieldReport:
    """A device resent an edited instance: its report takes the new content while still undecided."""
    writers = organisations_with(user, Capability.WRITE_REPORTS, DataClass.REPORTS)
    report = FieldReport.objects.select_for_update().get(pk=report.pk)
    if report.organisation_id not in writers:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("You do not write reports for %(org)s.") % {"org": report.organisation})
    if report.state in (State.APPROVED, State.REJECTED):
        raise ActionError(
            _("%(ref)s was already decided; send the correction as a new report.") % {"ref": report.reference}
        )
    before = audit.snapshot(report)
    report.payload = report_payload.seal_payload(report.kind, payload, stored=report.payload)
    report.date_of_information = date_of_information
    report_payload.refuse_unknown_keys(report, known)
    report.geometry = report_payload.report_geometry(report)
    report.version += 1
    report.save()
    _assert_within_grant(user, report, Action.VIEW)  # a resent instance may be submitted already
    audit.record(user, "replace_report_content", report, before, audit.snapshot(report))
    return report


@transaction.atomic
def submit_report(user: Any, report: FieldReport, expected_version: int | None = None) -> FieldReport:
    """Send for review; the content is checked now so the clerk hears of mistakes first."""
    report = _locked(user, report, Action.CHANGE, FieldReport.EDITABLE)
    check_version(report.version, expected_version, audit.snapshot(report))
    report_payload.check(report)
    report.submitted_at = timezone.now()
    _transition(user, report, State.SUBMITTED, "submit_report")
    _notify(
        _reviewers(),
        report,
        gettext_noop("%(ref)s was submitted by %(org)s."),
        {"ref": report.reference, "org": str(report.organisation)},
    )
    return report


def _decide(user: Any, report: FieldReport, expected_version: int | None) -> FieldReport:
    report = _locked(user, report, Action.REVIEW, (State.SUBMITTED,))
    check_version(report.version, expected_version, audit.snapshot(report))
    report.decided_at = timezone.now()
    report.decided_by = user
    return report


@transaction.atomic
def take_report(user: Any, report: FieldReport) -> FieldReport:
    """A reviewer takes a submitted report from the inbox; a report someone else took first is refused.

    The assignee is read again under the row lock, so of two reviewers taking one report at once the
    second hears who has it. Taking changes no content, so the report's version stays as it was.
    """
    report = _locked(user, report, Action.REVIEW, (State.SUBMITTED,))
    if report.assignee_id is not None and report.assignee_id != user.pk:
        raise Conflict(
            _("%(ref)s was already taken by %(user)s; nothing was changed.")
            % {"ref": report.reference, "user": report.assignee},
            field="assignee",
        )
    if report.assignee_id == user.pk:
        return report
    before = audit.snapshot(report)
    report.assignee = user
    report.assigned_at = timezone.now()
    report.save(update_fields=["assignee", "assigned_at"])
    audit.record(user, "take_report", report, before, audit.snapshot(report))
    return report


@transaction.atomic
def return_report(user: Any, report: FieldReport, comment: str, expected_version: int | None = None) -> FieldReport:
    if not comment.strip():
        raise ActionError(_("Say what needs fixing."), field="comment")
    report = _decide(user, report, expected_version)
    _transition(user, report, State.RETURNED, "return_report", comment)
    _notify(
        _writers_of(report),
        report,
        gettext_noop("%(ref)s was returned: %(comment)s"),
        {"ref": report.reference, "comment": comment[:200]},
    )
    return report


@transaction.atomic
def reject_report(user: Any, report: FieldReport, comment: str, expected_version: int | None = None) -> FieldReport:
    if not comment.strip():
        raise ActionError(_("Give the reason for rejecting."), field="comment")
    report = _decide(user, report, expected_version)
    _transition(user, report, State.REJECTED, "reject_report", comment)
    _notify(
        _writers_of(report),
        report,
        gettext_noop("%(ref)s was rejected: %(comment)s"),
        {"ref": report.reference, "comment": comment[:200]},
    )
    return report


@transaction.atomic
def approve_report(
    user: Any,
    report: FieldReport,
    *,
    expected_version: int | None = None,
    confirm: bool = False,
    link_to: HazardArea | None = None,
    merge: bool = False,
    comment: str = "",
) -> FieldReport:
    """Apply the report to the national record on its date of information, then mark it approved.

    `link_to` applies a new-hazard report to an existing area instead (the reviewer's answer to a
    duplicate); with `merge` the area becomes the union of both polygons rather than the reported
    one; `confirm` accepts overlap warnings and creates a new area.
    """
    report = _decide(user, report, expected_version)
    for approval_check in APPROVAL_CHECKS:
        approval_check(report)
    if link_to is not None:
        if report.kind != "hazard":
            raise ActionError(_("Only a hazardous area report can be linked to another area."), field="link_to")
        report.hazard = link_to
    content = report.payload
    if merge:
        if link_to is None or link_to.geometry is None or report.geometry is None:
            raise ActionError(_("Merging needs a report polygon and an existing area to merge into."), field="merge")
        # The report keeps what was reported; only what is applied is the union.
        report.payload = {**content, "geometry": json.loads(link_to.geometry.union(report.geometry).geojson)}
    apply = report_payload.check(report)
    with audit.acting_for(report.reference):
        report.applied = apply(user, confirm) | ({"merged": True} if merge else {})
    report.payload = content
    if report.hazard is None and "hazard" in report.applied:
        report.hazard = HazardArea.objects.get(pk=report.applied["hazard"])
    _transition(user, report, State.APPROVED, "approve_report", comment)
    _notify(_writers_of(report), report, gettext_noop("%(ref)s was approved."), {"ref": report.reference})
    return report


@transaction.atomic
def comment_on(user: Any, report: FieldReport, text: str) -> ReportComment:
    if not FieldReport.objects.restrict(user, Action.VIEW).filter(pk=report.pk).exists():
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    if not text.strip():
        raise ActionError(_("The comment is empty."), field="text")
    _bounded(text, "text")
    made = ReportComment.objects.create(report=report, author=user, text=text)
    audit.record(user, "comment_on_report", report, None, {"comment": text})
    others = _writers_of(report).exclude(pk=user.pk) | _reviewers().exclude(pk=user.pk)
    _notify(others.distinct(), report, gettext_noop("New comment on %(ref)s."), {"ref": report.reference})
    return made
