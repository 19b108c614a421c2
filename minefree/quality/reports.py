"""What operators report to quality management: marking, its checks, corrective actions done."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from minefree.core.permissions import Action
from minefree.fieldwork.payload import MAX_ID, Apply, Reader, report_kind
from minefree.quality import actions
from minefree.quality.models import CorrectiveAction, Marking


@report_kind("marking")
def marking_report(read: Reader, report: Any) -> Apply:
    if report.hazard is None:
        read.fail("hazard", _("Name the hazardous area that was marked."))
    method = read.choice("method", Marking.Method.choices)
    signs = read.number("signs", required=False, high=1_000_000) or 0
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        made = actions.record_marking(
            user,
            hazard=report.hazard,
            organisation=report.organisation,
            marked_on=report.date_of_information,
            method=method,
            signs=signs,
        )
        return {"marking": made.pk}

    return apply


def _named(model: Any, report: Any) -> Any:
    """The rows a report may name: those its writer may see (an area-limited clerk reaches nothing
    outside its area). A report being checked before it has a writer (a draft object) names any."""
    if report.author_id is None:
        return model.objects.all()
    return model.objects.restrict(report.author, Action.VIEW)


@report_kind("marking_check")
def marking_check_report(read: Reader, report: Any) -> Apply:
    number = read.number("marking", low=1, high=MAX_ID)
    marking = _named(Marking, report).filter(pk=number, organisation=report.organisation).first() if number else None
    if number and marking is None:
        read.fail("marking", _("%(org)s has no marking number %(n)s.") % {"org": report.organisation, "n": number})
    if marking is not None and report.date_of_information < marking.marked_on:
        read.fail("date_of_information", _("A check comes after the marking."))
    intact = read.flag("intact")
    notes = read.text("notes", required=False, max_length=300)
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        assert marking is not None
        made = actions.check_marking(user, marking, checked_on=report.date_of_information, intact=intact, notes=notes)
        return {"marking_check": made.pk}

    return apply


@report_kind("corrective_action")
def corrective_action_report(read: Reader, report: Any) -> Apply:
    number = read.number("corrective_action", low=1, high=MAX_ID)
    corrective = (
        _named(CorrectiveAction, report).filter(pk=number, non_conformity__organisation=report.organisation).first()
        if number
        else None
    )
    if number and corrective is None:
        read.fail(
            "corrective_action", _("No corrective action %(n)s of %(org)s.") % {"n": number, "org": report.organisation}
        )
    elif corrective is not None and (corrective.done_on is not None or corrective.non_conformity.closed_on):
        read.fail("corrective_action", _("This corrective action is already done."))
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        assert corrective is not None
        actions.complete_corrective_action(user, corrective, report.date_of_information)
        return {"corrective_action": corrective.pk}

    return apply
