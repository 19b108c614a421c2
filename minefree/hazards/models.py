"""Hazardous areas, their dated timeline, land release, ordnance found and completion."""

from __future__ import annotations

import datetime as dt

from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minefree.core.models import Record, RestrictedQuerySet
from minefree.core.units import AREA, CENTIMETRES


class Classification(models.TextChoices):
    SHA = "SHA", _("Suspected hazardous area")
    CHA = "CHA", _("Confirmed hazardous area")


class Contamination(models.TextChoices):
    AP_MINES = "ap_mines", _("Anti-personnel mines")
    AT_MINES = "at_mines", _("Anti-tank mines")
    CLUSTER = "cluster", _("Cluster munition remnants")
    OTHER_ERW = "other_erw", _("Other explosive remnants of war")
    FIRING_RANGE = "firing_range", _("Firing range")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    WORKED_ON = "worked_on", _("Worked on")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")
    HANDED_OVER = "handed_over", _("Handed over")


# Statuses in which land still counts as contaminated.
REMAINING = (Status.OPEN, Status.WORKED_ON, Status.SUSPENDED)


class HazardArea(Record):
    """The current state of one hazardous area; its past lives in HazardAreaState."""

    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    country = models.ForeignKey(
        "gazetteer.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    admin_area = models.ForeignKey(
        "gazetteer.AdminArea",
        on_delete=models.PROTECT,
        related_name="hazard_areas",
        verbose_name=_("admin area"),
    )
    operator = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hazard_areas",
        verbose_name=_("operator"),
    )
    classification = models.CharField(_("classification"), max_length=3, choices=Classification.choices)
    contamination = models.CharField(_("contamination"), max_length=20, choices=Contamination.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    geometry = models.MultiPolygonField(_("geometry"), srid=4326, null=True)
    area_m2 = models.FloatField(_("remaining area"), default=0, editable=False)
    # The area the centre's earlier system recorded (a legacy import), kept beside the one measured
    # from the polygon; reports use one or the other as the centre chooses (ContaminationAreaBasis).
    recorded_area_m2 = models.FloatField(_("officially recorded area"), null=True, blank=True, editable=False)
    # A legacy hazard known only by a point (and its recorded area): no polygon is invented for it.
    location = models.PointField(_("recorded point"), srid=4326, null=True, blank=True, editable=False)
    mechanical_suitable = models.BooleanField(_("suitable for mechanical clearance"), default=False)
    recorded_on = models.DateField(_("date of information"))
    description = models.TextField(_("description"), blank=True)

    organisation_path = "operator"
    area_path = "admin_area"
    units = {"area_m2": AREA, "recorded_area_m2": AREA}

    class Meta:
        ordering = ["reference"]
        verbose_name = _("hazardous area")
        verbose_name_plural = _("hazardous areas")
        indexes = [models.Index(fields=["status", "classification"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"


class StateQuerySet(RestrictedQuerySet):
    def as_of(self, day: dt.date) -> StateQuerySet:
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day), valid_from__lte=day)

    def remaining(self) -> StateQuerySet:
        return self.filter(status__in=REMAINING)


class HazardAreaState(models.Model):
    """What a hazardous area was from `valid_from` until the day before `valid_to`."""

    hazard = models.ForeignKey(
        HazardArea, on_delete=models.PROTECT, related_name="states", verbose_name=_("hazardous area")
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    classification = models.CharField(_("classification"), max_length=3, choices=Classification.choices)
    contamination = models.CharField(_("contamination"), max_length=20, choices=Contamination.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    geometry = models.MultiPolygonField(_("geometry"), srid=4326, null=True)
    area_m2 = models.FloatField(_("area"), default=0)
    mechanical_suitable = models.BooleanField(_("suitable for mechanical clearance"), default=False)
    cause = models.CharField(_("cause"), max_length=64)

    objects = models.Manager.from_queryset(StateQuerySet)()
    organisation_path = "hazard__operator"
    area_path = "hazard__admin_area"
    units = {"area_m2": AREA}

    class Meta:
        ordering = ["hazard", "valid_from", "id"]
        indexes = [models.Index(fields=["valid_from", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.hazard_id} {self.valid_from}..{self.valid_to or ''} {self.status}"


class HazardEvent(models.Model):
    """One dated change to a hazardous area; its states are these events replayed in date order.

    Events are never edited or deleted: a correction is a further event. Replaying them makes a
    change recorded late (an older report approved after a newer one) land where it belongs.
    """

    class Kind(models.TextChoices):
        CREATE = "create", _("Recorded")
        UPDATE = "update", _("Changed")
        RELEASE = "release", _("Land released")
        HANDOVER = "handover", _("Handed over")

    hazard = models.ForeignKey(HazardArea, on_delete=models.PROTECT, related_name="events")
    day = models.DateField(_("date of information"))
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # Attribute values set by the event; geometry as WKT.
    changes = models.JSONField(default=dict)
    activity = models.ForeignKey(
        "LandReleaseActivity", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cause = models.CharField(max_length=64)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["hazard", "day", "id"]

    def __str__(self) -> str:
        return f"{self.hazard_id} {self.day} {self.kind}"


class ReleaseKind(models.TextChoices):
    CANCEL = "cancel", _("Cancelled by non-technical survey")
    REDUCE = "reduce", _("Reduced by technical survey")
    CLEAR = "clear", _("Cleared")


class Method(models.TextChoices):
    SURVEY = "survey", _("Survey (no asset)")
    MANUAL = "manual", _("Manual")
    MECHANICAL = "mechanical", _("Mechanical")
    DOGS = "dogs", _("Mine detection dogs")


class LandReleaseActivity(Record):
    """Survey or clearance that released part of a hazardous area (its polygon, clipped to it)."""

    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    hazard = models.ForeignKey(
        HazardArea, on_delete=models.PROTECT, related_name="activities", verbose_name=_("hazardous area")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("operator"),
    )
    team = models.ForeignKey(
        "organisations.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("team"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReleaseKind.choices)
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    geometry = models.MultiPolygonField(_("released polygon"), srid=4326)
    area_m2 = models.FloatField(_("released area"), default=0, editable=False)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    depth_cm = models.PositiveIntegerField(_("clearance depth"), null=True, blank=True)

    organisation_path = "organisation"
    area_path = "hazard__admin_area"
    units = {"area_m2": AREA, "depth_cm": CENTIMETRES}

    class Meta:
        ordering = ["-end_date", "reference"]
        verbose_name = _("land release activity")
        verbose_name_plural = _("land release activities")
        indexes = [models.Index(fields=["end_date", "kind"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_kind_display()}"


class OrdnanceFind(Record):
    class Category(models.TextChoices):
        AP_MINE = "ap_mine", _("Anti-personnel mine")
        AT_MINE = "at_mine", _("Anti-tank mine")
        SUBMUNITION = "submunition", _("Submunition")
        UXO = "uxo", _("Unexploded ordnance")
        AXO = "axo", _("Abandoned explosive ordnance")
        SAA = "saa", _("Small arms ammunition")

    class Disposal(models.TextChoices):
        IN_SITU = "in_situ", _("Destroyed in situ")
        REMOVED = "removed", _("Removed and destroyed later")
        HANDED_OVER = "handed_over", _("Handed to the authorities")

    activity = models.ForeignKey(
        LandReleaseActivity,
        on_delete=models.PROTECT,
        related_name="ordnance",
        null=True,
        blank=True,
        verbose_name=_("activity"),
    )
    # Empty for a spot task: ordnance found outside any recorded hazardous area (a call-out).
    hazard = models.ForeignKey(
        HazardArea,
        on_delete=models.PROTECT,
        related_name="ordnance",
        null=True,
        blank=True,
        verbose_name=_("hazardous area"),
    )
    location = models.PointField(_("location"), srid=4326, null=True, blank=True)
    # As the phone's GPS gave them with the location ("lat lon alt acc"), in whole metres.
    location_altitude_m = models.IntegerField(_("altitude (m)"), null=True, blank=True)
    location_accuracy_m = models.PositiveIntegerField(_("GPS accuracy (m)"), null=True, blank=True)
    # The hazard's country, or the one holding the location: cross-border work is reported apart.
    country = models.ForeignKey(
        "gazetteer.Country", on_delete=models.PROTECT, related_name="+", null=True, verbose_name=_("country")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    ordnance_type = models.CharField(_("type"), max_length=60)
    quantity = models.PositiveIntegerField(_("quantity"))
    found_on = models.DateField(_("found on"))
    disposal = models.CharField(_("disposal"), max_length=20, choices=Disposal.choices)
    disposed_on = models.DateField(_("disposed on"))

    organisation_path = "organisation"
    area_path = "hazard__admin_area"

    class Meta:
        ordering = ["-found_on", "id"]
        verbose_name = _("explosive ordnance found")
        verbose_name_plural = _("explosive ordnance found")

    def __str__(self) -> str:
        return f"{self.quantity} × {self.ordnance_type}"


class CompletionReport(Record):
    """IMAS 08.30: the hazardous area is finished and handed over, residual risk has an owner."""

    hazard = models.OneToOneField(
        HazardArea, on_delete=models.PROTECT, related_name="completion", verbose_name=_("hazardous area")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    completed_on = models.DateField(_("completed on"))
    certificate_number = models.CharField(_("handover certificate number"), max_length=40)
    handed_over_on = models.DateField(_("handed over on"))
    handed_over_to = models.CharField(_("handed over to"), max_length=200)
    residual_risk_owner = models.CharField(_("residual risk owner"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)

    organisation_path = "organisation"
    area_path = "hazard__admin_area"

    class Meta:
        verbose_name = _("completion report")
        verbose_name_plural = _("completion reports")

    def __str__(self) -> str:
        return f"{self.certificate_number} ({self.hazard.reference})"


class AreaBasis(models.TextChoices):
    COMPUTED = "computed", _("the area measured from each polygon")
    RECORDED = "recorded", _("the officially recorded area where one was imported")


class ContaminationSetting(models.Model):
    """One row (pk 1): which area the contamination figures use, as the centre chose (hazards/area_basis.py)."""

    area_basis = models.CharField(
        _("area the contamination figures use"), max_length=10, choices=AreaBasis.choices, default=AreaBasis.COMPUTED
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("contamination setting")
        verbose_name_plural = _("contamination settings")

    def __str__(self) -> str:
        return f"area basis {self.area_basis}"
