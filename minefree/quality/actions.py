"""Named actions of quality management; only holders of the quality-assurance capability write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.dates import check_day
from minefree.core.errors import ActionError, Conflict
from minefree.core.permissions import Capability, has
from minefree.hazards.models import HazardArea, LandReleaseActivity
from minefree.organisations.models import Organisation, Team
from minefree.quality.models import (
    Accreditation,
    CorrectiveAction,
    Inspection,
    Marking,
    MarkingCheck,
    MonitoringVisit,
    NonConformity,
    Result,
)


def _quality(user: Any) -> None:
    if not has(user, Capability.QUALITY_ASSURANCE):
        raise PermissionDenied(_("Only quality assurance officers record this."))


def _dated(day: dt.date, field: str) -> None:
    check_day(day, field)


def _created(user: Any, name: str, obj: models.Model) -> Any:
    audit.record(user, name, obj, None, audit.snapshot(obj))
    return obj


@transaction.atomic
def accredit(
    user: Any,
    *,
    organisation: Organisation,
    activities: str,
    accredited_on: dt.date,
    expires_on: dt.date,
    team: Team | None = None,
) -> Accreditation:
    _quality(user)
    if expires_on <= accredited_on:
        raise ActionError(_("The accreditation must expire after it is granted."), field="expires_on")
    if team is not None and team.organisation_id != organisation.pk:
        raise ActionError(_("Team %(team)s belongs to another organisation.") % {"team": team}, field="team")
    return _created(
        user,
        "accredit",
        Accreditation.objects.create(
            organisation=organisation,
            team=team,
            activities=activities,
            accredited_on=accredited_on,
            expires_on=expires_on,
        ),
    )


@transaction.atomic
def record_visit(
    user: Any,
    *,
    organisation: Organisation,
    visited_on: dt.date,
    result: str,
    findings: str = "",
    hazard: HazardArea | None = None,
) -> MonitoringVisit:
    """A monitoring visit; anything but satisfactory raises a non-conformity of that severity."""
    _quality(user)
    _dated(visited_on, "visited_on")
    if result not in Result.values:
        raise ActionError(_("Unknown result."), field="result")
    if result != Result.SATISFACTORY and not findings.strip():
        raise ActionError(_("Describe what was found."), field="findings")
    visit = _created(
        user,
        "record_visit",
        MonitoringVisit.objects.create(
            organisation=organisation,
            hazard=hazard,
            visited_on=visited_on,
            inspector=user,
            result=result,
            findings=findings,
        ),
    )
    if result != Result.SATISFACTORY:
        raise_non_conformity(
            user, organisation=organisation, severity=result, description=findings, raised_on=visited_on, visit=visit
        )
    return visit


@transaction.atomic
def inspect(
    user: Any, *, activity: LandReleaseActivity, inspected_on: dt.date, sample_m2: int, items_found: int
) -> Inspection:
    """Post-clearance inspection; an item found in cleared land fails it and raises a critical finding."""
    _quality(user)
    _dated(inspected_on, "inspected_on")
    if inspected_on < activity.end_date:
        raise ActionError(_("Land is inspected after it is released."), field="inspected_on")
    if sample_m2 <= 0 or sample_m2 > activity.area_m2 + 1:
        raise ActionError(
            _("The sample must be part of the %(m2).0f m² released.") % {"m2": activity.area_m2}, field="sample_m2"
        )
    passed = items_found == 0
    inspection = _created(
        user,
        "inspect",
        Inspection.objects.create(
            activity=activity,
            inspected_on=inspected_on,
            inspector=user,
            sample_m2=sample_m2,
            items_found=items_found,
            passed=passed,
        ),
    )
    if not passed:
        raise_non_conformity(
            user,
            organisation=activity.organisation,
            severity=NonConformity.Severity.CRITICAL,
            description=_("%(n)s item(s) found in land released as clear.") % {"n": items_found},
            raised_on=inspected_on,
            inspection=inspection,
        )
    return inspection


@transaction.atomic
def raise_non_conformity(
    user: Any,
    *,
    organisation: Organisation,
    severity: str,
    description: str,
    raised_on: dt.date,
    visit: MonitoringVisit | None = None,
    inspection: Inspection | None = None,
) -> NonConformity:
    _quality(user)
    if severity not in NonConformity.Severity.values:
        raise ActionError(_("Unknown severity."), field="severity")
    return _created(
        user,
        "raise_non_conformity",
        NonConformity.objects.create(
            organisation=organisation,
            severity=severity,
            description=description,
            raised_on=raised_on,
            visit=visit,
            inspection=inspection,
        ),
    )


def _locked_non_conformity(non_conformity: NonConformity) -> NonConformity:
    """Re-read under its row lock (SQLite: the IMMEDIATE transaction), so the checks see what is now."""
    return NonConformity.objects.select_for_update().get(pk=non_conformity.pk)


@transaction.atomic
def plan_corrective_action(
    user: Any, non_conformity: NonConformity, *, action: str, due_on: dt.date
) -> CorrectiveAction:
    _quality(user)
    non_conformity = _locked_non_conformity(non_conformity)
    if non_conformity.closed_on is not None:
        raise Conflict(_("This non-conformity is closed."), field="non_conformity")
    return _created(
        user,
        "plan_corrective_action",
        CorrectiveAction.objects.create(non_conformity=non_conformity, action=action, due_on=due_on),
    )


@transaction.atomic
def complete_corrective_action(user: Any, corrective: CorrectiveAction, done_on: dt.date) -> CorrectiveAction:
    _quality(user)
    _dated(done_on, "done_on")
    # The non-conformity first, as closing locks it: the two can never wait on each other.
    non_conformity = _locked_non_conformity(corrective.non_conformity)
    corrective = CorrectiveAction.objects.select_for_update().get(pk=corrective.pk)
    if corrective.done_on is not None or non_conformity.closed_on is not None:
        raise Conflict(_("This corrective action is already done."), field="done_on")
    before = audit.snapshot(corrective)
    corrective.done_on = done_on
    corrective.save(update_fields=["done_on"])
    audit.record(user, "complete_corrective_action", corrective, before, audit.snapshot(corrective))
    return corrective


@transaction.atomic
def close_non_conformity(user: Any, non_conformity: NonConformity, closed_on: dt.date) -> NonConformity:
    """Closed only when every corrective action is done."""
    _quality(user)
    non_conformity = _locked_non_conformity(non_conformity)
    if non_conformity.closed_on is not None:
        raise Conflict(_("This non-conformity is already closed."), field="closed_on")
    if closed_on < non_conformity.raised_on:
        raise ActionError(_("It cannot close before it was raised."), field="closed_on")
    _dated(closed_on, "closed_on")
    if non_conformity.corrective_actions.filter(done_on__isnull=True).exists():
        raise ActionError(_("Corrective actions are still open."), field="closed_on")
    if not non_conformity.corrective_actions.exists():
        raise ActionError(_("Record at least one corrective action before closing."), field="closed_on")
    before = audit.snapshot(non_conformity)
    non_conformity.closed_on = closed_on
    non_conformity.save(update_fields=["closed_on"])
    audit.record(user, "close_non_conformity", non_conformity, before, audit.snapshot(non_conformity))
    return non_conformity


@transaction.atomic
def record_marking(
    user: Any, *, hazard: HazardArea, organisation: Organisation, marked_on: dt.date, method: str, signs: int = 0
) -> Marking:
    _quality(user)
    _dated(marked_on, "marked_on")
    if method not in Marking.Method.values:
        raise ActionError(_("Unknown marking method."), field="method")
    return _created(
        user,
        "record_marking",
        Marking.objects.create(
            hazard=hazard, organisation=organisation, marked_on=marked_on, method=method, signs=signs
        ),
    )


@transaction.atomic
def check_marking(user: Any, marking: Marking, *, checked_on: dt.date, intact: bool, notes: str = "") -> MarkingCheck:
    _quality(user)
    _dated(checked_on, "checked_on")
    if checked_on < marking.marked_on:
        raise ActionError(_("A check comes after the marking."), field="checked_on")
    return _created(
        user,
        "check_marking",
        MarkingCheck.objects.create(marking=marking, checked_on=checked_on, intact=intact, notes=notes),
    )
