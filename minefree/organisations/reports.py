"""Operator reports on their own teams and assets."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from minefree.fieldwork.declare import Question, from_model, report_kind
from minefree.fieldwork.payload import Apply, Fields, Reader
from minefree.organisations import assets
from minefree.organisations.models import Asset


@report_kind(
    "asset",
    gettext_lazy("Asset report"),
    (
        from_model(Asset, "kind"),
        from_model(Asset, "name"),
        from_model(Asset, "team"),
        from_model(Asset, "identifier"),
    ),
    date_label=gettext_lazy("Acquired on"),
    web_form=False,
)
def asset_report(read: Reader, answers: Fields, report: Any) -> Apply:
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        made = assets.record_asset(
            user, organisation=report.organisation, acquired_on=report.date_of_information, **answers
        )
        return {"asset": made.pk}

    return apply


@report_kind(
    "team",
    gettext_lazy("Team composition report"),
    (
        Question("team", "team", gettext_lazy("Team")),
        Question("women", "count", gettext_lazy("Women"), high=100_000, unit=gettext_lazy("people")),
        Question("men", "count", gettext_lazy("Men"), high=100_000, unit=gettext_lazy("people")),
    ),
    web_form=False,
)
def team_report(read: Reader, answers: Fields, report: Any) -> Apply:
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        assets.set_team_composition(user, answers["team"], women=answers["women"], men=answers["men"])
        return {"team": answers["team"].pk}

    return apply
