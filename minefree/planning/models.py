"""The NMAC's planning parameters and saved scenarios (edited through `actions.py`, audited).

These are the planner's assumptions, not the national record: every logged-in reader of the
record may see them; only holders of `edit_record` change them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    SURVEY = "survey", _("Survey (m² per deminer-day)")
    MANUAL = "manual", _("Manual clearance (m² per deminer-day)")
    MECHANICAL = "mechanical", _("Mechanical (m² per machine-day)")
    DOGS = "dogs", _("Mine detection dogs (m² per dog-day)")


class ParameterSet(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    as_of = models.DateField(_("baseline date"), null=True, blank=True, help_text=_("Empty: today."))
    start = models.DateField(
        _("start of work"), null=True, blank=True, help_text=_("Empty: the day after the baseline.")
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    # Today's capacity: what a plan uses when no scenario says otherwise.
    deminers = models.PositiveIntegerField(_("deminers"), default=0)
    machines = models.PositiveIntegerField(_("machines"), default=0)
    dogs = models.PositiveIntegerField(_("dogs"), default=0)
    deminers_per_team = models.PositiveIntegerField(_("deminers per team"), default=10)
    team_year_usd = models.FloatField(_("cost per team-year (USD)"), default=300_000)
    machine_year_usd = models.FloatField(_("cost per machine-year (USD)"), default=150_000)
    dog_year_usd = models.FloatField(_("cost per dog-year (USD)"), default=20_000)
    overhead_year_usd = models.FloatField(_("overheads per year (USD)"), default=300_000)
    sha_survey_share = models.FloatField(_("share of SHA land released by survey"), default=0.5)
    cha_survey_share = models.FloatField(_("share of CHA land released by survey"), default=0.05)
    default_band = models.CharField(_("band of districts not listed"), max_length=20, default="mid")
    horizon_years = models.PositiveIntegerField(_("forecast horizon (years)"), default=50)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("planning parameters")
        verbose_name_plural = _("planning parameters")

    def __str__(self) -> str:
        return self.name


class AltitudeBand(models.Model):
    parameter_set = models.ForeignKey(ParameterSet, on_delete=models.PROTECT, related_name="bands")
    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    season_month = models.PositiveSmallIntegerField(_("season starts (month)"))
    season_day = models.PositiveSmallIntegerField(_("season starts (day)"))
    season_days = models.PositiveSmallIntegerField(_("season length (days)"))

    class Meta:
        ordering = ["parameter_set", "-season_days", "code"]
        constraints = [models.UniqueConstraint(fields=["parameter_set", "code"], name="band_code_unique")]
        verbose_name = _("altitude band")
        verbose_name_plural = _("altitude bands")

    def __str__(self) -> str:
        return f"{self.code} ({self.name})"


class Productivity(models.Model):
    band = models.ForeignKey(AltitudeBand, on_delete=models.PROTECT, related_name="productivity")
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    m2_per_unit_day = models.FloatField(_("m² per unit-day"))

    class Meta:
        ordering = ["band", "method"]
        constraints = [models.UniqueConstraint(fields=["band", "method"], name="productivity_unique")]
        verbose_name = _("productivity")
        verbose_name_plural = _("productivity")

    def __str__(self) -> str:
        return f"{self.method} {self.band.code}: {self.m2_per_unit_day}"


class DistrictBand(models.Model):
    parameter_set = models.ForeignKey(ParameterSet, on_delete=models.PROTECT, related_name="district_bands")
    admin_area = models.ForeignKey("gazetteer.AdminArea", on_delete=models.PROTECT, related_name="+")
    band = models.ForeignKey(AltitudeBand, on_delete=models.PROTECT, related_name="districts")

    class Meta:
        ordering = ["admin_area__code"]
        constraints = [models.UniqueConstraint(fields=["parameter_set", "admin_area"], name="district_band_unique")]
        verbose_name = _("district altitude band")
        verbose_name_plural = _("district altitude bands")

    def __str__(self) -> str:
        return f"{self.admin_area_id} {self.band.code}"


class Scenario(models.Model):
    """A named capacity to forecast: deminers (in teams), machines and dogs."""

    parameter_set = models.ForeignKey(ParameterSet, on_delete=models.PROTECT, related_name="scenarios")
    name = models.CharField(_("name"), max_length=100)
    deminers = models.PositiveIntegerField(_("deminers"))
    teams = models.PositiveIntegerField(_("teams"), null=True, blank=True, help_text=_("Empty: as many as needed."))
    machines = models.PositiveIntegerField(_("machines"), default=0)
    dogs = models.PositiveIntegerField(_("dogs"), default=0)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["parameter_set", "deminers", "name"]
        constraints = [models.UniqueConstraint(fields=["parameter_set", "name"], name="scenario_name_unique")]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")

    def __str__(self) -> str:
        return self.name
