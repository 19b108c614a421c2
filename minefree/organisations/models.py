"""Organisations, their teams, and the memberships that give users a role in one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minefree.core.models import RestrictedManager
from minefree.core.permissions import Role


class Organisation(models.Model):
    class Kind(models.TextChoices):
        NATIONAL_AUTHORITY = "national_authority", _("National mine action authority")
        NMAC = "nmac", _("National mine action centre")
        OPERATOR = "operator", _("Operator")
        RISK_EDUCATION = "risk_education", _("Risk-education partner")
        DONOR = "donor", _("Donor")
        DISASTER_AGENCY = "disaster_agency", _("Disaster agency")
        PARTNER = "partner", _("Partner")

    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    country = models.ForeignKey("gazetteer.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = RestrictedManager()
    organisation_path = "pk"

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.acronym


class Team(models.Model):
    class Capability(models.TextChoices):
        NTS = "nts", _("Non-technical survey")
        MANUAL = "manual", _("Manual clearance")
        MECHANICAL = "mechanical", _("Mechanical")
        DOGS = "dogs", _("Mine detection dogs")
        MULTI = "multi", _("Multi-task")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("name"), max_length=100)
    capability = models.CharField(_("capability"), max_length=20, choices=Capability.choices)
    active = models.BooleanField(_("active"), default=True)

    objects = RestrictedManager()
    organisation_path = "organisation"

    class Meta:
        ordering = ["organisation__acronym", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique")]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return f"{self.organisation.acronym} {self.name}"


class Membership(models.Model):
    ROLE_CHOICES = [
        (Role.NMAC_ADMIN.value, _("NMAC administrator")),
        (Role.NMAC_IM.value, _("NMAC information management officer")),
        (Role.NMAC_QA.value, _("NMAC quality assurance officer")),
        (Role.OPERATOR_MANAGER.value, _("Operator manager")),
        (Role.OPERATOR_CLERK.value, _("Operator data clerk")),
        (Role.DONOR.value, _("Donor")),
        (Role.DISASTER_OFFICER.value, _("Disaster agency officer")),
        (Role.AUTHORITY_VIEWER.value, _("National authority viewer")),
    ]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=ROLE_CHOICES)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} {self.role} @ {self.organisation}"
