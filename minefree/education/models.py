"""Explosive ordnance risk education sessions (IMAS 12.10)."""

from __future__ import annotations

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from minefree.core.models import Record

BENEFICIARY_FIELDS = ("girls", "boys", "women", "men")


class EoreSession(Record):
    class Facilitator(models.TextChoices):
        VOLUNTEER = "volunteer", _("Volunteer")
        TEACHER = "teacher", _("Teacher")
        STAFF = "staff", _("Operator staff")

    class Audience(models.TextChoices):
        SCHOOLCHILDREN = "schoolchildren", _("Schoolchildren")
        SHEPHERDS = "shepherds", _("Shepherds")
        FARMERS = "farmers", _("Farmers")
        COMMUNITY = "community", _("Community members")
        RETURNEES = "returnees", _("Returnees and travellers")
        OTHER = "other", _("Other")

    class Method(models.TextChoices):
        PRESENTATION = "presentation", _("Presentation")
        SMALL_GROUP = "small_group", _("Small-group discussion")
        THEATRE = "theatre", _("Theatre or puppets")
        HOUSE_TO_HOUSE = "house_to_house", _("House to house")
        MEDIA = "media", _("Radio, TV or social media")

    class Grouping(models.TextChoices):
        MIXED = "mixed", _("Mixed")
        FEMALE = "female", _("Women and girls only")
        MALE = "male", _("Men and boys only")

    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    date = models.DateField(_("date"))
    admin_area = models.ForeignKey(
        "gazetteer.AdminArea", on_delete=models.PROTECT, related_name="+", verbose_name=_("admin area")
    )
    place = models.CharField(_("place"), max_length=100)
    location = models.PointField(_("location"), srid=4326, null=True, blank=True)
    facilitator = models.CharField(_("facilitator"), max_length=10, choices=Facilitator.choices)
    audience = models.CharField(_("audience"), max_length=15, choices=Audience.choices)
    method = models.CharField(_("method"), max_length=15, choices=Method.choices)
    grouping = models.CharField(_("grouping"), max_length=6, choices=Grouping.choices)
    materials = models.PositiveIntegerField(_("materials distributed"), default=0)
    equipment = models.CharField(
        _("equipment used"), max_length=200, blank=True, help_text=_("e.g. posters, projector, inert training replicas")
    )
    duration_minutes = models.PositiveIntegerField(
        _("duration in minutes"), null=True, blank=True, help_text=_("From the welcome to the last question.")
    )
    girls = models.PositiveIntegerField(_("girls"))
    boys = models.PositiveIntegerField(_("boys"))
    women = models.PositiveIntegerField(_("women"))
    men = models.PositiveIntegerField(_("men"))
    # As reported; the action refuses a total that is not girls + boys + women + men.
    total = models.PositiveIntegerField(_("total beneficiaries"))

    organisation_path = "organisation"
    area_path = "admin_area"

    class Meta:
        ordering = ["-date", "reference"]
        verbose_name = _("risk education session")
        verbose_name_plural = _("risk education sessions")

    def __str__(self) -> str:
        return f"{self.reference} {self.place}"


class CommunityLiaison(Record):
    """IMAS 12.10 community liaison: a visit to a community that asks what it knows of explosive
    ordnance, so that what people report leads to survey, clearance or risk education."""

    class FollowUp(models.TextChoices):
        NONE = "none", _("None needed")
        SURVEY = "survey", _("Non-technical survey")
        SPOT_TASK = "spot_task", _("Spot task (ordnance to remove)")
        EORE = "eore", _("Risk education session")

    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    date = models.DateField(_("date of the visit"))
    admin_area = models.ForeignKey(
        "gazetteer.AdminArea", on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    place = models.CharField(_("community"), max_length=100)
    location = models.PointField(_("location"), srid=4326, null=True, blank=True)
    people_met = models.PositiveIntegerField(_("people met"))
    women_met = models.PositiveIntegerField(_("of whom women"))
    hazards_reported = models.PositiveIntegerField(_("suspected hazards reported"), default=0)
    follow_up = models.CharField(_("follow-up needed"), max_length=10, choices=FollowUp.choices)
    notes = models.TextField(_("what the community said"), blank=True)

    organisation_path = "organisation"
    area_path = "admin_area"

    class Meta:
        ordering = ["-date", "reference"]
        verbose_name = _("community liaison visit")
        verbose_name_plural = _("community liaison visits")

    def __str__(self) -> str:
        return f"{self.reference} {self.place}"
