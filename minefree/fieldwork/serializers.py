"""API shapes for field reports, their comments and notifications."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework_gis.fields import GeometryField

from minefree.core.limits import MAX_TEXT, json_problem
from minefree.fieldwork.declare import kind_choices
from minefree.fieldwork.models import FieldReport, Notification, ReportComment
from minefree.hazards.models import HazardArea
from minefree.organisations.models import Organisation


class PayloadField(serializers.JSONField):
    """A report's answers: any JSON object here, checked against its kind's questions on submission;
    typed per kind in the API schema (`fieldwork.schema`)."""


class CommentSerializer(serializers.ModelSerializer[ReportComment]):
    author = serializers.CharField(source="author.username", read_only=True)

    class Meta:
        model = ReportComment
        fields = ["time", "author", "text", "state"]


class FieldReportSerializer(serializers.ModelSerializer[FieldReport]):
    organisation = serializers.CharField(source="organisation.acronym", read_only=True)
    author = serializers.CharField(source="author.username", read_only=True)
    hazard_reference = serializers.CharField(source="hazard.reference", read_only=True, default=None)
    assignee = serializers.CharField(source="assignee.username", read_only=True, default=None)
    geometry = GeometryField(read_only=True)
    comments = CommentSerializer(many=True, read_only=True)
    payload = PayloadField(read_only=True)

    class Meta:
        model = FieldReport
        fields = [
            "id",
            "reference",
            "kind",
            "state",
            "organisation",
            "author",
            "client_id",
            "date_of_information",
            "hazard",
            "hazard_reference",
            "payload",
            "geometry",
            "version",
            "submitted_at",
            "assignee",
            "assigned_at",
            "decided_at",
            "applied",
            "comments",
        ]
        read_only_fields = fields


def bounded_payload(value: Any) -> None:
    """No text in a report over MAX_TEXT characters, no NUL, no absurd nesting (drafts included)."""
    problem = json_problem(value, "payload", max_text=MAX_TEXT)
    if problem:
        raise serializers.ValidationError(problem)


def payload_object(value: Any) -> None:
    if not isinstance(value, dict):
        raise serializers.ValidationError(_("payload must be an object."))


class FieldReportCreate(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=[])  # the declared kinds, read when the serializer is made
    organisation = serializers.SlugRelatedField(slug_field="acronym", queryset=Organisation.objects.all())
    client_id = serializers.CharField(max_length=100, help_text="Your own id for this report; resending it is safe.")
    date_of_information = serializers.DateField()
    hazard = serializers.PrimaryKeyRelatedField(queryset=HazardArea.objects.all(), required=False, allow_null=True)
    payload = PayloadField(
        help_text="The report's fields by name; geometry as GeoJSON.", validators=[payload_object, bounded_payload]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()  # type: ignore[attr-defined]


class FieldReportEdit(serializers.Serializer[Any]):
    version = serializers.IntegerField()
    payload = PayloadField(validators=[payload_object, bounded_payload])
    date_of_information = serializers.DateField(required=False)


class VersionOnly(serializers.Serializer[Any]):
    version = serializers.IntegerField(required=False)


class Decision(serializers.Serializer[Any]):
    version = serializers.IntegerField(required=False)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=MAX_TEXT)


class Approval(Decision):
    confirm = serializers.BooleanField(default=False, help_text="Create a new area despite overlaps.")
    link_to = serializers.PrimaryKeyRelatedField(
        queryset=HazardArea.objects.all(),
        required=False,
        allow_null=True,
        help_text="Apply the report to this existing hazardous area (a duplicate).",
    )
    merge = serializers.BooleanField(default=False, help_text="With link_to: the area becomes the union of both.")


class CommentCreate(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=MAX_TEXT)


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    report_reference = serializers.CharField(source="report.reference", read_only=True)
    text = serializers.CharField(source="shown", read_only=True)  # in the request's language

    class Meta:
        model = Notification
        fields = ["id", "text", "report", "report_reference", "created_at", "read_at"]
