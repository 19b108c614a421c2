"""Named actions on access: edit a role, grant it, change or revoke a grant. Atomic and audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.errors import ActionError
from minefree.core.permissions import Capability, DataClass, has
from minefree.gazetteer.models import AdminArea
from minefree.organisations.models import Membership, Organisation, Role


def _manager(user: Any) -> None:
    if not has(user, Capability.MANAGE_ACCESS):
        raise PermissionDenied(_("Only an administrator may change access."))


def _grant_snapshot(grant: Membership) -> dict[str, Any]:
    data = audit.snapshot(grant)
    data["admin_areas"] = sorted(a.code for a in grant.admin_areas.all())
    return data


def _check_classes(role: Role, data_classes: list[str]) -> list[str]:
    unknown = set(data_classes) - set(DataClass)
    if unknown:
        raise ActionError(_("Unknown data classes: %(c)s") % {"c": ", ".join(sorted(unknown))}, field="data_classes")
    if DataClass.PERSONAL in data_classes and not role.personal_data_allowed:
        raise ActionError(
            _("The role %(role)s may never hold personal data.") % {"role": role.name}, field="data_classes"
        )
    return sorted(set(data_classes))


@transaction.atomic
def save_role(
    user: Any,
    role: Role | None,
    *,
    code: str,
    name: str,
    capabilities: list[str],
    personal_data_allowed: bool,
    description: str = "",
) -> Role:
    _manager(user)
    unknown = set(capabilities) - set(Capability)
    if unknown:
        raise ActionError(_("Unknown capabilities: %(c)s") % {"c": ", ".join(sorted(unknown))}, field="capabilities")
    before = audit.snapshot(role) if role else None
    if role is None:
        if Role.objects.filter(code=code).exists():
            raise ActionError(_("A role with code %(code)s exists.") % {"code": code}, field="code")
        role = Role(code=code)
    role.name, role.description = name, description
    role.capabilities = sorted(set(capabilities))
    role.personal_data_allowed = personal_data_allowed
    role.save()
    if not personal_data_allowed:
        # Taking the right away takes it from every grant of the role, in the same transaction.
        for grant in role.grants.all():
            if DataClass.PERSONAL in grant.data_classes:
                grant.data_classes = [c for c in grant.data_classes if c != DataClass.PERSONAL]
                grant.save(update_fields=["data_classes"])
    audit.record(user, "save_role", role, before, audit.snapshot(role))
    return role


@transaction.atomic
def grant_access(
    user: Any,
    *,
    grantee: Any,
    organisation: Organisation,
    role: Role,
    admin_areas: list[AdminArea],
    data_classes: list[str],
) -> Membership:
    _manager(user)
    grant = Membership.objects.create(
        user=grantee, organisation=organisation, role=role, data_classes=_check_classes(role, data_classes)
    )
    grant.admin_areas.set(admin_areas)
    audit.record(user, "grant_access", grant, None, _grant_snapshot(grant), related_to=grantee.username)
    return grant


@transaction.atomic
def change_grant(
    user: Any, grant: Membership, *, role: Role, admin_areas: list[AdminArea], data_classes: list[str]
) -> Membership:
    _manager(user)
    grant = Membership.objects.select_for_update().get(pk=grant.pk)
    if grant.revoked_at is not None:
        raise ActionError(_("This grant was revoked; grant access anew."))
    before = _grant_snapshot(grant)
    grant.role = role
    grant.data_classes = _check_classes(role, data_classes)
    grant.save()
    grant.admin_areas.set(admin_areas)
    audit.record(user, "change_grant", grant, before, _grant_snapshot(grant), related_to=grant.user.username)
    return grant


@transaction.atomic
def revoke_access(user: Any, grant: Membership) -> Membership:
    _manager(user)
    grant = Membership.objects.select_for_update().get(pk=grant.pk)
    before = _grant_snapshot(grant)
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    audit.record(user, "revoke_access", grant, before, _grant_snapshot(grant), related_to=grant.user.username)
    return grant
