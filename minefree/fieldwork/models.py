"""Field reports: the only way operator data enters the national record."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.gis.geos import Point
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minefree.core.models import Record
from minefree.core.permissions import Action, Capability, DataClass, Held, Nobody, keys_where
from minefree.fieldwork.declare import KINDS, personal_kinds


class FieldReport(Record):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned with comments")
        REJECTED = "rejected", _("Rejected")
        APPROVED = "approved", _("Approved")

    EDITABLE: ClassVar[tuple[str, ...]] = (State.DRAFT, State.RETURNED)
    # Kinds that carry personal data: only grants holding that data class see them at all.

    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    # A declared report kind (`fieldwork.declare.KINDS`): a new kind needs no migration here.
    kind = models.CharField(_("kind"), max_length=20)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="field_reports",
        verbose_name=_("organisation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    # The device's or client's own id: a resent report is recognised and changes nothing.
    client_id = models.CharField(_("client id"), max_length=100)
    date_of_information = models.DateField(_("date of information"))
    hazard = models.ForeignKey(
        "hazards.HazardArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="field_reports",
        verbose_name=_("hazardous area"),
    )
    # What the report says, as submitted: fields by name, geometry as GeoJSON.
    payload = models.JSONField(_("content"), default=dict)
    geometry = models.MultiPolygonField(_("polygon"), srid=4326, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    # The reviewer who took the report from the inbox, so two reviewers do not work on one report.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken by"),
    )
    assigned_at = models.DateTimeField(_("taken"), null=True, blank=True)
    # What approval wrote into the national record: {"hazard": id, "activity": id, ...}.
    applied = models.JSONField(_("written into the record"), default=dict, blank=True)
    # Where the report is about (its hazard's district, else the district it names), kept on save so
    # a grant limited to some admin areas is one WHERE clause (`restriction_rules`).
    admin_area = models.ForeignKey(
        "gazetteer.AdminArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("district"),
    )

    organisation_path = "organisation"
    area_path = "admin_area"

    class Meta:
        ordering = ["-date_of_information", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "client_id"], name="field_report_client_id_unique")
        ]
        indexes = [models.Index(fields=["state", "kind"])]
        verbose_name = _("field report")
        verbose_name_plural = _("field reports")

    def get_kind_display(self) -> str:
        kind = KINDS.get(self.kind)
        return str(kind.label) if kind is not None else self.kind

    def __str__(self) -> str:
        return f"{self.reference} {self.get_kind_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.admin_area_id = report_area_id(self.hazard_id, self.payload, self.geometry)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "admin_area"}
        super().save(*args, **kwargs)

    data_class = DataClass.REPORTS

    @classmethod
    def _own(cls, h: Held) -> Q:
        """The reports a writer's grant holds as its organisation's own (drafts included)."""
        kinds = Q() if DataClass.PERSONAL in h.data_classes else ~Q(kind__in=personal_kinds())
        return Q(organisation=h.organisation) & _areas(h) & kinds

    @classmethod
    def audit_rules(cls, held: list[Held]) -> Q:
        """Audit entries (AuditEntry fields) a log reader sees of reports it may view: what a report said
        while a draft stays in its organisation, even once the report is submitted."""
        writers = [h for h in held if h.can(Capability.WRITE_REPORTS, DataClass.REPORTS)]
        own = Nobody
        for h in writers:
            own = cls._own(h) if own == Nobody else own | cls._own(h)
        # SQL's NOT drops rows whose `after` has no state (a comment) or is empty: keep them explicitly.
        not_draft = Q(after__isnull=True) | Q(after__state__isnull=True) | ~Q(after__state=cls.State.DRAFT)
        if own == Nobody:
            return not_draft
        return not_draft | Q(object_id__in=keys_where(cls, own))

    @classmethod
    def restriction_rules(cls, action: str, held: list[Held]) -> Q:
        """Drafts never leave their organisation; reviewers and readers see everything submitted."""
        reports = DataClass.REPORTS
        writers = [h for h in held if h.can(Capability.WRITE_REPORTS, reports)]
        readers = [h for h in held if h.can(Capability.READ_REPORTS, reports)]

        def kinds(h: Held) -> Q:
            return Q() if DataClass.PERSONAL in h.data_classes else ~Q(kind__in=personal_kinds())

        if action == Action.VIEW:
            clauses = [cls._own(h) for h in writers]
            clauses += [~Q(state=cls.State.DRAFT) & _areas(h) & kinds(h) for h in readers]
        elif action in (Action.ADD, Action.CHANGE):
            clauses = [Q(organisation=h.organisation, state__in=cls.EDITABLE) & _areas(h) & kinds(h) for h in writers]
        elif action == Action.REVIEW:
            clauses = [
                Q(state=cls.State.SUBMITTED) & _areas(h) & kinds(h)
                for h in held
                if h.can(Capability.REVIEW_REPORTS, reports)
            ]
        else:
            clauses = []
        if not clauses:
            return Nobody
        combined = clauses[0]
        for clause in clauses[1:]:
            combined |= clause
        return combined


def _areas(held: Held) -> Q:
    """A grant limited to some admin areas holds for the reports about places there; like every
    other record, a report about no known place (funding, a team) needs a grant without limits."""
    if not held.areas:
        return Q()
    return Q(admin_area__in=held.within)


def report_area_id(hazard_id: int | None, payload: Any, geometry: Any = None) -> int | None:
    """The district a report is about: its hazard's, else the one its content names by code, else
    the one its polygon or point lies in."""
    from minefree.gazetteer.models import AdminArea
    from minefree.hazards.models import HazardArea

    if hazard_id is not None:
        return HazardArea.objects.filter(pk=hazard_id).values_list("admin_area_id", flat=True).first()
    content = payload if isinstance(payload, dict) else {}
    code = content.get("admin_area")
    if isinstance(code, str) and code:
        return AdminArea.objects.filter(code=code).values_list("pk", flat=True).first()
    point = geometry.point_on_surface if geometry is not None else point_in(content.get("location"))
    if point is None:
        return None
    districts = AdminArea.objects.filter(level=AdminArea.Level.DISTRICT, boundary__contains=point)
    return districts.order_by("pk").values_list("pk", flat=True).first()


def point_in(value: Any) -> Point | None:
    """A GeoJSON point as sent in a report's content, or None if it is not a sound one (a query
    with a 1e300 point would have SpatiaLite's WKT adapter overflow GEOS)."""
    from minefree.core.geometry_input import UNREADABLE, read_geometry

    if not isinstance(value, dict):
        return None
    try:
        geom = read_geometry(value, kinds=("Point",))
    except (*UNREADABLE, KeyError, IndexError, RecursionError):
        return None
    return geom if isinstance(geom, Point) else None


class ReportComment(models.Model):
    """The conversation on a report; a return or rejection always carries one."""

    report = models.ForeignKey(FieldReport, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    time = models.DateTimeField(auto_now_add=True)
    text = models.TextField(_("comment"))
    # The state the report moved to with this comment, if any.
    state = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["time", "id"]

    @property
    def state_label(self) -> str:
        """The state in words ("Returned with comments"), not its code."""
        labels = dict(FieldReport.State.choices)
        return str(labels.get(self.state, self.state))

    def __str__(self) -> str:
        return f"{self.author} on {self.report_id}"


class Notification(models.Model):
    """A message in the app for one user about one report."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    report = models.ForeignKey(FieldReport, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300)  # as written, in English; shown when `message` is empty
    # The message's English original (its catalogue msgid) and values, so that each reader reads the
    # notice in their own language rather than in the language of whoever caused it.
    message = models.CharField(max_length=200, blank=True, default="")
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.shown

    @property
    def shown(self) -> str:
        """The notice in the reader's (active) language."""
        if not self.message:
            return self.text
        return gettext(self.message) % self.params
