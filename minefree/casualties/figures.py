"""The casualty report: killed and injured by girls, boys, women and men between two days."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from minefree.casualties.models import Casualty
from minefree.gazetteer.home import home_country_code
from minefree.reporting import pillars
from minefree.reporting.parameters import Kind, Parameter, period
from minefree.reporting.registry import Column, Records, ReportDefinition, register

GROUP_LABELS = {
    "girls": _("Girls"),
    "boys": _("Boys"),
    "women": _("Women"),
    "men": _("Men"),
    "total": _("Total"),
}


def casualties(records: Records, p: dict[str, Any]) -> dict[str, Any]:
    return pillars.casualties(records(Casualty), p["from"], p["to"], country=p["country"])


register(
    ReportDefinition(
        slug="casualties",
        title=_("Casualties from explosive ordnance"),
        description=_("Killed and injured in accidents dated in the period, by girls, boys, women and men."),
        parameters=(
            *period(_("first day of accidents counted"), _("last day of accidents counted")),
            Parameter(
                "country", Kind.TEXT, _("ISO alpha-3 code (default: the NMAC's country)"), default=home_country_code
            ),
        ),
        compute=casualties,
        rows=lambda data: [[g, data[g]["killed"], data[g]["injured"]] for g in [*pillars.GROUPS, "total"]],
        columns=(
            Column("group", _("Group"), values=GROUP_LABELS),
            Column("killed", _("Killed")),
            Column("injured", _("Injured")),
        ),
    )
)
