"""The planner page's JSON twin: the same scenarios, side by side, for scripts (token or session)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from minefree.core.permissions import Capability, has
from minefree.planning import compare


class PlanForecast(APIView):
    """Completion per region and overall, and the budget per year, for up to three capacities."""

    @extend_schema(
        parameters=[
            OpenApiParameter("deminers", int, many=True, description="one per scenario (up to three)"),
            OpenApiParameter("machines", int, many=True),
            OpenApiParameter("dogs", int, many=True),
            OpenApiParameter("name", str, many=True),
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="baseline (default: the parameters')"),
            OpenApiParameter("deadline", OpenApiTypes.DATE),
            OpenApiParameter("country", str),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        if not has(request.user, Capability.VIEW_RECORD):
            raise PermissionDenied(_("The planner needs access to the national record."))
        return Response(compare.compare(request.user, request.query_params))
