"""API plumbing shared by every record type: keyset paging and action errors as HTTP."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from minefree.core.errors import ActionError, ConcurrentEdit, Conflict, NeedsConfirmation, is_contention

logger = logging.getLogger(__name__)


class KeysetPagination(CursorPagination):
    """Pages by key, not OFFSET, so page 1,000 costs what page 1 does; GeoJSON stays GeoJSON."""

    ordering = "pk"
    page_size_query_param = "page_size"
    max_page_size = 1000

    def decode_cursor(self, request: Request) -> Cursor | None:
        """A cursor edited by hand answers 404 "Invalid cursor", as an unreadable one does, never a 500."""
        cursor = super().decode_cursor(request)
        position = str(cursor.position) if cursor and cursor.position is not None else None
        ordering = self.ordering[0] if isinstance(self.ordering, (list, tuple)) else self.ordering
        by_key = str(ordering).lstrip("-") in ("pk", "id")
        if position is not None and ("\x00" in position or (by_key and not _whole_number(position))):
            raise NotFound(self.invalid_cursor_message)
        return cursor

    def get_paginated_response(self, data: Any) -> Response:
        links = {"next": self.get_next_link(), "previous": self.get_previous_link()}
        if isinstance(data, dict) and data.get("type") == "FeatureCollection":
            return Response({"type": "FeatureCollection", **links, "features": data["features"]})
        return Response({**links, "results": data})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }


def _whole_number(text: str) -> bool:
    return text.isascii() and text.lstrip("-").isdigit()


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Action errors answer 400 per field; warnings to confirm, stale versions and decided reports 409."""
    if isinstance(exc, ConcurrentEdit):
        return Response({"errors": exc.errors, "current": exc.current}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, NeedsConfirmation):
        return Response(
            {"warnings": exc.errors, "hint": 'Check the warnings, then send again with "confirm": true.'},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, Conflict):
        return Response({"errors": exc.errors}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ActionError):
        return Response({"errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST)
    if is_contention(exc):  # nothing was written; the same request sent again will go through
        logger.warning("Write refused for contention (answered 503): %s", exc, exc_info=exc)
        return Response(
            {"detail": "The database is busy with other writes; send the request again in a moment."},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": "2"},
        )
    if isinstance(exc, PermissionDenied):
        return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
    return drf_exception_handler(exc, context)
