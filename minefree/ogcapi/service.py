"""What every OGC API endpoint shares: who is asking, and refusals in the OGC exception shape.

The REST API's token and the browser's session work here too; HTTP Basic is added for GIS clients
(QGIS's Basic authentication configuration, GDAL's USERPWD), over HTTPS only, since Basic sends the
password itself. Basic goes through the same lockout and the same short-lived verifier as ODK
Collect (`fieldcollection/device_auth.py`), so a QGIS session of hundreds of requests costs one
password check.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, TokenAuthentication
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from minefree.fieldcollection.device_auth import LOCKED, basic_credentials, device_user
from minefree.ogcapi.errors import BadParameter, bad_parameter, problem

REALM = 'Basic realm="MineFree", charset="UTF-8"'


class HTTPSBasicAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        if basic_credentials(request._request) is None:
            return None
        if not request._request.is_secure():
            raise exceptions.AuthenticationFailed(
                _("HTTP Basic is accepted over HTTPS only; use HTTPS, or a token (Authorization: Token KEY).")
            )
        user = device_user(request._request)
        if user is LOCKED:
            raise exceptions.Throttled(detail=_("Too many failed log-ins; wait, or ask the administrator."))
        if user is None:
            raise exceptions.AuthenticationFailed(_("Wrong user name or password."))
        return user, None

    def authenticate_header(self, request: Request) -> str:
        return REALM if request._request.is_secure() else 'Token realm="MineFree"'


class FirstRenderer(BaseContentNegotiation):
    """GIS clients ask for application/geo+json, JSON or anything; every answer here is JSON."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> Any:
        first = next(iter(renderers))
        return first, first.media_type

    def select_parser(self, request: Request, parsers: Iterable[Any]) -> Any:
        return next(iter(parsers), None)


class LoginNeeded(Exception):
    """Anonymous, asking for what only a signed-in reader may read."""


class OgcView(APIView):
    authentication_classes = [HTTPSBasicAuthentication, TokenAuthentication, SessionAuthentication]
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FirstRenderer
    schema = None  # described by its own OpenAPI document (/ogc/api), not the REST API's

    def handle_exception(self, exc: Exception) -> Any:  # the OGC exception body, not DRF's Response
        if isinstance(exc, BadParameter):
            return bad_parameter(exc)
        if isinstance(exc, Http404):
            return problem(404, "NotFound", str(exc) or _("Not found."))
        if isinstance(exc, LoginNeeded):
            answer = problem(
                401, "NotAuthenticated", _("Log in to read this collection (a token, or HTTP Basic over HTTPS).")
            )
            answer["WWW-Authenticate"] = HTTPSBasicAuthentication().authenticate_header(self.request)
            return answer
        response = super().handle_exception(exc)
        if not isinstance(exc, exceptions.APIException):
            return response
        answer = problem(response.status_code, type(exc).__name__, str(exc.detail))
        for header in ("WWW-Authenticate", "Retry-After"):
            if header in response:
                answer[header] = response[header]
        return answer
