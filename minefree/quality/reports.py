"""What operators report to quality management: marking, its checks, corrective actions done."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minefree.core.permissions import Action
from minefree.fieldwork.declare import MAX_ID, Question, from_model, report_kind
from minefree.fieldwork.payload import Apply, Fields, Reader
from minefree.quality import actions
from minefree.quality.models import CorrectiveAction, Marking


@report_kind(
    "marking",
    gettext_lazy("Marking report"),
    (
        from_model(Marking, "method"),
        from_model(Marking, "signs"),
        # Kept with the report for the reviewer; the marking record holds method and signs.
        Question("village", "text", gettext_lazy("Nearest village"), required=False),
        Question("line", "line", gettext_lazy("Line of the marking"), required=False),
    ),
    date_label=gettext_lazy("Marked on"),
    needs_hazard=True,
)
def marking_report(read: Reader, answers: Fields, report: Any) -> Apply:
    method, signs = answers["method"], answers["signs"]
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


@report_kind(
    "marking_check",
    gettext_lazy("Marking check report"),
    (
        Question("marking", "record", gettext_lazy("Marking number"), low=1, high=MAX_ID),
        Question("intact", "flag", gettext_lazy("Marking intact"), required=False),
        Question("notes", "long_text", gettext_lazy("Notes"), required=False, max_length=300),
    ),
    date_label=gettext_lazy("Checked on"),
    web_form=False,
)
def marking_check_report(read: Reader, answers: Fields, report: Any) -> Apply:
    number, intact, notes = answers["marking"], answers["intact"], answers["notes"]
    marking = _named(Marking, report).filter(pk=number, organisation=report.organisation).first() if number else None
    if number and marking is None:
        read.fail("marking", _("%(org)s has no marking number %(n)s.") % {"org": report.organisation, "n": number})
    if marking is not None and report.date_of_information < marking.marked_on:
        read.fail("date_of_information", _("A check comes after the marking."))
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        assert marking is not None
        made = actions.check_marking(user, marking, checked_on=report.date_of_information, intact=intact, notes=notes)
        return {"marking_check": made.pk}

    return apply


@report_kind(
    "corrective_action",
    gettext_lazy("Corrective action done"),
    (
        Question("corrective_action", "record", gettext_lazy("Corrective action number"), low=1, high=MAX_ID),
        Question("notes", "long_text", gettext_lazy("What was done"), required=False),  # kept with the report
    ),
    date_label=gettext_lazy("Done on"),
    web_form=False,
)
def corrective_action_report(read: Reader, answers: Fields, report: Any) -> Apply:
    number = answers["corrective_action"]
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
