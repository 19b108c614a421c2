"""Quality management (IMAS 07.12, 09.20): accreditation, monitoring, inspection, findings, marking."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minefree.core.models import Record
from minefree.core.units import AREA


class Accreditation(Record):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    team = models.ForeignKey(
        "organisations.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("team")
    )
    activities = models.CharField(_("accredited activities"), max_length=200)
    accredited_on = models.DateField(_("accredited on"))
    expires_on = models.DateField(_("expires on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)

    organisation_path = "organisation"

    class Meta:
        ordering = ["-accredited_on"]
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")

    def __str__(self) -> str:
        return f"{self.organisation} {self.team or ''} {self.activities}".strip()


class Result(models.TextChoices):
    SATISFACTORY = "satisfactory", _("Satisfactory")
    MINOR = "minor", _("Minor non-conformity")
    MAJOR = "major", _("Major non-conformity")
    CRITICAL = "critical", _("Critical non-conformity")


class MonitoringVisit(Record):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation visited")
    )
    hazard = models.ForeignKey(
        "hazards.HazardArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hazardous area"),
    )
    visited_on = models.DateField(_("visited on"))
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    result = models.CharField(_("result"), max_length=12, choices=Result.choices)
    findings = models.TextField(_("findings"), blank=True)

    organisation_path = "organisation"
    area_path = "hazard__admin_area"

    class Meta:
        ordering = ["-visited_on"]
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")

    def __str__(self) -> str:
        return f"{self.organisation} {self.visited_on}"


class Inspection(Record):
    """Post-clearance inspection of released land: a sample searched again."""

    activity = models.ForeignKey(
        "hazards.LandReleaseActivity", on_delete=models.PROTECT, related_name="+", verbose_name=_("activity inspected")
    )
    inspected_on = models.DateField(_("inspected on"))
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    sample_m2 = models.PositiveIntegerField(_("area searched again"))
    items_found = models.PositiveIntegerField(_("items found"), default=0)
    passed = models.BooleanField(_("passed"))

    organisation_path = "activity__organisation"
    area_path = "activity__hazard__admin_area"
    units = {"sample_m2": AREA}

    class Meta:
        ordering = ["-inspected_on"]
        verbose_name = _("post-clearance inspection")
        verbose_name_plural = _("post-clearance inspections")

    def __str__(self) -> str:
        return f"{self.activity.reference} {self.inspected_on}"


class NonConformity(Record):
    class Severity(models.TextChoices):
        MINOR = "minor", _("Minor")
        MAJOR = "major", _("Major")
        CRITICAL = "critical", _("Critical")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    visit = models.ForeignKey(
        MonitoringVisit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="non_conformities",
        verbose_name=_("monitoring visit"),
    )
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="non_conformities",
        verbose_name=_("post-clearance inspection"),
    )
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    description = models.TextField(_("description"))
    raised_on = models.DateField(_("raised on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    organisation_path = "organisation"
    # Where it was found: the visited hazardous area, or the inspected activity's.
    area_path = ("visit__hazard__admin_area", "inspection__activity__hazard__admin_area")

    class Meta:
        ordering = ["-raised_on"]
        verbose_name = _("non-conformity")
        verbose_name_plural = _("non-conformities")

    def __str__(self) -> str:
        return f"{self.get_severity_display()} {self.organisation} {self.raised_on}"


class CorrectiveAction(Record):
    non_conformity = models.ForeignKey(
        NonConformity, on_delete=models.PROTECT, related_name="corrective_actions", verbose_name=_("non-conformity")
    )
    action = models.CharField(_("corrective action"), max_length=300)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    organisation_path = "non_conformity__organisation"
    area_path = (
        "non_conformity__visit__hazard__admin_area",
        "non_conformity__inspection__activity__hazard__admin_area",
    )

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")

    def __str__(self) -> str:
        return self.action


class Marking(Record):
    """How a hazardous area is marked on the ground; checks say whether the marking still stands."""

    class Method(models.TextChoices):
        SIGNS = "signs", _("Warning signs")
        FENCE = "fence", _("Fence")
        PAINTED = "painted", _("Painted stones")

    hazard = models.ForeignKey(
        "hazards.HazardArea", on_delete=models.PROTECT, related_name="markings", verbose_name=_("hazardous area")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("marked by")
    )
    marked_on = models.DateField(_("marked on"))
    method = models.CharField(_("method"), max_length=8, choices=Method.choices)
    signs = models.PositiveIntegerField(_("signs placed"), default=0)

    organisation_path = "organisation"
    area_path = "hazard__admin_area"

    class Meta:
        ordering = ["-marked_on"]
        verbose_name = _("marking")
        verbose_name_plural = _("markings")

    def __str__(self) -> str:
        return f"{self.hazard.reference} {self.marked_on}"


class MarkingCheck(Record):
    marking = models.ForeignKey(Marking, on_delete=models.PROTECT, related_name="checks", verbose_name=_("marking"))
    checked_on = models.DateField(_("checked on"))
    intact = models.BooleanField(_("marking intact"))
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    organisation_path = "marking__organisation"
    area_path = "marking__hazard__admin_area"

    class Meta:
        ordering = ["-checked_on"]
        verbose_name = _("marking check")
        verbose_name_plural = _("marking checks")

    def __str__(self) -> str:
        return f"{self.marking} {self.checked_on}"
