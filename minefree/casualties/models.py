"""Accidents and incidents (IMAS 10.60) and their casualties, disaggregated by sex and age."""

from __future__ import annotations

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from minefree.core.models import Record

ADULT_AGE = 18


class Evidence(models.TextChoices):
    PHYSICAL = "physical", _("Physical evidence")
    WITNESS = "witness", _("Witness")
    DOCUMENTARY = "documentary", _("Document")


class Accident(Record):
    class Kind(models.TextChoices):
        CIVILIAN = "civilian", _("Civilian accident")
        DEMINING = "demining", _("Demining accident")

    class ActivityAtTime(models.TextChoices):
        HERDING = "herding", _("Herding livestock")
        FARMING = "farming", _("Farming")
        FIREWOOD = "firewood", _("Collecting firewood or food")
        PLAYING = "playing", _("Playing")
        TRAVELLING = "travelling", _("Travelling")
        TAMPERING = "tampering", _("Handling or tampering")
        DEMINING = "demining", _("Demining")
        MILITARY = "military", _("Military or border duty")
        OTHER = "other", _("Other")

    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date"))
    country = models.ForeignKey(
        "gazetteer.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    admin_area = models.ForeignKey(
        "gazetteer.AdminArea", on_delete=models.PROTECT, related_name="accidents", verbose_name=_("admin area")
    )
    location = models.PointField(_("location"), srid=4326, null=True, blank=True)
    device = models.CharField(_("device"), max_length=60, blank=True)
    activity_at_time = models.CharField(_("activity at the time"), max_length=12, choices=ActivityAtTime.choices)
    hazard = models.ForeignKey(
        "hazards.HazardArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accidents",
        verbose_name=_("hazardous area"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    # IMAS 10.60 evidence register: [{"type": "physical|witness|documentary", "description": "..."}]
    # (`json_choices`: what each item's coded key reads as on the pages).
    evidence = models.JSONField(_("evidence register"), default=list)
    findings = models.TextField(_("investigation findings"), blank=True)
    corrective_actions = models.TextField(_("corrective actions"), blank=True)

    organisation_path = "organisation"
    area_path = "admin_area"
    json_choices = {"evidence": {"type": Evidence.choices}}

    class Meta:
        ordering = ["-date", "reference"]
        verbose_name = _("accident")
        verbose_name_plural = _("accidents")

    def __str__(self) -> str:
        return f"{self.reference} {self.date}"


class Casualty(Record):
    """One person killed or injured. Names and medical details are personal data, kept encrypted."""

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")

    class Outcome(models.TextChoices):
        KILLED = "killed", _("Killed")
        INJURED = "injured", _("Injured")

    class Group(models.TextChoices):
        GIRL = "girl", _("Girl")
        BOY = "boy", _("Boy")
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")

    accident = models.ForeignKey(
        Accident, on_delete=models.PROTECT, related_name="casualties", verbose_name=_("accident")
    )
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    # girl, boy, woman, man: derived from age and sex when the age is known, else as reported.
    group = models.CharField(_("sex and age group"), max_length=5, choices=Group.choices, editable=False)
    outcome = models.CharField(_("outcome"), max_length=7, choices=Outcome.choices)
    deminer = models.BooleanField(_("deminer"), default=False)
    # Medical detail is personal data: sealed (core.crypto), never on a page, in the API or the log;
    # read with the victim's other personal data through the audited page.
    injuries_sealed = models.TextField(editable=False, blank=True)

    organisation_path = "accident__organisation"
    area_path = "accident__admin_area"
    SEALED = ("injuries_sealed",)

    class Meta:
        ordering = ["accident", "id"]
        verbose_name = _("casualty")
        verbose_name_plural = _("casualties")

    def __str__(self) -> str:
        return f"{self.get_group_display()}, {self.get_outcome_display()}"


def age_group(sex: str, age: int | None, adult: bool | None = None) -> str:
    """girl / boy / woman / man, from the age if known, else from what the report says."""
    grown = age >= ADULT_AGE if age is not None else bool(adult)
    if sex == Casualty.Sex.FEMALE:
        return "woman" if grown else "girl"
    return "man" if grown else "boy"


class Victim(Record):
    """A survivor or a victim's family in victim assistance (IMAS 13.10).

    Name, contact and medical details are sealed (core.crypto) and read only through the audited
    personal-data view; the data class keeps the whole record from roles without personal data.
    """

    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    casualty = models.OneToOneField(
        Casualty, on_delete=models.PROTECT, null=True, blank=True, related_name="victim", verbose_name=_("casualty")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    admin_area = models.ForeignKey(
        "gazetteer.AdminArea", on_delete=models.PROTECT, related_name="+", verbose_name=_("admin area")
    )
    sex = models.CharField(_("sex"), max_length=6, choices=Casualty.Sex.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    name_sealed = models.TextField(editable=False)
    contact_sealed = models.TextField(editable=False, blank=True)
    medical_sealed = models.TextField(editable=False, blank=True)

    data_class = "personal"
    organisation_path = "organisation"
    area_path = "admin_area"
    SEALED = ("name_sealed", "contact_sealed", "medical_sealed")

    class Meta:
        ordering = ["reference"]
        verbose_name = _("victim")
        verbose_name_plural = _("victims")

    def __str__(self) -> str:
        return self.reference


class Referral(Record):
    """A need, the institution that provides the service, and how far it has got."""

    class Need(models.TextChoices):
        EMERGENCY = "emergency", _("Emergency and continuing medical care")
        REHABILITATION = "rehabilitation", _("Physical rehabilitation and prostheses")
        PSYCHOLOGICAL = "psychological", _("Psychological and psychosocial support")
        ECONOMIC = "economic", _("Economic inclusion and livelihood")
        EDUCATION = "education", _("Education")
        SOCIAL = "social", _("Social protection and disability allowance")

    class Status(models.TextChoices):
        REFERRED = "referred", _("Referred")
        IN_PROGRESS = "in_progress", _("In progress")
        PROVIDED = "provided", _("Service provided")
        CLOSED = "closed", _("Closed without service")

    victim = models.ForeignKey(Victim, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("victim"))
    need = models.CharField(_("need"), max_length=15, choices=Need.choices)
    institution = models.CharField(_("institution"), max_length=200)
    referred_on = models.DateField(_("referred on"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REFERRED)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    data_class = "personal"
    organisation_path = "victim__organisation"
    area_path = "victim__admin_area"

    class Meta:
        ordering = ["victim", "referred_on"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.victim} {self.need}"
