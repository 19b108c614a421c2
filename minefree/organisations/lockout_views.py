"""The administrator's lockout page: user names and addresses refused after failed log-ins."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minefree.core.errors import ActionError
from minefree.core.permissions import Capability, has
from minefree.organisations import lockouts


def _require_manager(request: HttpRequest) -> None:
    if not has(request.user, Capability.MANAGE_ACCESS):
        raise PermissionDenied(_("Only an administrator may manage access."))


@login_required
def lockout_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    context = {
        "lockouts": lockouts.current(),
        "limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "organisations/lockouts.html", context)


@login_required
@require_POST
def lockout_release(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    try:
        lockouts.release(request.user, request.POST.get("kind", ""), request.POST.get("value", ""))
    except ActionError as exc:
        return HttpResponse(" ".join(m for ms in exc.errors.values() for m in ms), status=400)
    return redirect("organisations:lockouts")
