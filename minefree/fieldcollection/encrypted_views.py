"""The key holders' page: the centre's key for encrypted forms, and the submissions waiting to be decrypted."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minefree.core.errors import ActionError
from minefree.fieldcollection import decryption, encryption, xforms
from minefree.fieldcollection.models import EncryptedSubmission, is_key_holder


def _require_key_holder(request: HttpRequest) -> None:
    if not is_key_holder(request.user):
        raise PermissionDenied(_("Only the centre's key holders open encrypted submissions."))


def _page(request: HttpRequest, errors: list[str], status: int = 200) -> HttpResponse:
    waiting = EncryptedSubmission.objects.restrict(request.user).select_related("form", "user")
    context = {"key": encryption.current_key(), "waiting": waiting, "errors": errors}
    return render(request, "fieldcollection/encrypted.html", context, status=status)


def _messages(exc: ActionError) -> list[str]:
    return [str(m) for ms in exc.errors.values() for m in ms]


@login_required
def encrypted_page(request: HttpRequest) -> HttpResponse:
    """GET: the key and the waiting list; POST: a new key pair with the key holders' passphrase."""
    _require_key_holder(request)
    if request.method != "POST":
        return _page(request, [])
    passphrase = request.POST.get("passphrase", "")
    if passphrase != request.POST.get("confirm", ""):
        return _page(request, [_("passphrase: the two entries differ.")], 400)
    try:
        encryption.create_key(request.user, passphrase)
        xforms.encrypt_personal_forms(request.user)
    except ActionError as exc:
        return _page(request, _messages(exc), 400)
    return redirect("forms:encrypted")


@login_required
@require_POST
def decrypt(request: HttpRequest, pk: int) -> HttpResponse:
    _require_key_holder(request)
    envelope = EncryptedSubmission.objects.restrict(request.user).select_related("form", "user", "device")
    found = envelope.filter(pk=pk).first()
    if found is None:
        raise Http404
    try:
        report = decryption.decrypt(request.user, found, request.POST.get("passphrase", ""))
    except ActionError as exc:
        return _page(request, _messages(exc), 400)
    return redirect("fieldwork:detail", report.pk)
