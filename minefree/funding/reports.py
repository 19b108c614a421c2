"""The funding report: an operator declares what a donor gave it, the NMAC approves it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from minefree.fieldwork.payload import Apply, Reader, report_kind
from minefree.funding import actions
from minefree.funding.models import Pillar
from minefree.organisations.models import Organisation


@report_kind("funding")
def funding_report(read: Reader, report: Any) -> Apply:
    acronym = read.text("donor", max_length=20)
    donor = Organisation.objects.filter(acronym=acronym, kind=Organisation.Kind.DONOR).first()
    if acronym and donor is None:
        read.fail("donor", _("No donor with acronym %(a)s.") % {"a": acronym})
    year = read.number("year", low=1990, high=2100)
    project = read.text("project")
    pillar = read.choice("pillar", Pillar.choices)
    try:
        amount = Decimal(str(read.payload.get("amount_usd")))
    except (InvalidOperation, ValueError):
        amount = Decimal(0)
    if not amount.is_finite() or amount <= 0 or amount >= Decimal("1e12"):
        read.fail("amount_usd", _("Give the amount in US dollars, e.g. 125000."))
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        assert donor is not None and year is not None
        made = actions.record_funding(
            user,
            donor=donor,
            recipient=report.organisation,
            year=year,
            project=project,
            pillar=pillar,
            amount_usd=amount,
        )
        return {"funding": made.pk}

    return apply
