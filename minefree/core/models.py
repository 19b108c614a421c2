"""Base models: the restricted manager, the record mixin and the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minefree.core.permissions import Action, Held, restriction

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class RestrictedQuerySet(models.QuerySet[Any]):
    def restrict(
        self, user: AbstractBaseUser | AnonymousUser, action: Action | str = Action.VIEW
    ) -> RestrictedQuerySet:
        return self.filter(restriction(user, action, self.model))


RestrictedManager = models.Manager.from_queryset(RestrictedQuerySet)


class Record(models.Model):
    """A domain record: restricted reads, a version for concurrent edits, timestamps."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RestrictedManager()
    # Lookup paths from this model to its owning organisation and to its admin area (`restrict`);
    # several area paths when a row hangs off one of several parents (any of them places it).
    organisation_path: ClassVar[str | None] = None
    area_path: ClassVar[str | tuple[str, ...] | None] = None

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One named action on one object: who, when, what, and the object before and after."""

    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(_("action"), max_length=64, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    before = models.JSONField(_("before"), null=True)
    after = models.JSONField(_("after"), null=True)
    # Groups the entries of one named action that touched several objects.
    related_to = models.CharField(max_length=100, blank=True, db_index=True)
    # The field report on whose approval the action ran, if any: the history links to it.
    source = models.CharField(_("source"), max_length=40, blank=True, db_index=True)

    # Read through `restrict` too: each entry under the rules of the object it is about.
    objects = RestrictedManager()

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @classmethod
    def restriction_rules(cls, action: str, held: list[Held]) -> Q:
        from minefree.core.audit_access import audit_rules

        return audit_rules(action, held)

    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class ReferenceCounter(models.Model):
    """The last number given under one reference prefix ("TJK-HA-"); its row is the lock for the next."""

    prefix = models.CharField(max_length=30, unique=True)
    last = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}{self.last}"
