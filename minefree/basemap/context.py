"""Template context: what every map on the page needs (settings TEMPLATES context_processors).

base.html writes it once with json_script as "map-settings"; basemap.js reads it for every map, so
the national map, the drawing maps and the small record maps all get the same basemap and tools.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from minefree.basemap.archive import BasemapError
from minefree.basemap.views import configured, template_url

log = logging.getLogger(__name__)


def _basemap() -> dict[str, Any]:
    """The self-hosted file when it can be served, else the online tile URL, else nothing (plain)."""
    try:
        archive = configured()
    except BasemapError as exc:
        # `minefree serve` refuses to start with this file; a page still draws its map without it.
        log.warning("basemap not served: %s", exc)
        archive = None
    if archive is not None:
        return {
            "tiles": template_url(archive),
            "minNativeZoom": archive.min_zoom,
            "maxNativeZoom": archive.max_zoom,
            "bounds": list(archive.bounds) if archive.bounds else None,
            "attribution": archive.attribution,
        }
    return {"tiles": settings.MINEFREE_TILE_URL, "attribution": ""}


def map_settings(request: HttpRequest) -> dict[str, Any]:
    if not request.user.is_authenticated:  # every map is behind the login
        return {}
    return {
        "map_settings": {
            **_basemap(),
            "places": reverse("search:places"),
            "labels": reverse("search:place-labels"),
            "text": {
                "find": _("Find a place"),
                "findButton": _("Find"),
                "searching": _("Searching…"),
                "noPlace": _("No place of that name."),
                "failed": _("The search failed; try again."),
                "locate": _("Zoom to my location"),
                "locating": _("Finding your location…"),
                "located": _("Shown: your location, to within %(metres)s m."),
                "denied": _(
                    "The browser did not give your location: allow location for this site "
                    "(it needs the site opened over HTTPS) and try again."
                ),
                "unavailable": _("Your location could not be found here; try again outdoors or later."),
                "unsupported": _("This browser cannot tell your location."),
            },
        }
    }
