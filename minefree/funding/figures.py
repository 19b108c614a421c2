"""The funding report: contributions by year in whole US dollars."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from minefree.funding.models import Funding
from minefree.reporting import pillars
from minefree.reporting.parameters import Kind, period
from minefree.reporting.registry import Column, Records, ReportDefinition, register


def funding(records: Records, p: dict[str, Any]) -> dict[str, Any]:
    return pillars.funding(records(Funding), p["from"], p["to"])


register(
    ReportDefinition(
        slug="funding",
        title=_("International contributions"),
        description=_("Contributions by year in whole US dollars."),
        parameters=period(_("first year"), _("last year"), Kind.YEAR),
        compute=funding,
        rows=lambda data: [[year, usd] for year, usd in data["years"].items()] + [["total", data["total"]]],
        columns=(Column("year", _("Year"), values={"total": _("Total")}), Column("usd", _("Amount"), "USD")),
    )
)
