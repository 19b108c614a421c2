"""Funding of mine action by donor, year, project and pillar."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minefree.core.models import Record
from minefree.core.units import USD


class Pillar(models.TextChoices):
    CLEARANCE = "clearance", _("Survey and clearance")
    EORE = "eore", _("Explosive ordnance risk education")
    VICTIM_ASSISTANCE = "victim_assistance", _("Victim assistance")
    ADVOCACY = "advocacy", _("Advocacy")
    STOCKPILE = "stockpile", _("Stockpile destruction")
    CAPACITY = "capacity", _("Capacity building and coordination")


class Funding(Record):
    donor = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="contributions", verbose_name=_("donor")
    )
    recipient = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="funding", verbose_name=_("recipient")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    project = models.CharField(_("project"), max_length=200)
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices)
    amount_usd = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)

    organisation_path = "recipient"
    units = {"amount_usd": USD}

    class Meta:
        ordering = ["-year", "donor__acronym", "project"]
        verbose_name = _("funding")
        verbose_name_plural = _("funding")

    def __str__(self) -> str:
        return f"{self.donor} {self.year} {self.project}"
