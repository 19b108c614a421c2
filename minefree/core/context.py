"""Template context every page needs; the apps add their own (gazetteer, basemap and fieldwork context)."""

from typing import Any

from django.http import HttpRequest

from minefree.core.permissions import Capability, has


def site(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {
        "manages_access": False,
    }
    if request.user.is_authenticated:
        context["manages_access"] = has(request.user, Capability.MANAGE_ACCESS)
        context["reads_audit"] = has(request.user, Capability.READ_AUDIT)
        context["edits_record"] = has(request.user, Capability.EDIT_RECORD)
        context["manages_devices"] = has(request.user, Capability.MANAGE_DEVICES)
    return context
