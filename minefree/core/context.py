"""Template context every page needs."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {"tile_url": settings.MINEFREE_TILE_URL}
