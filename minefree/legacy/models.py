"""The ids records had in the system they came from, so importing the same file again updates them."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ExternalId(models.Model):
    """IMSMA's GUID and local id of one MineFree record (either may be missing in an old export)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    system = models.CharField(_("system"), max_length=20, default="imsma")
    guid = models.CharField(_("IMSMA GUID"), max_length=64, blank=True)
    local_id = models.CharField(_("IMSMA local id"), max_length=64, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("external id")
        verbose_name_plural = _("external ids")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "system", "guid"], condition=~Q(guid=""), name="legacy_unique_guid"
            ),
            models.UniqueConstraint(
                fields=["content_type", "system", "local_id"],
                condition=~Q(local_id=""),
                name="legacy_unique_local_id",
            ),
        ]

    def __str__(self) -> str:
        return self.guid or self.local_id
