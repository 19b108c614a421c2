"""`/api/v1/reports/` and one endpoint per registered report, each with its typed parameters in the schema."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from minefree.reporting.parameters import Kind
from minefree.reporting.registry import REPORTS, ReportDefinition, records_for

TYPES = {Kind.DATE: OpenApiTypes.DATE, Kind.YEAR: OpenApiTypes.INT, Kind.TEXT: OpenApiTypes.STR}


class ReportIndex(APIView):
    """The registered reports: their parameters, columns and addresses."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        return Response(
            {
                "reports": [
                    {
                        "slug": d.slug,
                        "title": str(d.title),
                        "description": str(d.description),
                        "url": request.build_absolute_uri(reverse(f"report-{d.slug}")),
                        "page": request.build_absolute_uri(reverse("reporting:report", args=[d.slug])),
                        "parameters": [
                            {"name": p.name, "type": p.kind.value, "help": str(p.help), "choices": list(p.choices)}
                            for p in d.parameters
                        ],
                        "columns": [{"key": c.key, "label": str(c.label), "unit": c.unit} for c in d.columns],
                    }
                    for d in REPORTS.values()
                ]
            }
        )


def report_view(definition: ReportDefinition) -> type[APIView]:
    """An endpoint for one report: its parameters from the query string, its figures as JSON."""
    parameters = [
        OpenApiParameter(p.name, TYPES[p.kind], description=str(p.help), enum=list(p.choices) or None, required=False)
        for p in definition.parameters
    ]

    class ReportView(APIView):
        @extend_schema(
            operation_id=f"reports_{definition.slug.replace('-', '_')}",
            summary=str(definition.title),
            description=str(definition.description),
            parameters=parameters,
            responses={200: OpenApiTypes.OBJECT},
            tags=["reports"],
        )
        def get(self, request: Request) -> Response:
            params = definition.parse(request.query_params)
            data: dict[str, Any] = definition.compute(records_for(request.user), params)
            return Response(data)

    ReportView.__name__ = ReportView.__qualname__ = f"Report_{definition.slug.replace('-', '_')}"
    ReportView.__doc__ = str(definition.description)
    return ReportView


def urlpatterns() -> list[URLPattern]:
    return [
        path("reports/", ReportIndex.as_view(), name="report-list"),
        *[path(f"reports/{slug}/", report_view(d).as_view(), name=f"report-{slug}") for slug, d in REPORTS.items()],
    ]
