"""Named actions on teams and assets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.errors import ActionError
from minefree.core.permissions import Action, assert_can, assert_may_add
from minefree.organisations.models import Asset, Organisation, Team


@transaction.atomic
def record_asset(
    user: Any,
    *,
    organisation: Organisation,
    kind: str,
    name: str,
    team: Team | None = None,
    identifier: str = "",
    acquired_on: dt.date | None = None,
) -> Asset:
    assert_may_add(user, Asset, organisation.pk)
    if kind not in Asset.Kind.values:
        raise ActionError(_("Unknown kind of asset."), field="kind")
    if team is not None and team.organisation_id != organisation.pk:
        raise ActionError(_("Team %(team)s belongs to another organisation.") % {"team": team}, field="team")
    asset = Asset.objects.create(
        organisation=organisation, team=team, kind=kind, name=name, identifier=identifier, acquired_on=acquired_on
    )
    audit.record(user, "record_asset", asset, None, audit.snapshot(asset))
    return asset


@transaction.atomic
def set_asset_status(user: Any, asset: Asset, status: str) -> Asset:
    assert_can(asset, user, Action.CHANGE)
    if status not in Asset.Status.values:
        raise ActionError(_("Unknown status."), field="status")
    before = audit.snapshot(asset)
    asset.status = status
    asset.save(update_fields=["status"])
    audit.record(user, "set_asset_status", asset, before, audit.snapshot(asset))
    return asset


@transaction.atomic
def set_team_composition(user: Any, team: Team, *, women: int, men: int) -> Team:
    assert_can(team, user, Action.CHANGE)
    if women < 0 or men < 0:
        raise ActionError(_("Numbers of women and men cannot be negative."), field="women")
    before = audit.snapshot(team)
    team.women, team.men = women, men
    team.save(update_fields=["women", "men"])
    audit.record(user, "set_team_composition", team, before, audit.snapshot(team))
    return team
