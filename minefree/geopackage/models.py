"""GeoPackage round trips: what was exported at which version, and what each import made of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minefree.core.models import RestrictedManager
from minefree.core.permissions import Action, Capability, DataClass, Held, Nobody


def _writers_and_reviewers(action: str, held: list[Held]) -> Q:
    """The organisation's report writers see its exports and imports; NMAC reviewers see all."""
    if action != Action.VIEW:
        return Nobody
    reports = DataClass.REPORTS
    if any(h.can(Capability.REVIEW_REPORTS, reports) for h in held):
        return Q()
    mine = [h.organisation for h in held if h.can(Capability.WRITE_REPORTS, reports)]
    return Q(organisation__in=mine) if mine else Nobody


class GeoPackageExport(models.Model):
    """One GeoPackage a user downloaded to edit offline; its rows and versions come with it."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    exported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    exported_at = models.DateTimeField(_("exported at"), auto_now_add=True)
    hazard_count = models.PositiveIntegerField(_("hazardous areas"), default=0)
    activity_count = models.PositiveIntegerField(_("land release activities"), default=0)
    # The day the file shows the areas as they stood (their state then); empty: as they are now.
    as_of = models.DateField(_("as of"), null=True, blank=True)

    objects = RestrictedManager()
    data_class = DataClass.REPORTS

    class Meta:
        db_table = "interop_geopackageexport"  # the table of the app this one came out of; kept, not copied
        ordering = ["-exported_at", "-id"]
        verbose_name = _("GeoPackage export")
        verbose_name_plural = _("GeoPackage exports")

    def __str__(self) -> str:
        return f"GPKG-{self.pk:06d}"

    @classmethod
    def restriction_rules(cls, action: str, held: list[Held]) -> Q:
        return _writers_and_reviewers(action, held)


class ExportedFeature(models.Model):
    """One row of an export: which record, at which version, with the values the team received."""

    export = models.ForeignKey(GeoPackageExport, on_delete=models.CASCADE, related_name="features")
    layer = models.CharField(max_length=40)
    object_id = models.PositiveIntegerField()
    version = models.PositiveIntegerField()
    # Editable attributes as exported, and a hash of the geometry (hazards) or of the whole row.
    values = models.JSONField(default=dict)

    class Meta:
        db_table = "interop_exportedfeature"
        constraints = [models.UniqueConstraint(fields=["export", "layer", "object_id"], name="exported_feature_unique")]

    def __str__(self) -> str:
        return f"{self.export_id} {self.layer} {self.object_id} v{self.version}"


class GeoPackageImport(models.Model):
    """One accepted upload of an edited export: every report it made is listed in its changes."""

    export = models.ForeignKey(GeoPackageExport, on_delete=models.PROTECT, related_name="imports")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    file_name = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(max_length=64)

    objects = RestrictedManager()
    data_class = DataClass.REPORTS

    class Meta:
        db_table = "interop_geopackageimport"
        ordering = ["-imported_at", "-id"]
        verbose_name = _("GeoPackage import")
        verbose_name_plural = _("GeoPackage imports")

    def __str__(self) -> str:
        return f"GPKG-IMPORT-{self.pk:06d}"

    @classmethod
    def restriction_rules(cls, action: str, held: list[Held]) -> Q:
        return _writers_and_reviewers(action, held)


class ImportedChange(models.Model):
    """One added, changed or deleted feature and the field report it became."""

    class Change(models.TextChoices):
        ADDED = "added", _("Added")
        CHANGED = "changed", _("Changed")
        DELETED = "deleted", _("Deleted")

    source = models.ForeignKey(GeoPackageImport, on_delete=models.PROTECT, related_name="changes")
    report = models.OneToOneField("fieldwork.FieldReport", on_delete=models.PROTECT, related_name="geopackage_change")
    layer = models.CharField(_("layer"), max_length=40)
    fid = models.PositiveIntegerField(_("feature id"))
    change = models.CharField(_("change"), max_length=10, choices=Change.choices)
    hazard = models.ForeignKey("hazards.HazardArea", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # For a changed or deleted area: the version the team edited and the server's at import.
    exported_version = models.PositiveIntegerField(null=True, blank=True)
    server_version = models.PositiveIntegerField(null=True, blank=True)
    changed_fields = models.JSONField(default=list)
    # A reviewer who saw both versions accepts the field's; valid up to this server version.
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        db_table = "interop_importedchange"
        ordering = ["source", "layer", "fid"]

    def __str__(self) -> str:
        return f"{self.layer}/{self.fid} {self.change}"

    def conflict_version(self) -> int | None:
        """The server's version now if it moved on since the export, else None."""
        if self.hazard is None or self.exported_version is None:
            return None
        current = self.hazard.version
        return current if current > self.exported_version else None

    @property
    def in_conflict(self) -> bool:
        return self.conflict_version() is not None

    @property
    def acknowledged(self) -> bool:
        now = self.conflict_version()
        return now is None or (self.acknowledged_version is not None and self.acknowledged_version >= now)
