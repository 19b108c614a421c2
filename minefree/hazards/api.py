"""REST endpoints for hazardous areas and land release; reads go through `restrict`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from minefree.core import audit
from minefree.core.errors import ActionError
from minefree.core.permissions import Action
from minefree.hazards import actions
from minefree.hazards.filters import HazardAreaFilter
from minefree.hazards.models import HazardArea, LandReleaseActivity
from minefree.hazards.serializers import (
    AuditEntrySerializer,
    HazardAreaChange,
    HazardAreaSerializer,
    HazardAreaWrite,
    LandReleaseSerializer,
    LandReleaseWrite,
)


class HazardAreaViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[HazardArea]
):
    """Hazardous areas as paged GeoJSON; the same filters as the list page."""

    serializer_class = HazardAreaSerializer
    filterset_class = HazardAreaFilter

    def get_queryset(self) -> QuerySet[HazardArea]:
        return HazardArea.objects.restrict(self.request.user, Action.VIEW).select_related("admin_area", "operator")

    @extend_schema(request=HazardAreaWrite, responses={201: HazardAreaSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = HazardAreaWrite(data=request.data)
        data.is_valid(raise_exception=True)
        hazard = actions.create_hazard_area(request.user, **data.validated_data)
        return Response(HazardAreaSerializer(hazard).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=HazardAreaChange, responses={200: HazardAreaSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        hazard = self.get_object()
        data = HazardAreaChange(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        version, day, confirm = changes.pop("version"), changes.pop("effective_date"), changes.pop("confirm")
        hazard = actions.update_hazard_area(
            request.user, hazard, expected_version=version, effective_date=day, changes=changes, confirm=confirm
        )
        return Response(HazardAreaSerializer(hazard).data)

    @extend_schema(responses={200: AuditEntrySerializer(many=True)})
    @action(detail=True)
    def history(self, request: Request, pk: str | None = None) -> Response:
        hazard = self.get_object()
        return Response(AuditEntrySerializer(audit.history(hazard), many=True).data)


class LandReleaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[LandReleaseActivity],
):
    """Survey and clearance that released land; POST runs the `release_land` action."""

    serializer_class = LandReleaseSerializer
    filterset_fields = ["hazard", "organisation", "kind", "method"]

    def get_queryset(self) -> QuerySet[LandReleaseActivity]:
        return LandReleaseActivity.objects.restrict(self.request.user, Action.VIEW).select_related("hazard")

    @extend_schema(request=LandReleaseWrite, responses={201: LandReleaseSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = LandReleaseWrite(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        hazard = HazardArea.objects.restrict(request.user, Action.VIEW).filter(pk=fields.pop("hazard").pk).first()
        if hazard is None:
            raise ActionError("No such hazardous area.", field="hazard")
        activity = actions.release_land(request.user, hazard, **fields)
        return Response(LandReleaseSerializer(activity).data, status=status.HTTP_201_CREATED)
