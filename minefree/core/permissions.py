"""The one permission chokepoint: every read or write of domain data asks `restrict`.

A grant here is a role held in an organisation (organisations.Membership). Each domain model
names the path from itself to its owning organisation (`organisation_path`); the restriction is
a WHERE clause on that path, never a loop in Python.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db.models import Model, Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Action(StrEnum):
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    REVIEW = "review"


class Role(StrEnum):
    NMAC_ADMIN = "nmac_admin"
    NMAC_IM = "nmac_im"
    NMAC_QA = "nmac_qa"
    OPERATOR_MANAGER = "operator_manager"
    OPERATOR_CLERK = "operator_clerk"
    DONOR = "donor"
    DISASTER_OFFICER = "disaster_officer"
    AUTHORITY_VIEWER = "authority_viewer"


# Roles that keep the national record: they may add and change any record.
NATIONAL_EDITORS = {Role.NMAC_ADMIN, Role.NMAC_IM}
# Roles that may change the records their own organisation owns.
OWNER_EDITORS = {Role.OPERATOR_MANAGER}
# Roles that review field reports and approve them into the national record.
REVIEWERS = {Role.NMAC_ADMIN, Role.NMAC_IM}
# Roles that read every submitted field report (not other organisations' drafts).
REPORT_READERS = {Role.NMAC_ADMIN, Role.NMAC_IM, Role.NMAC_QA, Role.AUTHORITY_VIEWER}
# Roles that write field reports for their own organisation.
REPORT_WRITERS = {Role.OPERATOR_CLERK, Role.OPERATOR_MANAGER, Role.NMAC_ADMIN, Role.NMAC_IM, Role.NMAC_QA}

Everyone = Q()
Nobody = Q(pk__in=[])


def memberships(user: AbstractBaseUser | AnonymousUser) -> list[tuple[str, int]]:
    """(role, organisation id) pairs of an active user, cached on the user object."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached: list[tuple[str, int]] | None = getattr(user, "_minefree_memberships", None)
    if cached is None:
        from minefree.organisations.models import Membership

        cached = list(Membership.objects.filter(user_id=user.pk).values_list("role", "organisation_id"))
        setattr(user, "_minefree_memberships", cached)  # noqa: B010 - cache on the user object
    return cached


def roles(user: AbstractBaseUser | AnonymousUser) -> set[str]:
    return {role for role, _org in memberships(user)}


def restriction(user: AbstractBaseUser | AnonymousUser, action: Action | str, model: type[Model]) -> Q:
    """The WHERE clause that limits `model` to what `user` may do `action` to."""
    if not user.is_authenticated or not user.is_active:
        return Nobody
    if getattr(user, "is_superuser", False):
        return Everyone
    held = memberships(user)
    if not held:
        return Nobody
    # A model with rules of its own (field reports: drafts stay in their organisation) decides here.
    rules = getattr(model, "restriction_rules", None)
    if rules is not None:
        return rules(str(action), held)
    if action == Action.VIEW:
        # Everything in the national record is visible to every member organisation for now;
        # drafts and personal data arrive with their own data classes.
        return Everyone
    if any(role in NATIONAL_EDITORS for role, _org in held):
        return Everyone
    path: str | None = getattr(model, "organisation_path", None)
    owned = [org for role, org in held if role in OWNER_EDITORS]
    if path and owned:
        return Q(**{f"{path}__in": owned})
    return Nobody


def can(user: AbstractBaseUser | AnonymousUser, action: Action | str, model: type[Model]) -> bool:
    """Whether `user` may do `action` to at least some rows of `model` (for buttons and adds)."""
    return restriction(user, action, model) != Nobody


def assert_can(obj: Model, user: Any, action: Action | str) -> None:
    """Raise PermissionDenied unless `user` may do `action` to the saved object `obj`."""
    from django.core.exceptions import PermissionDenied

    model = type(obj)
    allowed = model._default_manager.filter(restriction(user, action, model), pk=obj.pk).exists()
    if not allowed:
        raise PermissionDenied(f"You may not {action} this {model._meta.verbose_name}.")


def assert_may_add(user: Any, model: type[Model], organisation_id: int | None) -> None:
    """Raise PermissionDenied unless `user` may add a `model` owned by `organisation_id`."""
    from django.core.exceptions import PermissionDenied

    clause = restriction(user, Action.ADD, model)
    if clause == Everyone:
        return
    owned = {org for role, org in memberships(user) if role in OWNER_EDITORS}
    if clause != Nobody and organisation_id in owned:
        return
    raise PermissionDenied(f"You may not add a {model._meta.verbose_name} for this organisation.")
