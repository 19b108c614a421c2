"""What the NMAC types into a treaty report; every figure in it is generated from the record."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minefree.core.models import Record


class Treaty(models.TextChoices):
    APMBC = "apmbc", _("Anti-Personnel Mine Ban Convention (Article 7)")
    CCM = "ccm", _("Convention on Cluster Munitions (Article 7)")


class TreatyReport(Record):
    """One reporting year of one treaty: narratives per form, contact, submission and its snapshot.

    `snapshot` holds each form's generated content as it was when the NMAC recorded the report as
    submitted; next year's cover page compares against it ("changed" / "unchanged").
    """

    treaty = models.CharField(_("treaty"), max_length=5, choices=Treaty.choices)
    year = models.PositiveSmallIntegerField(_("reporting year"))
    # Form letter -> text the NMAC writes (national measures, stockpiles, ...).
    narratives = models.JSONField(_("narratives"), default=dict, blank=True)
    contact = models.TextField(_("national point of contact"), blank=True)
    submitted_on = models.DateField(_("date of submission"), null=True, blank=True)
    snapshot = models.JSONField(_("content as submitted"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["treaty", "-year"]
        verbose_name = _("treaty report")
        verbose_name_plural = _("treaty reports")
        constraints = [models.UniqueConstraint(fields=["treaty", "year"], name="one_treaty_report_per_year")]

    def __str__(self) -> str:
        return f"{self.get_treaty_display()} {self.year}"
