"""An area hit by a disaster, drawn or uploaded, against which hazards are overlaid."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minefree.core.models import Record
from minefree.core.permissions import Capability, DataClass, Everyone, Held, Nobody


class Kind(models.TextChoices):
    FLOOD = "flood", _("Flood")
    MUDSLIDE = "mudslide", _("Mudslide")
    EARTHQUAKE = "earthquake", _("Earthquake")
    LANDSLIDE = "landslide", _("Landslide")
    AVALANCHE = "avalanche", _("Avalanche")
    OTHER = "other", _("Other")


# Beyond this a "nearby" search stops meaning anything and only slows the overlay.
MAX_DISTANCE_M = 100_000


class AffectedArea(Record):
    """The outline of a flood, mudslide or earthquake; the overlay is computed for each reader."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    event_date = models.DateField(_("date of the event"))
    geometry = models.MultiPolygonField(_("affected area"), srid=4326)
    distance_m = models.PositiveIntegerField(_("search distance (m)"), default=0)
    area_m2 = models.FloatField(_("area (m²)"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("recorded by")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("organisation"),
    )

    organisation_path = "organisation"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("affected area")
        verbose_name_plural = _("affected areas")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()}, {self.event_date})"

    @property
    def area_km2(self) -> float:
        return self.area_m2 / 1_000_000

    @classmethod
    def restriction_rules(cls, action: str, held: list[Held]) -> Q:
        """Whoever reads the national record may record and read affected areas (not personal data).

        The overlay itself is computed through each reader's own `restrict`, so an affected area
        drawn by one organisation never shows another what it may not see.
        """
        readers = any(h.can(Capability.VIEW_RECORD, DataClass.RECORD) for h in held)
        if action in ("view", "add") and readers:
            return Everyone
        return Nobody
