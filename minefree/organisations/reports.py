"""Operator reports on their own teams and assets."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from minefree.fieldwork.payload import Apply, Reader, report_kind
from minefree.organisations import assets
from minefree.organisations.models import Asset, Team


def _team(read: Reader, report: Any, required: bool) -> Team | None:
    name = read.text("team", required=required, max_length=100)
    team = Team.objects.filter(organisation=report.organisation, name=name).first() if name else None
    if name and team is None:
        read.fail("team", _("%(org)s has no team called %(name)s.") % {"org": report.organisation, "name": name})
    return team


@report_kind("asset")
def asset_report(read: Reader, report: Any) -> Apply:
    kind = read.choice("kind", Asset.Kind.choices)
    name = read.text("name", max_length=100)
    team = _team(read, report, required=False)
    identifier = read.text("identifier", required=False, max_length=60)
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        made = assets.record_asset(
            user,
            organisation=report.organisation,
            kind=kind,
            name=name,
            team=team,
            identifier=identifier,
            acquired_on=report.date_of_information,
        )
        return {"asset": made.pk}

    return apply


@report_kind("team")
def team_report(read: Reader, report: Any) -> Apply:
    team = _team(read, report, required=True)
    women, men = read.number("women", high=100_000), read.number("men", high=100_000)
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        assert team is not None and women is not None and men is not None
        assets.set_team_composition(user, team, women=women, men=men)
        return {"team": team.pk}

    return apply
