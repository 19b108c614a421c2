"""The rules of a report kind whose approval makes one record from its answers, unchanged: most of
the pillars' simple records need no action of their own (`creates(CommunityLiaison, prefix="CL")`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.dates import check_day
from minefree.core.errors import ActionError
from minefree.core.permissions import assert_may_add
from minefree.core.references import next_reference
from minefree.fieldwork.declare import Rules
from minefree.fieldwork.payload import Apply, Fields, Reader

Checks = Callable[[Reader, Fields, Any], None]


@transaction.atomic
def record_from_report(
    user: Any, model: type[models.Model], report: Any, answers: Fields, *, prefix: str, date_field: str
) -> models.Model:
    """The record, owned by the report's organisation and dated by it; permission-checked and audited."""
    area = answers.get("admin_area")
    assert_may_add(user, model, report.organisation_id, area)
    check_day(report.date_of_information, "date_of_information")
    country = area.country if area is not None else report.organisation.country
    if country is None:
        raise ActionError(_("Name the district."), field="admin_area")
    made = model.objects.create(  # type: ignore[attr-defined]
        reference=next_reference(model, f"{country.code}-{prefix}-"),
        organisation=report.organisation,
        **{date_field: report.date_of_information},
        **answers,
    )
    audit.record(user, f"record_{model._meta.model_name}", made, None, audit.snapshot(made))
    return made


def creates(model: type[models.Model], *, prefix: str, date_field: str = "date", checks: Checks | None = None) -> Rules:
    """Rules that check a point against its district (and `checks`, for rules between answers) and,
    on approval, make the record."""

    def rules(read: Reader, answers: Fields, report: Any) -> Apply:
        if answers.get("location") is not None:
            read.place_point(answers["location"], answers.get("admin_area"))
        if checks is not None:
            checks(read, answers, report)
        read.check()

        def apply(user: Any, confirm: bool) -> dict[str, int]:
            made = record_from_report(user, model, report, answers, prefix=prefix, date_field=date_field)
            return {model._meta.model_name or "record": made.pk}

        return apply

    return rules
