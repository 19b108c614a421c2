"""The risk-education report: sessions and people reached by year, by girls, boys, women and men."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from minefree.education.models import EoreSession
from minefree.reporting import pillars
from minefree.reporting.parameters import Kind, period
from minefree.reporting.registry import Column, Records, ReportDefinition, register

PEOPLE = ("girls", "boys", "women", "men", "total")


def eore(records: Records, p: dict[str, Any]) -> dict[str, Any]:
    return pillars.eore_reach(records(EoreSession), p["from"], p["to"])


register(
    ReportDefinition(
        slug="eore",
        title=_("Risk education reach"),
        description=_("Explosive ordnance risk education sessions and people reached, by year."),
        parameters=period(_("first year"), _("last year"), Kind.YEAR),
        compute=eore,
        rows=lambda data: [[year, r["sessions"], *(r[k] for k in PEOPLE)] for year, r in data["years"].items()],
        columns=(
            Column("year", _("Year")),
            Column("sessions", _("Sessions")),
            Column("girls", _("Girls")),
            Column("boys", _("Boys")),
            Column("women", _("Women")),
            Column("men", _("Men")),
            Column("total", _("Total")),
        ),
    )
)
