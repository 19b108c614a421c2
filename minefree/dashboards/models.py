"""What the NMAC publishes on the public dashboard: the treaty dates and whether outlines show."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Publication(models.Model):
    """One row (pk 1): the public dashboard's settings, edited through `save_publication`."""

    deadline = models.DateField(_("Article 5 deadline"), null=True, blank=True)
    baseline = models.DateField(
        _("baseline date"),
        null=True,
        blank=True,
        help_text=_("Progress is measured from the contamination on this day."),
    )
    publish_outlines = models.BooleanField(
        _("publish outlines of remaining hazardous areas"),
        default=False,
        help_text=_("Off: the public sees no coordinates at all. Victims and accidents are never published."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("publication setting")
        verbose_name_plural = _("publication settings")

    def __str__(self) -> str:
        return f"deadline {self.deadline or '-'}, baseline {self.baseline or '-'}, outlines {self.publish_outlines}"

    @classmethod
    def current(cls) -> Publication:
        """The settings row, or unsaved defaults (nothing published, no dates) before the first save."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class FiguresVersion(models.Model):
    """One row (pk 1): a random number the database changes on every write to a table the dashboards
    count (`dashboards/figures_version.py`), so cached figures are kept only while it holds."""

    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("version of the dashboard figures")
        verbose_name_plural = _("versions of the dashboard figures")

    def __str__(self) -> str:
        return str(self.version)
