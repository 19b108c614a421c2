"""Organisations, their teams, and the memberships that give users a role in one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minefree.core.models import RestrictedManager


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
    country = models.ForeignKey(
        "gazetteer.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
    )

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

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="teams", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=100)
    capability = models.CharField(_("capability"), max_length=20, choices=Capability.choices)
    active = models.BooleanField(_("active"), default=True)
    # Sex composition, for the gender indicators (women in teams).
    women = models.PositiveSmallIntegerField(_("women"), default=0)
    men = models.PositiveSmallIntegerField(_("men"), default=0)

    objects = RestrictedManager()
    organisation_path = "organisation"

    class Meta:
        ordering = ["organisation__acronym", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique")]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return f"{self.organisation.acronym} {self.name}"


class Role(models.Model):
    """A named set of capabilities; the NMAC administrator edits these, no code change needed."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    capabilities = models.JSONField(_("capabilities"), default=list)
    # Donors, the disaster agency and the public never hold personal data, whatever a grant says.
    personal_data_allowed = models.BooleanField(_("may be granted personal data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A grant: a user holds a role in an organisation, for some admin areas and data classes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="grants", verbose_name=_("role"))
    # Empty: everywhere. A region includes its districts.
    admin_areas = models.ManyToManyField(
        "gazetteer.AdminArea", blank=True, related_name="+", verbose_name=_("admin areas")
    )
    data_classes = models.JSONField(_("data classes"), default=list)
    granted_at = models.DateTimeField(auto_now_add=True)
    # Revoked grants stay, so the audit log can always say who could see what, and when.
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")

    def __str__(self) -> str:
        return f"{self.user} {self.role.code} @ {self.organisation}"


class Asset(models.Model):
    """A mine detection dog, a machine or other major equipment, and whether it can work."""

    class Kind(models.TextChoices):
        DOG = "dog", _("Mine detection dog")
        MACHINE = "machine", _("Demining machine")
        VEHICLE = "vehicle", _("Vehicle")
        DETECTOR = "detector", _("Large-loop detector")

    class Status(models.TextChoices):
        OPERATIONAL = "operational", _("Operational")
        MAINTENANCE = "maintenance", _("Under maintenance")
        TRAINING = "training", _("In training")
        RETIRED = "retired", _("Retired")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="assets", verbose_name=_("organisation")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="assets", verbose_name=_("team")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    identifier = models.CharField(_("identifier"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPERATIONAL)
    acquired_on = models.DateField(_("acquired on"), null=True, blank=True)

    objects = RestrictedManager()
    organisation_path = "organisation"

    class Meta:
        ordering = ["organisation__acronym", "kind", "name"]
        verbose_name = _("asset")
        verbose_name_plural = _("assets")

    def __str__(self) -> str:
        return f"{self.organisation.acronym} {self.name}"
