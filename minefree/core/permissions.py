"""The one permission chokepoint: every read or write of domain data asks `restrict`.

Access is data. A Role (editable by the NMAC administrator) is a set of capabilities; a grant
(organisations.Membership) gives a user a role in one organisation, limited to some admin areas
(none: everywhere) and to some data classes. `restriction` turns a user's grants into one WHERE
clause on the model's organisation and area paths, never a loop in Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Action(StrEnum):
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    REVIEW = "review"


class Capability(StrEnum):
    VIEW_RECORD = "view_record"  # read the approved national record
    EDIT_RECORD = "edit_record"  # change any record of the national record directly
    EDIT_OWN = "edit_own"  # change records its organisation owns
    WRITE_REPORTS = "write_reports"  # write field reports for its organisation
    READ_REPORTS = "read_reports"  # read every submitted field report
    REVIEW_REPORTS = "review_reports"  # return, reject and approve field reports
    READ_AUDIT = "read_audit"  # read and export the audit log
    MANAGE_ACCESS = "manage_access"  # edit roles and grants
    QUALITY_ASSURANCE = "quality_assurance"  # record accreditation, monitoring, inspections, findings
    MANAGE_DEVICES = "manage_devices"  # issue and revoke phones' device access (QR codes)


class DataClass(StrEnum):
    RECORD = "record"  # hazardous areas, land release, ordnance
    REPORTS = "reports"  # field reports
    PERSONAL = "personal"  # victims and witnesses: names, contacts, medical details


class RoleCode(StrEnum):
    """Codes of the roles every installation starts with (rows of organisations.Role)."""

    NMAC_ADMIN = "nmac_admin"
    NMAC_IM = "nmac_im"
    NMAC_QA = "nmac_qa"
    OPERATOR_MANAGER = "operator_manager"
    OPERATOR_CLERK = "operator_clerk"
    DONOR = "donor"
    DISASTER_OFFICER = "disaster_officer"
    AUTHORITY_VIEWER = "authority_viewer"
    PUBLIC = "public"


@dataclass(frozen=True)
class Held:
    """One active grant, as the chokepoint sees it."""

    role: str
    organisation: int
    capabilities: frozenset[str]
    areas: tuple[int, ...]  # admin-area ids; empty means everywhere
    data_classes: frozenset[str]
    # `areas` and every area inside them, resolved once when the grants are read: the WHERE clause
    # then tests the row's own area id against this list, not its area's parent across a join.
    within: tuple[int, ...]

    def can(self, capability: str, data_class: str | None = None) -> bool:
        return capability in self.capabilities and (data_class is None or data_class in self.data_classes)


Everyone = Q()
Nobody = Q(pk__in=[])


# Who holds which grants is the organisations app's data; it plugs its reader in here at start-up
# (organisations/apps.py), so core never imports a domain app.
_grant_source: Callable[[Any], Iterable[Held]] | None = None


def grants_from(source: Callable[[Any], Iterable[Held]]) -> None:
    """Set where `grants` reads a user's active grants: `source(user_pk)` yields them."""
    global _grant_source
    _grant_source = source


def grants(user: AbstractBaseUser | AnonymousUser) -> list[Held]:
    """The active grants of an active user, cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached: list[Held] | None = getattr(user, "_minefree_grants", None)
    if cached is None:
        if _grant_source is None:
            raise ImproperlyConfigured("No grants source: the organisations app registers one in its ready().")
        cached = list(_grant_source(user.pk))
        setattr(user, "_minefree_grants", cached)  # noqa: B010 - cache on the user object
    return cached


def organisations_with(user: Any, capability: str, data_class: str | None = None) -> list[int]:
    return [held.organisation for held in grants(user) if held.can(capability, data_class)]


def has(user: Any, capability: str, data_class: str | None = None) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return bool(organisations_with(user, capability, data_class))


def area_paths(model: type[Model]) -> tuple[str, ...]:
    """The model's lookups to its admin area: one, or several when a row hangs off one of several
    parents (a non-conformity found on a monitoring visit or on an inspection)."""
    path: str | tuple[str, ...] | None = getattr(model, "area_path", None)
    if not path:
        return ()
    return (path,) if isinstance(path, str) else tuple(path)


def _in_areas(model: type[Model], held: Held) -> Q:
    paths = area_paths(model)
    if not held.areas or not paths:
        return Everyone
    clause = Q()
    for path in paths:  # a row is in the grant's areas if its area is one of them or inside one
        clause |= Q(**{f"{path}__in": held.within})
    return clause


def _union(clauses: list[Q]) -> Q:
    if not clauses:
        return Nobody
    if any(clause == Everyone for clause in clauses):
        return Everyone
    combined = clauses[0]
    for clause in clauses[1:]:
        combined |= clause
    return combined


def restriction(user: AbstractBaseUser | AnonymousUser, action: Action | str, model: type[Model]) -> Q:
    """The WHERE clause that limits `model` to what `user` may do `action` to."""
    if not user.is_authenticated or not user.is_active:
        return Nobody
    if getattr(user, "is_superuser", False):
        return Everyone
    return rules_for(grants(user), action, model)


def rules_for(held: list[Held], action: Action | str, model: type[Model]) -> Q:
    """The WHERE clause for a holder of the grants `held` (what `restriction` gives a non-superuser)."""
    # A model with rules of its own (field reports: drafts stay in their organisation) decides here.
    rules = getattr(model, "restriction_rules", None)
    if rules is not None:
        return rules(str(action), held)
    data_class = getattr(model, "data_class", DataClass.RECORD)
    if action == Action.VIEW:
        return _union([_in_areas(model, h) for h in held if h.can(Capability.VIEW_RECORD, data_class)])
    clauses = [_in_areas(model, h) for h in held if h.can(Capability.EDIT_RECORD, data_class)]
    path: str | None = getattr(model, "organisation_path", None)
    if path:
        clauses += [
            Q(**{path: h.organisation}) & _in_areas(model, h) for h in held if h.can(Capability.EDIT_OWN, data_class)
        ]
    return _union(clauses)


def keys_where(model: type[Model], clause: Q) -> Any:
    """The primary keys, as text, of the rows of `model` that `clause` allows: a subquery for a
    generic reference such as an audit entry's `object_id`."""
    from django.db.models import CharField
    from django.db.models.functions import Cast

    return model._default_manager.filter(clause).annotate(key=Cast("pk", CharField())).values("key")


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


def assert_may_add(user: Any, model: type[Model], organisation_id: int | None, admin_area: Any = None) -> None:
    """Raise PermissionDenied unless `user` may add a `model` owned by `organisation_id` in `admin_area`.

    A grant limited to some admin areas adds only there; a record with no area needs an unlimited grant.
    """
    from django.core.exceptions import PermissionDenied

    if getattr(user, "is_superuser", False) and user.is_active:
        return
    data_class = getattr(model, "data_class", DataClass.RECORD)
    areas = {admin_area.pk, admin_area.parent_id} - {None} if admin_area is not None else set()

    def covers(h: Held) -> bool:
        return not h.areas or bool(areas & set(h.areas))

    for h in grants(user):
        if h.can(Capability.EDIT_RECORD, data_class) and covers(h):
            return
        if h.organisation == organisation_id and h.can(Capability.EDIT_OWN, data_class) and covers(h):
            return
    raise PermissionDenied(f"You may not add a {model._meta.verbose_name} for this organisation or area.")
