"""The risk-education session report: where, for whom, how, and how many people it reached."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from minefree.core.errors import ActionError
from minefree.education import actions
from minefree.education.models import BENEFICIARY_FIELDS, EoreSession
from minefree.fieldwork.declare import from_model_fields, report_kind
from minefree.fieldwork.payload import Apply, Fields, Reader

PEOPLE = {"unit": gettext_lazy("people")}
QUESTIONS = from_model_fields(EoreSession, given=dict.fromkeys((*BENEFICIARY_FIELDS, "total"), PEOPLE))


@report_kind(
    "eore", gettext_lazy("Risk education session report"), QUESTIONS, date_label=gettext_lazy("Date of the session")
)
def eore_report(read: Reader, answers: Fields, report: Any) -> Apply:
    read.place_point(answers["location"], answers["admin_area"])
    counts = {name: answers[name] for name in (*BENEFICIARY_FIELDS, "total")}
    if all(v is not None for v in counts.values()):
        try:
            actions.check_total(counts, counts["total"])
        except ActionError as exc:
            read.errors.update(exc.errors)
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        made = actions.record_session(
            user, organisation=report.organisation, date=report.date_of_information, **answers
        )
        return {"session": made.pk}

    return apply
