"""The administrator's access pages: roles and who holds them where."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minefree.core.errors import ActionError
from minefree.core.forms import add_action_errors, form_status
from minefree.core.permissions import Capability, has
from minefree.organisations import actions
from minefree.organisations.forms import CAPABILITY_LABELS, DATA_CLASS_LABELS, GrantForm, RoleForm
from minefree.organisations.models import Membership, Role


def _require_manager(request: HttpRequest) -> None:
    if not has(request.user, Capability.MANAGE_ACCESS):
        raise PermissionDenied(_("Only an administrator may manage access."))


@login_required
def access(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    roles = Role.objects.all()
    grants = (
        Membership.objects.select_related("user", "organisation", "role")
        .prefetch_related("admin_areas")
        .order_by("revoked_at", "user__username")
    )
    return render(
        request,
        "organisations/access.html",
        {
            "roles": roles,
            "grants": grants,
            "capability_labels": CAPABILITY_LABELS,
            "class_labels": DATA_CLASS_LABELS,
        },
    )


@login_required
def role_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_manager(request)
    role = Role.objects.filter(pk=pk).first() if pk else None
    if pk and role is None:
        raise Http404
    initial: dict[str, Any] = {}
    if role is not None:
        initial = {
            "code": role.code,
            "name": role.name,
            "description": role.description,
            "capabilities": role.capabilities,
            "personal_data_allowed": role.personal_data_allowed,
        }
    form = RoleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_role(request.user, role, **form.cleaned_data)
            return redirect("organisations:access")
        except ActionError as exc:
            add_action_errors(form, exc)
    context = {"form": form, "title": role.name if role else _("New role")}
    return render(request, "organisations/form.html", context, status=form_status(request, form))


@login_required
def grant_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_manager(request)
    grant = Membership.objects.filter(pk=pk).first() if pk else None
    if pk and grant is None:
        raise Http404
    initial: dict[str, Any] = {}
    if grant is not None:
        initial = {
            "user": grant.user,
            "organisation": grant.organisation,
            "role": grant.role,
            "admin_areas": list(grant.admin_areas.all()),
            "data_classes": grant.data_classes,
        }
    elif request.GET.get("user", "").isdigit():
        initial = {"user": int(request.GET["user"])}  # from the set-up page that just made the user
    form = GrantForm(request.POST or None, initial=initial)
    if grant is not None:
        form.fields["user"].disabled = True
        form.fields["organisation"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if grant is None:
                actions.grant_access(
                    request.user,
                    grantee=data["user"],
                    organisation=data["organisation"],
                    role=data["role"],
                    admin_areas=list(data["admin_areas"]),
                    data_classes=data["data_classes"],
                )
            else:
                actions.change_grant(
                    request.user,
                    grant,
                    role=data["role"],
                    admin_areas=list(data["admin_areas"]),
                    data_classes=data["data_classes"],
                )
            return redirect("organisations:access")
        except ActionError as exc:
            add_action_errors(form, exc)
    title = _("Grant for %(user)s") % {"user": grant.user} if grant else _("New grant")
    return render(request, "organisations/form.html", {"form": form, "title": title}, status=form_status(request, form))


@login_required
@require_POST
def grant_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    grant = Membership.objects.filter(pk=pk).first()
    if grant is None:
        raise Http404
    actions.revoke_access(request.user, grant)
    return redirect("organisations:access")
