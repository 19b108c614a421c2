"""How much one GeoPackage import may hold, and one import at a time per user.

The size is checked three times, each as early as it can be: the declared Content-Length before
the body is parsed, the bytes as they stream in (a body that lies about its length), and the bytes
written to disk. The feature count is read by SQLite from the stored file before anything is checked.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest
from django.utils.translation import gettext as _

from minefree.core.errors import ActionError

MIB = 1024 * 1024
FORM_MARGIN_BYTES = 64 * 1024  # multipart boundaries and the CSRF field around the file


class TooLarge(ActionError):
    """The file is over a limit (answered 413); nothing of it was kept."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="file")


class ImportBusy(ActionError):
    """The user already has an import queued or running (answered 409)."""

    def __init__(self, job_pk: int) -> None:
        self.job_pk = job_pk
        super().__init__(
            _("Your import %(job)s is still running; wait for it to finish before you send another file.")
            % {"job": job_pk},
            field="file",
        )


def max_bytes() -> int:
    return int(settings.MINEFREE_GPKG_MAX_BYTES)


def too_many_bytes() -> TooLarge:
    return TooLarge(
        _("The file is larger than %(mb)s MB, the most a GeoPackage import may be.") % {"mb": max_bytes() // MIB}
    )


def too_many_features(count: int) -> TooLarge:
    return TooLarge(
        _("The file holds %(count)s features; a GeoPackage import may hold at most %(max)s. Split it.")
        % {"count": count, "max": settings.MINEFREE_GPKG_MAX_FEATURES}
    )


def check_features(count: int) -> None:
    if count > settings.MINEFREE_GPKG_MAX_FEATURES:
        raise too_many_features(count)


class SizeLimit(FileUploadHandler):
    """Stops reading the body once the file passes the limit; `exceeded` tells the view why it is missing."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > max_bytes():
            self.exceeded = True
            raise StopUpload(connection_reset=True)  # the parser reads no further and drops what it kept
        return raw_data

    def file_complete(self, file_size: int) -> Any:
        return None  # the next handler (memory or temporary file) makes the file


def limit_upload(request: HttpRequest) -> SizeLimit:
    """Before the body is parsed: refuse a declared length over the limit; watch the bytes as they come."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > max_bytes() + FORM_MARGIN_BYTES:
        raise too_many_bytes()
    handler = SizeLimit(request)
    request.upload_handlers.insert(0, handler)
    return handler
