"""The `/devices/` pages: list a manager's phones' device access, issue one (shown once as a QR code
for ODK Collect or KoboCollect), revoke one. The centre manages every organisation's, an operator's
manager its own (DeviceToken's rules, read through `restrict`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from minefree.core.errors import ActionError
from minefree.core.forms import add_action_errors, form_status
from minefree.core.permissions import Action, Capability, has
from minefree.fieldcollection import collect_settings, devices
from minefree.fieldcollection.models import DeviceToken
from minefree.organisations.models import Organisation


def _require_manager(request: HttpRequest) -> None:
    if not has(request.user, Capability.MANAGE_DEVICES):
        raise PermissionDenied(_("Only the NMAC and operators' managers issue device access."))


def server_addresses(request: HttpRequest) -> list[str]:
    """Where phones may reach this server: the address this page came by first, then each other
    named host the server answers to (MINEFREE_ALLOWED_HOSTS, or `minefree serve --host`) on the
    same scheme and port. Only these are offered, so a QR code never names a host the server refuses."""
    here = request.build_absolute_uri("/").rstrip("/")
    parts = urlsplit(here)
    port = f":{parts.port}" if parts.port else ""
    found = [here]
    for host in settings.ALLOWED_HOSTS:
        if host and not host.startswith(".") and host != "*" and host != "testserver":
            address = f"{parts.scheme}://{'[' + host + ']' if ':' in host else host}{port}"
            if address not in found:
                found.append(address)
    return found


class DeviceForm(forms.Form):
    label = forms.CharField(label=gettext_lazy("Device"), max_length=100, help_text=gettext_lazy("e.g. Team 3 tablet"))
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none()
    )
    issued_to = forms.ChoiceField(label=gettext_lazy("Issued to"))
    form_ids = forms.MultipleChoiceField(label=gettext_lazy("Forms"), widget=forms.CheckboxSelectMultiple)
    server = forms.ChoiceField(
        label=gettext_lazy("Server address the phone uses"),
        help_text=gettext_lazy("On a field office network, the server's address on that network."),
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = devices.managed_organisations(request.user)
        self._field("organisation").queryset = organisations
        if len(organisations) == 1:  # an operator's manager: its own organisation, already chosen
            self._field("organisation").initial = organisations[0].pk
        people = [(org, person) for org in organisations for person in devices.senders(org)]
        self._field("issued_to").choices = [
            (str(person.pk), f"{person.get_full_name() or person.username} ({org.acronym})") for org, person in people
        ]
        self._field("form_ids").choices = [(f.form_id, f"{f.title} ({f.form_id})") for f in devices.offered_forms()]
        self._field("server").choices = [(a, a) for a in server_addresses(request)]

    def _field(self, name: str) -> Any:
        return self.fields[name]


@login_required
def device_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    rows = (
        DeviceToken.objects.restrict(request.user, Action.VIEW)
        .select_related("organisation", "issued_to", "created_by")
        .order_by("revoked_at", "-created_at", "-id")
    )
    return render(request, "fieldcollection/devices.html", {"devices": rows[:500]})


@login_required
def new_device(request: HttpRequest) -> HttpResponse:
    """The form; on success the QR code, shown in this answer only (the secret is not kept)."""
    _require_manager(request)
    form = DeviceForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        from django.contrib.auth import get_user_model

        person = get_user_model()._default_manager.filter(pk=form.cleaned_data["issued_to"]).first()
        try:
            issued = devices.issue_device_access(
                request.user,
                label=form.cleaned_data["label"],
                organisation=form.cleaned_data["organisation"],
                form_ids=form.cleaned_data["form_ids"],
                issued_to=person,
            )
        except ActionError as exc:
            add_action_errors(form, exc)
        else:
            url = collect_settings.server_url(form.cleaned_data["server"], issued.secret)
            text = collect_settings.encode(collect_settings.settings_for(issued.device, url))
            response = render(
                request,
                "fieldcollection/device_issued.html",
                {"device": issued.device, "server_url": url, "qr": collect_settings.qr_data_uri(text)},
            )
            response["Cache-Control"] = "no-store"  # the secret must not stay in a cache
            return response
    return render(request, "fieldcollection/device_new.html", {"form": form}, status=form_status(request, form))


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    device = DeviceToken.objects.restrict(request.user, Action.CHANGE).filter(pk=pk).first()
    if device is None:
        raise Http404
    devices.revoke_device_access(request.user, device)
    return redirect("devices:list")
