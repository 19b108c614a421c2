"""Report endpoints: every published figure, computed from the records the reader may see."""

from __future__ import annotations

import datetime as dt

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from minefree.casualties.models import Casualty
from minefree.core.errors import ActionError
from minefree.core.permissions import Action
from minefree.education.models import EoreSession
from minefree.funding.models import Funding
from minefree.gazetteer.home import home_country_code, local_today
from minefree.hazards.models import HazardAreaState, LandReleaseActivity, OrdnanceFind
from minefree.reporting import land, pillars


def _day(text: str | None, name: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ActionError(f"{text!r} is not a date like 2019-03-31.", field=name) from exc


def _year(text: str | None, name: str) -> int | None:
    if not text:
        return None
    if not (text.isdigit() and len(text) == 4):
        raise ActionError(f"{text!r} is not a year like 2013.", field=name)
    return int(text)


class ReportViewSet(viewsets.ViewSet):
    """Figures computed from geometry: contamination on a day, land released between days."""

    @extend_schema(
        parameters=[
            OpenApiParameter("as_of", OpenApiTypes.DATE),
            OpenApiParameter("country", str),
            OpenApiParameter("admin_area", str, description="admin-area code"),
            OpenApiParameter("operator", str, description="operator acronym"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=False)
    def contamination(self, request: Request) -> Response:
        params = request.query_params
        day = _day(params.get("as_of"), "as_of") or local_today()
        area, operator = land.resolve_scope(params.get("admin_area"), params.get("operator"))
        states = HazardAreaState.objects.restrict(request.user, Action.VIEW)
        country = params.get("country") or home_country_code()
        return Response(land.contamination(states, day, country=country, admin_area=area, operator=operator))

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE),
            OpenApiParameter("to", OpenApiTypes.DATE),
            OpenApiParameter("country", str),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=False)
    def casualties(self, request: Request) -> Response:
        """Killed and injured by girls, boys, women and men between two dates."""
        params = request.query_params
        return Response(
            pillars.casualties(
                Casualty.objects.restrict(request.user, Action.VIEW),
                _day(params.get("from"), "from"),
                _day(params.get("to"), "to"),
                country=params.get("country") or home_country_code(),
            )
        )

    @extend_schema(
        parameters=[OpenApiParameter("from", OpenApiTypes.DATE), OpenApiParameter("to", OpenApiTypes.DATE)],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=False)
    def residual(self, request: Request) -> Response:
        """Spot tasks and call-outs after handover, by country; cross-border work apart."""
        params = request.query_params
        return Response(
            pillars.residual_risk(
                OrdnanceFind.objects.restrict(request.user, Action.VIEW),
                home_country_code(),
                _day(params.get("from"), "from"),
                _day(params.get("to"), "to"),
            )
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("from", int, description="first year"),
            OpenApiParameter("to", int, description="last year"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=False)
    def eore(self, request: Request) -> Response:
        """Risk-education beneficiaries by year and by girls, boys, women and men."""
        params = request.query_params
        return Response(
            pillars.eore_reach(
                EoreSession.objects.restrict(request.user, Action.VIEW),
                _year(params.get("from"), "from"),
                _year(params.get("to"), "to"),
            )
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("from", int, description="first year"),
            OpenApiParameter("to", int, description="last year"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=False)
    def funding(self, request: Request) -> Response:
        """Contributions by year in whole US dollars."""
        params = request.query_params
        return Response(
            pillars.funding(
                Funding.objects.restrict(request.user, Action.VIEW),
                _year(params.get("from"), "from"),
                _year(params.get("to"), "to"),
            )
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE),
            OpenApiParameter("to", OpenApiTypes.DATE),
            OpenApiParameter("country", str),
            OpenApiParameter("admin_area", str, description="admin-area code"),
            OpenApiParameter("operator", str, description="operator acronym"),
            OpenApiParameter("method", str),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=False)
    def released(self, request: Request) -> Response:
        params = request.query_params
        activities = LandReleaseActivity.objects.restrict(request.user, Action.VIEW)
        area, operator = land.resolve_scope(params.get("admin_area"), params.get("operator"))
        return Response(
            land.released(
                activities,
                _day(params.get("from"), "from"),
                _day(params.get("to"), "to"),
                country=params.get("country") or home_country_code(),
                admin_area=area,
                operator=operator,
                method=params.get("method") or None,
            )
        )
