"""The NMAC dashboard for scripts: every chart's JSON twin under /api/v1/dashboard/, token or session."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from minefree.dashboards import nmac
from minefree.dashboards.views import parse_year

YEAR = OpenApiParameter("year", int, description="limits the by-region, operator, method and productivity charts")


class DashboardCharts(APIView):
    """Every chart of the NMAC dashboard the caller may see, as on /dashboard/."""

    @extend_schema(parameters=[YEAR], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        year = parse_year(request.query_params.get("year", ""))
        return Response({"charts": [block.as_json() for block in nmac.all_blocks(request.user, year)]})


class DashboardChart(APIView):
    """One chart, the same figures as its /dashboard/<chart>.json twin."""

    @extend_schema(parameters=[YEAR], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, chart: str) -> Response:
        block = nmac.block(chart, request.user, parse_year(request.query_params.get("year", "")))
        if block is None:
            raise NotFound(f"No chart {chart!r}.")
        return Response(block.as_json())
