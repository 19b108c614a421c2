"""Named actions of victim assistance; reading personal data is an action too, and is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from minefree.casualties.models import Casualty, Referral, Victim
from minefree.core import audit
from minefree.core.crypto import seal, unseal
from minefree.core.errors import ActionError
from minefree.core.permissions import Action, assert_can, assert_may_add
from minefree.core.references import next_reference
from minefree.gazetteer.models import AdminArea
from minefree.organisations.models import Organisation


def _public(victim: Victim) -> dict[str, Any]:
    """What the audit log keeps of a victim: never the sealed fields, not even as ciphertext."""
    return {k: v for k, v in audit.snapshot(victim).items() if k not in Victim.SEALED}


@transaction.atomic
def register_victim(
    user: Any,
    *,
    organisation: Organisation,
    admin_area: AdminArea,
    sex: str,
    name: str,
    contact: str = "",
    medical: str = "",
    birth_year: int | None = None,
    casualty: Casualty | None = None,
) -> Victim:
    assert_may_add(user, Victim, organisation.pk, admin_area)
    if not name.strip():
        raise ActionError(_("The name is required."), field="name")
    if sex not in Casualty.Sex.values:
        raise ActionError(_("Sex must be female or male."), field="sex")
    victim = Victim.objects.create(
        reference=next_reference(Victim, f"{admin_area.country.code}-VA-"),
        organisation=organisation,
        admin_area=admin_area,
        sex=sex,
        birth_year=birth_year,
        casualty=casualty,
        name_sealed=seal(name.strip()),
        contact_sealed=seal(contact),
        medical_sealed=seal(medical),
    )
    audit.record(user, "register_victim", victim, None, _public(victim))
    return victim


@transaction.atomic
def refer(user: Any, victim: Victim, *, need: str, institution: str, referred_on: dt.date, notes: str = "") -> Referral:
    assert_can(victim, user, Action.CHANGE)
    if need not in Referral.Need.values:
        raise ActionError(_("Unknown need."), field="need")
    referral = Referral.objects.create(
        victim=victim, need=need, institution=institution, referred_on=referred_on, notes=notes
    )
    audit.record(user, "refer_victim", referral, None, audit.snapshot(referral), related_to=victim.reference)
    return referral


@transaction.atomic
def set_referral_status(user: Any, referral: Referral, status: str, notes: str = "") -> Referral:
    # Re-read under the row lock: a stale copy saved whole would undo a change made meanwhile.
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    assert_can(referral, user, Action.CHANGE)
    if status not in Referral.Status.values:
        raise ActionError(_("Unknown status."), field="status")
    before = audit.snapshot(referral)
    referral.status, referral.notes = status, notes or referral.notes
    referral.version += 1
    referral.save()
    audit.record(
        user, "set_referral_status", referral, before, audit.snapshot(referral), related_to=referral.victim.reference
    )
    return referral


@transaction.atomic
def read_personal_data(user: Any, victim: Victim) -> dict[str, str]:
    """Decrypt a victim's name, contact and medical details for `user`, and write down that they did."""
    if not Victim.objects.restrict(user, Action.VIEW).filter(pk=victim.pk).exists():
        raise PermissionDenied(_("You may not read this person's data."))
    audit.record(user, "read_personal_data", victim, None, None, related_to=victim.reference)
    casualty = victim.casualty
    return {
        "name": unseal(victim.name_sealed),
        "contact": unseal(victim.contact_sealed),
        "medical": unseal(victim.medical_sealed),
        "injuries": unseal(casualty.injuries_sealed) if casualty is not None else "",
    }
