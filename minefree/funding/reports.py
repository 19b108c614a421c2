"""The funding report: an operator declares what a donor gave it, the NMAC approves it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minefree.fieldwork.declare import Question, from_model, report_kind
from minefree.fieldwork.payload import Apply, Fields, Reader
from minefree.funding import actions
from minefree.funding.models import Funding
from minefree.organisations.models import Organisation


@report_kind(
    "funding",
    gettext_lazy("Funding report"),
    (
        Question("donor", "text", gettext_lazy("Donor (acronym)"), max_length=20),
        from_model(Funding, "year", low=1990, high=2100),
        from_model(Funding, "project"),
        from_model(Funding, "pillar"),
        from_model(Funding, "amount_usd", high=10**12, unit="USD"),
    ),
    web_form=False,
)
def funding_report(read: Reader, answers: Fields, report: Any) -> Apply:
    acronym = answers["donor"]
    donor = Organisation.objects.filter(acronym=acronym, kind=Organisation.Kind.DONOR).first()
    if acronym and donor is None:
        read.fail("donor", _("No donor with acronym %(a)s.") % {"a": acronym})
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        assert donor is not None
        made = actions.record_funding(
            user,
            donor=donor,
            recipient=report.organisation,
            year=answers["year"],
            project=answers["project"],
            pillar=answers["pillar"],
            amount_usd=answers["amount_usd"],
        )
        return {"funding": made.pk}

    return apply
