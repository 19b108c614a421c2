"""An uploaded boundaries file kept between its preview and its loading: under the data folder
(never served), by a random name, known only to the session that sent it, swept after a while."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest

from minefree.countrysetup.sources import check_suffix

FOLDER_NAME = "setup-uploads"
KEEP_SECONDS = 6 * 3600  # a preview left open longer is abandoned
SESSION_KEY = "boundary_uploads"


def folder() -> Path:
    return Path(settings.DATA_DIR) / FOLDER_NAME


def sweep(now: float | None = None) -> None:
    now = now or time.time()
    for path in folder().glob("*"):
        if path.is_file() and now - path.stat().st_mtime > KEEP_SECONDS:
            path.unlink(missing_ok=True)


def _suffix(name: str) -> str:
    lower = name.lower()
    return ".geojson" if lower.endswith(".json") else Path(lower).suffix


def _store(upload: UploadedFile, token: str) -> Path:
    name = upload.name or "boundaries"
    check_suffix(name)
    sweep()
    folder().mkdir(parents=True, exist_ok=True)
    path = folder() / f"{token}{_suffix(name)}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


@contextmanager
def temporary(upload: UploadedFile) -> Iterator[Path]:
    """The upload as a file GDAL can open, removed when the block ends."""
    path = _store(upload, uuid.uuid4().hex)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def keep(request: HttpRequest, upload: UploadedFile, country: str, level: int) -> str:
    """Store the file; returns the token the preview page is addressed by. Refuses a wrong suffix."""
    token = uuid.uuid4().hex
    name = upload.name or "boundaries"
    path = _store(upload, token)
    held = dict(request.session.get(SESSION_KEY, {}))
    held[token] = {"name": Path(name).name, "file": path.name, "country": country, "level": level}
    request.session[SESSION_KEY] = held
    return token


def kept(request: HttpRequest, token: str) -> tuple[Path, dict[str, Any]]:
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not isinstance(entry, dict):
        raise Http404
    path = folder() / Path(str(entry["file"])).name
    if not path.is_file():
        raise Http404
    return path, entry


def forget(request: HttpRequest, token: str) -> None:
    held = dict(request.session.get(SESSION_KEY, {}))
    entry = held.pop(token, None)
    request.session[SESSION_KEY] = held
    if isinstance(entry, dict):
        (folder() / Path(str(entry["file"])).name).unlink(missing_ok=True)
