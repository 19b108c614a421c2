"""Template context every page needs."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    from minefree.gazetteer.home import home_country

    context: dict[str, Any] = {
        "tile_url": settings.MINEFREE_TILE_URL,
        "home_extent": "",
        "approximate_boundaries": False,
        "manages_access": False,
    }
    if request.user.is_authenticated:
        from minefree.fieldwork.models import Notification

        context["unread_notifications"] = Notification.objects.filter(
            user=request.user.pk, read_at__isnull=True
        ).count()
        from minefree.core.permissions import Capability, has

        context["manages_access"] = has(request.user, Capability.MANAGE_ACCESS)
        context["reads_audit"] = has(request.user, Capability.READ_AUDIT)
        context["edits_record"] = has(request.user, Capability.EDIT_RECORD)
        country = home_country()
        if country is not None:
            # Where maps open before their data loads: the home country, from the data.
            context["home_extent"] = ",".join(f"{v:.4f}" for v in country.boundary.extent)
            context["approximate_boundaries"] = country.approximate
    return context
