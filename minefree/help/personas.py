"""The people MineFree is written for, and which of them the reader is (from the roles they hold)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from minefree.core.permissions import RoleCode, grants


@dataclass(frozen=True)
class Persona:
    slug: str  # also the template name: help/<slug>.<language>.html
    title: Any
    roles: tuple[str, ...]  # role codes whose holders read this page as their own


PERSONAS = (
    Persona("nmac_im", _("NMAC information manager"), (RoleCode.NMAC_IM,)),
    Persona("nmac_qa", _("NMAC quality assurance officer"), (RoleCode.NMAC_QA,)),
    Persona("nmac_admin", _("NMAC administrator"), (RoleCode.NMAC_ADMIN,)),
    Persona("operator_clerk", _("Operator clerk"), (RoleCode.OPERATOR_CLERK,)),
    Persona("operator_manager", _("Operator manager"), (RoleCode.OPERATOR_MANAGER,)),
    # A national authority's viewer reads the record as a donor does.
    Persona("donor", _("Donor"), (RoleCode.DONOR, RoleCode.AUTHORITY_VIEWER)),
    Persona("disaster_officer", _("Disaster officer"), (RoleCode.DISASTER_OFFICER,)),
    Persona("public", _("The public"), (RoleCode.PUBLIC,)),
)
BY_SLUG = {persona.slug: persona for persona in PERSONAS}
PUBLIC = BY_SLUG["public"]


def reader_persona(user: Any) -> Persona:
    """The reader's own persona: that of the first role they hold, in the order of PERSONAS."""
    if not user.is_authenticated:
        return PUBLIC
    if user.is_superuser:
        return BY_SLUG["nmac_admin"]
    held = {grant.role for grant in grants(user)}
    return next((persona for persona in PERSONAS if held & set(persona.roles)), PUBLIC)


def ordered_for(user: Any) -> list[Persona]:
    """Every persona, the reader's own first."""
    own = reader_persona(user)
    return [own, *(persona for persona in PERSONAS if persona != own)]
