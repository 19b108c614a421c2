"""The OpenAPI document, built once per language and version: it changes only with the code, and
building it walks every endpoint (about half a second a request)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.request import Request
from rest_framework.response import Response


class SchemaView(SpectacularAPIView):
    built: ClassVar[dict[tuple[str, str], Any]] = {}

    def _get_schema_response(self, request: Request) -> Response:
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (translation.get_language() or "", str(version or ""))
        if key not in self.built:
            generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
            self.built[key] = generator.get_schema(request=request, public=self.serve_public)
        return Response(
            data=self.built[key],
            headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'},
        )
