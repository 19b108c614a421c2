"""`/basemap/`: the centre's own basemap file as map tiles, and its TileJSON."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from minefree.basemap.archive import MAX_ZOOM, Archive, BasemapError, open_archive

# Tiles carry no personal or mine action data, but every map in MineFree is behind the login (the
# public dashboard has no map), so the basemap is too: an open /basemap/ would only serve the file to
# strangers. Browsers may keep a tile for a day; a replaced file changes every ETag.
CACHE_SECONDS = 24 * 3600


def configured() -> Archive | None:
    """The basemap file's summary, None when none is set; BasemapError when it cannot be served."""
    path = settings.MINEFREE_BASEMAP_FILE
    return open_archive(path) if path else None


def template_url(archive: Archive, base: str = "") -> str:
    """The Leaflet URL template of the served tiles (`base`: scheme and host, for other clients)."""
    return f"{base}{reverse('basemap:tilejson')}{{z}}/{{x}}/{{y}}.{archive.format}"


def _archive() -> Archive:
    try:
        archive = configured()
    except BasemapError as exc:
        raise Http404(str(exc)) from exc
    if archive is None:
        raise Http404(_("This centre has no basemap file (MINEFREE_BASEMAP_FILE)."))
    return archive


@require_safe
@login_required
def tile(request: HttpRequest, z: int, x: int, y: int, ext: str) -> HttpResponse:
    archive = _archive()
    # The URL converters let digits only through; these bounds keep every number a real tile address.
    if ext != archive.format or z > MAX_ZOOM or x >= 1 << z or y >= 1 << z:
        raise Http404(_("No such tile address."))
    data = archive.tile(z, x, y)
    if data is None:
        # Outside what the file covers: "nothing here", which Leaflet leaves blank without an error.
        response = HttpResponse(status=204)
    else:
        etag = f'"{archive.stamp}-{hashlib.sha1(data, usedforsecurity=False).hexdigest()[:16]}"'
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(data, content_type=archive.content_type)
        response["ETag"] = etag
    patch_cache_control(response, private=True, max_age=CACHE_SECONDS)
    return response


@require_safe
@login_required
def tilejson(request: HttpRequest) -> JsonResponse:
    """TileJSON 3.0.0: the tile URL, zoom range, extent and attribution, for QGIS and other clients."""
    archive = _archive()
    body = {
        "tilejson": "3.0.0",
        "tiles": [template_url(archive, f"{request.scheme}://{request.get_host()}")],
        "minzoom": archive.min_zoom,
        "maxzoom": archive.max_zoom,
        "attribution": archive.attribution,
    }
    if archive.bounds:
        body["bounds"] = list(archive.bounds)
    return JsonResponse(body)
