"""Phones' device access, as ODK Central's App Users: issue it (the secret shown once, as a QR code),
revoke it, and record each use under the device and the person it was issued to. Atomic and audited.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.errors import ActionError
from minefree.core.permissions import Action, Capability, DataClass, assert_can, grants, has, organisations_with
from minefree.fieldcollection import xforms
from minefree.fieldcollection.models import DeviceToken, XForm
from minefree.organisations.models import Organisation

SECRET_BYTES = 32  # 256 random bits, as URL-safe text: nobody guesses one, so one hash lookup is enough
LAST_USED_STEP_SECONDS = 60  # a "Get blank forms" makes dozens of requests: one write a minute is plenty


@dataclass(frozen=True)
class Issued:
    device: DeviceToken
    secret: str  # shown once, in the QR code; never stored


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def managed_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations whose phones `user` may issue access for (DeviceToken's own rules)."""
    if not has(user, Capability.MANAGE_DEVICES):
        return Organisation.objects.none()
    if getattr(user, "is_superuser", False):
        return Organisation.objects.all()
    managed = DeviceToken.managed_by(grants(user))
    return Organisation.objects.all() if managed is None else Organisation.objects.filter(pk__in=managed)


def may_send_for(person: Any, organisation: Organisation) -> bool:
    """Whether `person` writes field reports for `organisation`: a device acts as its person."""
    writes_for = organisations_with(person, Capability.WRITE_REPORTS, DataClass.REPORTS)
    return bool(person.is_active) and organisation.pk in writes_for


def senders(organisation: Organisation) -> list[Any]:
    """The active users a device of `organisation` may be issued to."""
    users = get_user_model()._default_manager.filter(
        is_active=True, memberships__organisation=organisation, memberships__revoked_at__isnull=True
    )
    return [u for u in users.distinct().order_by("username") if may_send_for(u, organisation)]


def offered_forms() -> list[XForm]:
    """The current version of every active form, one per form id."""
    ids = XForm.objects.filter(active=True).values_list("form_id", flat=True).distinct().order_by("form_id")
    return [form for form_id in ids if (form := xforms.current(form_id)) is not None]


def _snapshot(device: DeviceToken) -> dict[str, Any]:
    data = audit.snapshot(device)
    data.pop("secret_sha256", None)  # the log needs no handle on the secret
    return data


@transaction.atomic
def issue_device_access(
    user: Any, *, label: str, organisation: Organisation, form_ids: list[str], issued_to: Any
) -> Issued:
    """New device access; the secret comes back once, for the QR code."""
    if not managed_organisations(user).filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("You may not issue device access for %(org)s.") % {"org": organisation})
    errors: dict[str, list[str]] = {}
    if not label.strip():
        errors["label"] = [_("Name the device, e.g. 'Team 3 tablet'.")]
    known = {form.form_id for form in offered_forms()}
    chosen = sorted(set(form_ids))
    if not chosen:
        errors["form_ids"] = [_("Choose at least one form.")]
    elif set(chosen) - known:
        errors["form_ids"] = [_("No active form %(f)s.") % {"f": ", ".join(sorted(set(chosen) - known))}]
    if not may_send_for(issued_to, organisation):
        errors["issued_to"] = [
            _("%(user)s does not write field reports for %(org)s.") % {"user": issued_to, "org": organisation}
        ]
    if errors:
        raise ActionError(errors)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    device = DeviceToken.objects.create(
        label=label.strip(),
        organisation=organisation,
        form_ids=chosen,
        issued_to=issued_to,
        created_by=user,
        secret_sha256=secret_hash(secret),
    )
    audit.record(user, "issue_device_access", device, None, _snapshot(device))
    return Issued(device, secret)


@transaction.atomic
def revoke_device_access(user: Any, device: DeviceToken) -> DeviceToken:
    """From now on the phone's every request is refused; what it sent stays."""
    assert_can(device, user, Action.CHANGE)
    locked = DeviceToken.objects.select_for_update().get(pk=device.pk)
    if locked.revoked_at is not None:
        return locked
    before = _snapshot(locked)
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    audit.record(user, "revoke_device_access", locked, before, _snapshot(locked))
    return locked


def active_device(secret: str) -> DeviceToken | None:
    """The unrevoked device access whose secret this is, or None."""
    if not secret:
        return None
    device = (
        DeviceToken.objects.filter(secret_sha256=secret_hash(secret), revoked_at__isnull=True)
        .select_related("issued_to", "organisation")
        .first()
    )
    if device is None:
        return None
    now = timezone.now()
    if device.last_used_at is None or (now - device.last_used_at).total_seconds() > LAST_USED_STEP_SECONDS:
        DeviceToken.objects.filter(pk=device.pk).update(last_used_at=now)
        device.last_used_at = now
    return device


def record_use(device: DeviceToken, what: str, **details: Any) -> None:
    """An audit entry about the device, in the name of the person it was issued to."""
    audit.record(device.issued_to, "use_device_access", device, None, {"request": what, **details})
