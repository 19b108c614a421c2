"""XForms served to ODK Collect, KoboCollect and Enketo, and what they send back."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minefree.core.models import RestrictedManager
from minefree.core.permissions import Capability, DataClass, Held, Nobody, grants


class XForm(models.Model):
    """One version of a form, compiled from its XLSForm; older versions stay to read old submissions."""

    form_id = models.CharField(_("form id"), max_length=100)
    version = models.CharField(_("version"), max_length=40)
    kind = models.CharField(_("report kind"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    source = models.TextField(_("XLSForm"))  # Markdown text, or base64 of the uploaded .xlsx
    source_format = models.CharField(max_length=5, default="md")
    xml = models.TextField(_("XForm"))
    md5 = models.CharField(max_length=32)
    # Retired versions are refused for new submissions but kept for the ones already received.
    active = models.BooleanField(_("active"), default=True)
    # A draft is served only at its own test URL (`draft_urls`) until it passes the publish check.
    state = models.CharField(
        _("stage"), max_length=10, choices=[("draft", _("draft")), ("published", _("published"))], default="published"
    )
    # The test URL's key, as a SHA-256 digest: the key itself is shown once, to who uploaded the draft.
    draft_key_sha256 = models.CharField(max_length=64, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "interop_xform"  # the table of the app this one came out of; kept, not copied
        ordering = ["form_id", "-uploaded_at"]
        constraints = [models.UniqueConstraint(fields=["form_id", "version"], name="xform_version_unique")]
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")

    def __str__(self) -> str:
        return f"{self.form_id} {self.version}"


class DeviceToken(models.Model):
    """A phone's access, as ODK Central's App Users: a secret in the server URL the phone scans from a
    QR code, acting as the person it was issued to, for one organisation and some forms only.

    Only a SHA-256 of the secret is kept (it has 256 random bits, so no salt or slow hash is needed):
    the secret is shown once, in the QR code, and a lost phone is revoked, never looked up.
    """

    label = models.CharField(_("device"), max_length=100)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    form_ids = models.JSONField(_("forms"), default=list)  # form ids, so a new version stays in scope
    issued_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued to")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    secret_sha256 = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = RestrictedManager()
    organisation_path = "organisation"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("device access")
        verbose_name_plural = _("device access")

    def __str__(self) -> str:
        return self.label

    @staticmethod
    def managed_by(held: list[Held]) -> list[int] | None:
        """The organisations whose devices these grants manage; None for all of them. A holder of
        `manage_devices` who also edits the national record (the centre) manages every organisation's
        devices; any other holder (an operator's manager) its own organisation's."""
        managing = [h for h in held if Capability.MANAGE_DEVICES in h.capabilities]
        if any(Capability.EDIT_RECORD in h.capabilities for h in managing):
            return None
        return [h.organisation for h in managing]

    @classmethod
    def restriction_rules(cls, action: str, held: list[Held]) -> Q:
        managed = cls.managed_by(held)
        if managed is None:
            return Q()
        return Q(organisation__in=managed) if managed else Nobody


class DraftSubmission(models.Model):
    """A test instance sent to a draft's URL: kept apart, never a report, gone when the draft is."""

    form = models.ForeignKey(XForm, on_delete=models.CASCADE, related_name="test_submissions")
    instance_id = models.CharField(max_length=100)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    xml = models.TextField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.instance_id


class Submission(models.Model):
    """One instance as a device sent it; its field report is what the review workflow sees."""

    instance_id = models.CharField(max_length=100, unique=True)
    deprecated_id = models.CharField(max_length=100, blank=True)
    # instance.digest of the instance as received (before sealing): a resend must match it.
    content_sha256 = models.CharField(max_length=64, blank=True)
    form = models.ForeignKey(XForm, on_delete=models.PROTECT, related_name="submissions")
    report = models.ForeignKey("fieldwork.FieldReport", on_delete=models.PROTECT, related_name="submissions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The phone's device access it came through; empty for a user name and password (or Enketo).
    device = models.ForeignKey(DeviceToken, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    xml = models.TextField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "interop_submission"
        ordering = ["-received_at"]
        constraints = [
            # A version is edited once: a second edit of the same version is stale, even when two race.
            models.UniqueConstraint(
                fields=["deprecated_id"], condition=~models.Q(deprecated_id=""), name="submission_edits_a_version_once"
            )
        ]

    def __str__(self) -> str:
        return self.instance_id


class Attachment(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="attachments")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    # Stored under a random name outside any served folder; read through an access-checked view.
    file = models.FileField(upload_to="submissions/%Y/%m/")

    class Meta:
        db_table = "interop_attachment"

    def __str__(self) -> str:
        return self.name


class SubmissionError(models.Model):
    """A refused submission, kept so the NMAC can help the team that sent it."""

    received_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    form_id = models.CharField(max_length=100, blank=True)
    instance_id = models.CharField(max_length=100, blank=True)
    status = models.PositiveSmallIntegerField()
    message = models.TextField()
    device = models.CharField(_("device"), max_length=200, blank=True)  # the client's User-Agent
    # The refused instance, kept so nothing a team typed is lost; personal answers sealed as when stored.
    xml = models.TextField(blank=True)

    class Meta:
        db_table = "interop_submissionerror"
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d} {self.status} {self.form_id}"


class CentreKey(models.Model):
    """The centre's key pair for encrypted forms (OpenRosa form encryption): phones encrypt with the
    public key; the private key is kept encrypted with a passphrase only key holders know, so the
    server alone cannot read an encrypted submission."""

    public_der_b64 = models.TextField()  # what the form's base64RsaPublicKey carries
    private_pem = models.TextField()  # PKCS#8, encrypted with the key holders' passphrase
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d}"


def key_holder(held: list[Held]) -> bool:
    """Who holds the centre's passphrase: the centre's editors who also hold personal data."""
    return any(h.can(Capability.EDIT_RECORD) for h in held) and any(
        h.can(Capability.READ_REPORTS, DataClass.PERSONAL) for h in held
    )


def is_key_holder(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active) or key_holder(grants(user))


class EncryptedSubmission(models.Model):
    """An encrypted submission as the phone sent it, waiting for a key holder: the manifest and the
    encrypted files only, so nothing personal is readable on the server until it is decrypted."""

    instance_id = models.CharField(max_length=100, unique=True)
    form = models.ForeignKey(XForm, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    device = models.ForeignKey(DeviceToken, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    manifest = models.TextField()  # the submission manifest (no answers in it)
    files = models.JSONField(default=dict)  # the sent file name -> where its encrypted bytes are kept
    received_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return self.instance_id

    @classmethod
    def restriction_rules(cls, action: str, held: list[Held]) -> Q:
        return Q() if key_holder(held) else Nobody
