"""REST endpoints for field reports: the review workflow as actions on /api/v1/field-reports/."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from minefree.core.errors import ActionError
from minefree.core.permissions import Action
from minefree.fieldwork import actions
from minefree.fieldwork.duplicates import candidates
from minefree.fieldwork.filters import FieldReportFilter
from minefree.fieldwork.models import FieldReport, Notification
from minefree.fieldwork.serializers import (
    Approval,
    CommentCreate,
    Decision,
    FieldReportCreate,
    FieldReportEdit,
    FieldReportSerializer,
    NotificationSerializer,
    VersionOnly,
)
from minefree.hazards.models import HazardArea


class FieldReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[FieldReport]
):
    """Field reports the user may see; filter with ?state=draft|submitted|returned|rejected|approved."""

    serializer_class = FieldReportSerializer
    filterset_class = FieldReportFilter

    def get_queryset(self) -> QuerySet[FieldReport]:
        return (
            FieldReport.objects.restrict(self.request.user, Action.VIEW)
            .select_related("organisation", "author", "hazard", "assignee")
            .prefetch_related("comments__author")
        )

    def _visible_hazard(self, request: Request, hazard: HazardArea | None) -> HazardArea | None:
        if (
            hazard is not None
            and not HazardArea.objects.restrict(request.user, Action.VIEW).filter(pk=hazard.pk).exists()
        ):
            raise ActionError("No such hazardous area.", field="hazard")
        return hazard

    @extend_schema(request=FieldReportCreate, responses={201: FieldReportSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = FieldReportCreate(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["hazard"] = self._visible_hazard(request, fields.get("hazard"))
        report, _created = actions.save_report(request.user, **fields)
        # A resend answers exactly as the first did.
        return Response(FieldReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FieldReportEdit, responses={200: FieldReportSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        data = FieldReportEdit(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        report = actions.edit_report(request.user, report, expected_version=fields.pop("version"), **fields)
        return Response(FieldReportSerializer(report).data)

    @extend_schema(request=VersionOnly, responses={200: FieldReportSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        data = VersionOnly(data=request.data)
        data.is_valid(raise_exception=True)
        report = actions.submit_report(request.user, self.get_object(), data.validated_data.get("version"))
        return Response(FieldReportSerializer(report).data)

    @extend_schema(request=None, responses={200: FieldReportSerializer})
    @action(detail=True, methods=["post"])
    def take(self, request: Request, pk: str | None = None) -> Response:
        """Take a submitted report for review; 409 naming who has it if another reviewer took it first."""
        report = actions.take_report(request.user, self.get_object())
        return Response(FieldReportSerializer(report).data)

    @extend_schema(request=Decision, responses={200: FieldReportSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        data = Decision(data=request.data)
        data.is_valid(raise_exception=True)
        report = actions.return_report(
            request.user, self.get_object(), data.validated_data["comment"], data.validated_data.get("version")
        )
        return Response(FieldReportSerializer(report).data)

    @extend_schema(request=Decision, responses={200: FieldReportSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        data = Decision(data=request.data)
        data.is_valid(raise_exception=True)
        report = actions.reject_report(
            request.user, self.get_object(), data.validated_data["comment"], data.validated_data.get("version")
        )
        return Response(FieldReportSerializer(report).data)

    @extend_schema(request=Approval, responses={200: FieldReportSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        data = Approval(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        report = actions.approve_report(
            request.user,
            self.get_object(),
            expected_version=fields.get("version"),
            confirm=fields["confirm"],
            link_to=self._visible_hazard(request, fields.get("link_to")),
            merge=fields["merge"],
            comment=fields["comment"],
        )
        return Response(FieldReportSerializer(report).data)

    @extend_schema(request=CommentCreate, responses={201: FieldReportSerializer})
    @action(detail=True, methods=["post"])
    def comment(self, request: Request, pk: str | None = None) -> Response:
        data = CommentCreate(data=request.data)
        data.is_valid(raise_exception=True)
        report = self.get_object()
        actions.comment_on(request.user, report, data.validated_data["text"])
        return Response(FieldReportSerializer(self.get_object()).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True)
    def candidates(self, request: Request, pk: str | None = None) -> Response:
        """Possible duplicates, best first: overlapping areas and reports close in time."""
        return Response([c.as_dict() for c in candidates(self.get_object(), request.user)])


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Notification]):
    """The user's own notifications, newest first."""

    serializer_class = NotificationSerializer
    filterset_fields = ["read_at"]

    def get_queryset(self) -> QuerySet[Notification]:
        # Notifications are addressed to one user: that is their whole restriction.
        return Notification.objects.filter(user=self.request.user.pk or 0).select_related("report")

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        note = self.get_object()
        if note.read_at is None:
            note.read_at = timezone.now()
            note.save(update_fields=["read_at"])
        return Response(NotificationSerializer(note).data)
