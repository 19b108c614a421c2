"""The set-up pages for organisations, teams and users; grants stay on the access pages (/access/)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minefree.core.errors import ActionError
from minefree.core.forms import add_action_errors, form_status
from minefree.countrysetup import actions
from minefree.countrysetup.forms import OrganisationForm, TeamForm, UserForm
from minefree.countrysetup.views import administrator_only
from minefree.organisations.models import Organisation, Team


def _form_page(request: HttpRequest, form: Any, title: str) -> HttpResponse:
    return render(request, "countrysetup/form.html", {"form": form, "title": title}, status=form_status(request, form))


@administrator_only
def organisations(request: HttpRequest) -> HttpResponse:
    rows = Organisation.objects.select_related("country").order_by("acronym")
    return render(request, "countrysetup/organisations.html", {"rows": rows})


@administrator_only
def organisation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    current = Organisation.objects.filter(pk=pk).first() if pk else None
    if pk and current is None:
        raise Http404
    form = OrganisationForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_organisation(request.user, current, **form.cleaned_data)
            return redirect("countrysetup:organisations")
        except ActionError as exc:
            add_action_errors(form, exc)
    return _form_page(request, form, current.acronym if current else _("New organisation"))


@administrator_only
def teams(request: HttpRequest) -> HttpResponse:
    rows = Team.objects.select_related("organisation").order_by("organisation__acronym", "name")
    return render(request, "countrysetup/teams.html", {"rows": rows})


@administrator_only
def team_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    current = Team.objects.filter(pk=pk).first() if pk else None
    if pk and current is None:
        raise Http404
    form = TeamForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_team(request.user, current, **form.cleaned_data)
            return redirect("countrysetup:teams")
        except ActionError as exc:
            add_action_errors(form, exc)
    return _form_page(request, form, str(current) if current else _("New team"))


@administrator_only
def users(request: HttpRequest) -> HttpResponse:
    rows = User.objects.order_by("-is_active", "username").prefetch_related("memberships__organisation")
    return render(request, "countrysetup/users.html", {"rows": rows})


@administrator_only
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = actions.create_user(
                request.user,
                username=data["username"],
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
            )
            # Next the new user needs a grant: the access page's form, with the user chosen.
            return redirect(f"{reverse('organisations:grant-create')}?user={made.pk}")
        except ActionError as exc:
            add_action_errors(form, exc)
    return _form_page(request, form, _("New user"))


@administrator_only
@require_POST
def user_active(request: HttpRequest, pk: int) -> HttpResponse:
    user = User.objects.filter(pk=pk).first()
    if user is None:
        raise Http404
    try:
        actions.set_user_active(request.user, user, request.POST.get("active") == "1")
    except ActionError as exc:
        context = {"rows": User.objects.order_by("-is_active", "username"), "problems": exc.errors.get("user", [])}
        return render(request, "countrysetup/users.html", context, status=400)
    return redirect("countrysetup:users")
