"""The ids records had in the system they came from, so importing the same file again updates them."""

from __future__ import annotations

from django.conf import settings
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


class LegacyImport(models.Model):
    """One real run of a legacy import: the audit of what file was read, by whom, and what it did."""

    file_name = models.CharField(_("source file"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    target = models.CharField(_("record type"), max_length=40)
    layer = models.CharField(_("layer"), max_length=255, blank=True)
    mapping = models.JSONField(_("mapping"), default=dict)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("legacy import")
        verbose_name_plural = _("legacy imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.target}, {self.imported_at:%Y-%m-%d %H:%M})"
