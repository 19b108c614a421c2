"""The OpenRosa 1.0 server ODK Collect, KoboCollect and Enketo talk to, under /openrosa/, and under
/key/<secret>/ for a phone set up from a device access QR code (no password on the phone).

Form list, form download, manifest with media, and submission (HEAD, then multipart POST).
Every answer is the XML ODK Collect expects, with the OpenRosa headers; errors carry a message
it shows to the user, and are logged for the NMAC.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from minefree.core.errors import ActionError
from minefree.core.permissions import Action, Capability, DataClass, has, organisations_with
from minefree.fieldcollection import attachments as attachment_policy
from minefree.fieldcollection import device_auth, devices, encryption, instance, mapping, xforms
from minefree.fieldcollection import media as lists
from minefree.fieldcollection.models import (
    Attachment,
    DeviceToken,
    EncryptedSubmission,
    Submission,
    SubmissionError,
    XForm,
)
from minefree.fieldwork import actions as reports
from minefree.fieldwork.declare import personal_kinds
from minefree.fieldwork.models import FieldReport
from minefree.fieldwork.payload import sealed_fields
from minefree.hazards.models import HazardArea
from minefree.organisations.models import Organisation

NS_LIST = "http://openrosa.org/xforms/xformsList"
NS_MANIFEST = "http://openrosa.org/xforms/xformsManifest"
NS_RESPONSE = "http://openrosa.org/http/response"


def _headers(response: HttpResponse) -> HttpResponse:
    response["X-OpenRosa-Version"] = "1.0"
    response["Date"] = http_date()
    return response


def _xml(body: str, status: int = 200) -> HttpResponse:
    return _headers(HttpResponse(body, status=status, content_type="text/xml; charset=utf-8"))


def _message(text: str, status: int) -> HttpResponse:
    nature = "submit_success" if status < 300 else "error"
    return _xml(
        f'<OpenRosaResponse xmlns="{NS_RESPONSE}"><message nature="{nature}">{escape(text)}</message>'
        "</OpenRosaResponse>",
        status,
    )


def locked_out() -> HttpResponse:
    """429 with a message Collect shows; the lockout middleware answers this way too."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = _message(
        _(
            "Too many failed log-ins for this user or from this network. Wait %(minutes)s minutes "
            "or ask the NMAC administrator to release the lock."
        )
        % {"minutes": minutes},
        429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response


DEVICE = "minefree_device"  # the request attribute holding the device access a request came through


def device_of(request: HttpRequest) -> DeviceToken | None:
    device: DeviceToken | None = getattr(request, DEVICE, None)
    return device


def _url(request: HttpRequest, route: str, **kwargs: str) -> str:
    """An absolute OpenRosa URL on the path this request came by: a device's keeps its secret."""
    secret = request.resolver_match.kwargs.get("token") if request.resolver_match else None
    if secret:
        return request.build_absolute_uri(reverse(f"openrosa-key:{route}", kwargs={"token": secret, **kwargs}))
    return request.build_absolute_uri(reverse(f"openrosa:{route}", kwargs=kwargs))


def _by_device(request: HttpRequest, secret: str) -> HttpResponse | None:
    """Acts as the person the device access was issued to; a refusal (403, which Collect shows
    without asking for a password) for revoked or unknown access, or a person who no longer writes
    reports for its organisation."""
    device = devices.active_device(secret)
    if device is None:
        return _message(_("This phone's access was revoked or is not known: ask for a new QR code."), 403)
    if not devices.may_send_for(device.issued_to, device.organisation):
        return _message(
            _("%(user)s no longer writes field reports for %(org)s: ask for a new QR code.")
            % {"user": device.issued_to, "org": device.organisation},
            403,
        )
    request.user = device.issued_to
    setattr(request, DEVICE, device)
    return None


def openrosa(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A device access secret in the path, or HTTP Basic (over HTTPS in production); 401 asks ODK
    Collect to log in.

    The session cookie is ignored (`device_auth`). CSRF checks do not apply, since no cookie is
    trusted; a browser that cached Basic credentials is stopped by `_from_openrosa_client`.
    """

    @csrf_exempt
    def wrapped(request: HttpRequest, *args: Any, token: str | None = None, **kwargs: Any) -> HttpResponse:
        if token is not None:
            refused = _by_device(request, token)
            return refused if refused is not None else view(request, *args, **kwargs)
        user = device_auth.device_user(request)
        if user is device_auth.LOCKED:
            return locked_out()
        if user is None:
            response = _message(_("Log in with your MineFree user name and password."), 401)
            response["WWW-Authenticate"] = 'Basic realm="MineFree"'
            return response
        request.user = user
        return view(request, *args, **kwargs)

    return wrapped


def _writer_org(user: Any) -> Organisation | None:
    own = lists.writer_organisation(user)
    return Organisation.objects.filter(pk=own).first() if own else None


def _sends(user: Any, kind: str) -> bool:
    """Forms of personal kinds (victim) are offered only to grants that hold personal data."""
    return kind not in personal_kinds() or has(user, Capability.WRITE_REPORTS, DataClass.PERSONAL)


def _in_scope(request: HttpRequest, form_id: str) -> bool:
    """A device's access names its forms; a user name and password reach every form."""
    device = device_of(request)
    return device is None or form_id in device.form_ids


def _sending_org(request: HttpRequest) -> Organisation | None:
    """The organisation new reports are for: the device's, or the user's own."""
    device = device_of(request)
    return device.organisation if device is not None else _writer_org(request.user)


@openrosa
def form_list(request: HttpRequest) -> HttpResponse:
    """xformsList; `?formID=` asks for one form (Enketo), `listAllVersions=true` for every active version."""
    forms = XForm.objects.filter(active=True).order_by("form_id", "-uploaded_at", "-id")
    if request.GET.get("formID"):
        forms = forms.filter(form_id=request.GET["formID"])
    every_version = request.GET.get("listAllVersions", "").lower() == "true"
    listed: dict[tuple[str, str], XForm] = {}
    for form in forms:
        listed.setdefault((form.form_id, form.version if every_version else ""), form)
    items = []
    if _sending_org(request) is not None:
        for form in listed.values():
            if not _sends(request.user, form.kind) or not _in_scope(request, form.form_id):
                continue
            download = _url(request, "form", form_id=form.form_id)
            manifest = _url(request, "manifest", form_id=form.form_id)
            items.append(
                f"<xform><formID>{escape(form.form_id)}</formID><name>{escape(form.title)}</name>"
                f"<version>{escape(form.version)}</version><hash>md5:{form.md5}</hash>"
                f"<downloadUrl>{escape(download)}</downloadUrl><manifestUrl>{escape(manifest)}</manifestUrl>"
                "</xform>"
            )
    device = device_of(request)
    if device is not None:
        devices.record_use(device, "formList", forms=len(items))
    return _xml(f'<xforms xmlns="{NS_LIST}">{"".join(items)}</xforms>')


def _form(request: HttpRequest, form_id: str) -> XForm:
    form = xforms.current(form_id) if _in_scope(request, form_id) else None
    if form is None:
        raise Http404
    return form


@openrosa
def form_xml(request: HttpRequest, form_id: str) -> HttpResponse:
    return _xml(_form(request, form_id).xml)


@openrosa
def manifest(request: HttpRequest, form_id: str) -> HttpResponse:
    """Only the lists the form uses: each is built for this user, and the phone may be on a thin link."""
    form = _form(request, form_id)
    files = []
    for name, content in lists.media_files(request.user, lists.used_by(form.xml)).items():
        url = _url(request, "media", form_id=form_id, name=name)
        files.append(
            f"<mediaFile><filename>{name}</filename><hash>md5:{hashlib.md5(content.encode()).hexdigest()}"
            f"</hash><downloadUrl>{escape(url)}</downloadUrl></mediaFile>"
        )
    return _xml(f'<manifest xmlns="{NS_MANIFEST}">{"".join(files)}</manifest>')


@openrosa
def media(request: HttpRequest, form_id: str, name: str) -> HttpResponse:
    form = _form(request, form_id)
    return _headers(lists.served(request.user, form.xml, name))


def _attachments(request: HttpRequest) -> list[UploadedFile]:
    return [f for name in request.FILES if name != "xml_submission_file" for f in request.FILES.getlist(name)]


def _cut_short(request: HttpRequest) -> bool:
    """The body ended before its Content-Length: the connection dropped in the middle of the upload.

    Django's multipart parser keeps what arrived, so a cut-off photo would look like a whole one;
    the request stream (Django's LimitedStream) knows how much came against how much was declared.
    """
    stream = getattr(request, "_stream", None)
    declared, read = getattr(stream, "limit", None), getattr(stream, "_pos", None)
    return isinstance(declared, int) and isinstance(read, int) and read < declared


def _kept(root: Any, form_id: str) -> str:
    """The refused instance as it will be kept: a known kind's personal answers sealed, else every answer."""
    if root is None:
        return ""
    versions = XForm.objects.filter(form_id=form_id).order_by("-uploaded_at")
    form = versions.filter(version=root.get("version", "")).first() or versions.first()
    if form is None:
        return instance.sealed_xml(root, None)
    # An answer the form does not ask for is refused, and may be personal: it is kept sealed too.
    asked = mapping.answer_names(form) | instance.META | {"meta"}
    foreign = {e.tag.split("}")[-1] for e in root.iter()} - asked
    return instance.sealed_xml(root, set(sealed_fields(form.kind)) | foreign)


def _refuse(
    request: HttpRequest, status: int, message: str, form_id: str = "", instance_id: str = "", root: Any = None
) -> HttpResponse:
    """The answer Collect shows; the refusal, with the instance, stays in the log the NMAC reads."""
    device = device_of(request)
    if device is not None:
        devices.record_use(device, "submission", form=form_id, instance=instance_id, status=status)
    SubmissionError.objects.create(
        user=request.user if request.user.is_authenticated else None,
        form_id=form_id,
        instance_id=instance_id,
        status=status,
        message=message,
        device=request.headers.get("User-Agent", "")[:200],
        xml=_kept(root, form_id),
    )
    return _message(message, status)


class StaleEdit(Exception):
    """An edit (deprecatedID) of a version that is no longer the current one of its report."""

    def __init__(self, report: FieldReport | None) -> None:
        reference = report.reference if report is not None else ""
        self.message = _(
            "This edit starts from an older version of %(ref)s: a newer edit was received since, so this one "
            "was not applied. The NMAC keeps it among the refused submissions."
        ) % {"ref": reference or _("this report")}
        super().__init__(self.message)


class StoredMeanwhile(Exception):
    """Another request stored the same instanceID between the first look and the write."""


def _from_openrosa_client(request: HttpRequest) -> bool:
    """OpenRosa clients send this header; a cross-origin HTML form cannot, and a script must ask first (CORS)."""
    return bool(request.headers.get("X-OpenRosa-Version"))


def receive(request: HttpRequest) -> HttpResponse:
    """A submission from a user already identified: by Basic here (`submission`), or by the browser
    session with its CSRF check in the web form (webforms/views.py)."""
    limit = settings.MINEFREE_MAX_UPLOAD_BYTES
    if request.method == "HEAD":
        response = _headers(HttpResponse(status=204))
        response["X-OpenRosa-Accept-Content-Length"] = str(limit)
        return response
    if request.method != "POST":
        return _message(_("Send submissions with POST."), 405)
    if not _from_openrosa_client(request):
        return _refuse(request, 400, _("Send submissions from ODK Collect or Enketo (no X-OpenRosa-Version header)."))
    upload = request.FILES.get("xml_submission_file")
    if _cut_short(request):
        return _refuse(request, 400, _("The upload was cut off before it ended; nothing was kept. Send it again."))
    if upload is None:
        return _refuse(request, 400, _("The request has no xml_submission_file part."))
    try:
        root = instance.parse(upload.read())
    except ActionError as exc:
        return _refuse(request, 400, str(exc.errors[""][0]))
    meta = instance.meta(root)
    form_id, version = root.get("id", ""), root.get("version", "")
    instance_id = meta.get("instanceID", "")
    if not instance_id:
        return _refuse(request, 400, _("The submission has no meta/instanceID."), form_id, root=root)
    form = XForm.objects.filter(form_id=form_id, version=version).first()
    if form is not None and not _in_scope(request, form_id):
        return _refuse(
            request,
            403,
            _("This phone's access does not include the form %(f)s.") % {"f": form_id},
            form_id,
            instance_id,
            root,
        )
    if form is None:
        return _refuse(
            request,
            404,
            _("MineFree has no form %(f)s version %(v)s; download the forms again.") % {"f": form_id, "v": version},
            form_id,
            instance_id,
            root,
        )
    for file in _attachments(request):
        if (file.size or 0) > limit:
            return _refuse(
                request,
                413,
                _("The attachment %(name)s is larger than %(mb)s MB.") % {"name": file.name, "mb": limit // 1_000_000},
                form_id,
                instance_id,
                root,
            )
    if root.get("encrypted", "").lower() == "yes":
        return _envelope(request, form, root, instance_id)
    digest = instance.digest(root)
    existing = Submission.objects.filter(instance_id=instance_id).select_related("report").first()
    if existing is not None:
        return _resent(request, existing, digest, root)
    if not form.active:
        return _refuse(
            request,
            400,
            _("Version %(v)s of this form is retired; download the forms again.") % {"v": version},
            form_id,
            instance_id,
            root,
        )
    saved: list[str] = []
    try:
        report = _store(request, form, root, meta, upload, saved, digest, _attachments(request))
    except PermissionDenied:
        _discard(saved)
        return _refuse(request, 403, _("Your role does not send this report."), form_id, instance_id, root)
    except StaleEdit as stale:
        _discard(saved)
        return _refuse(request, 409, stale.message, form_id, instance_id, root)
    except (IntegrityError, StoredMeanwhile):
        # Another request stored this instanceID, or another edit of the same version, meanwhile.
        _discard(saved)
        existing = Submission.objects.filter(instance_id=instance_id).select_related("report").first()
        if existing is not None:
            return _resent(request, existing, digest, root)
        deprecated = meta.get("deprecatedID", "")
        if not deprecated or not Submission.objects.filter(deprecated_id=deprecated).exists():
            raise
        replaced = Submission.objects.filter(instance_id=deprecated).select_related("report").first()
        if replaced is None or not _may_send_again(request, replaced.report):
            return _refuse(request, 403, _("Your role does not send this report."), form_id, instance_id, root)
        return _refuse(request, 409, StaleEdit(None).message, form_id, instance_id, root)
    except ActionError as exc:
        _discard(saved)
        problems = "; ".join(
            f"{field}: {' '.join(msgs)}" if field else " ".join(msgs) for field, msgs in exc.errors.items()
        )
        return _refuse(
            request,
            400,
            _("The report was not accepted. %(problems)s") % {"problems": problems},
            form_id,
            instance_id,
            root,
        )
    except BaseException:
        _discard(saved)  # the transaction undid the rows; the files written so far go too
        raise
    device = device_of(request)
    if device is not None:
        devices.record_use(
            device, "submission", form=form_id, instance=instance_id, status=201, report=report.reference
        )
    return _message(_("Received as %(ref)s, waiting for review.") % {"ref": report.reference}, 201)


def _envelope(request: HttpRequest, form: XForm, root: Any, instance_id: str) -> HttpResponse:
    """An encrypted submission (the form carries the centre's public key): its manifest and encrypted
    files are kept as they came, for a key holder to decrypt; nothing in them is read here."""
    form_id = form.form_id
    if Submission.objects.filter(instance_id=instance_id).exists():
        return _message(_("Already received and decrypted."), 202)
    if EncryptedSubmission.objects.filter(instance_id=instance_id).exists():
        return _message(_("Already received; the centre decrypts it."), 202)
    if not form.active:
        return _refuse(
            request,
            400,
            _("Version %(v)s of this form is retired; download the forms again.") % {"v": form.version},
            form_id,
            instance_id,
            root,
        )
    if not _sends(request.user, form.kind) or _sending_org(request) is None:
        return _refuse(request, 403, _("Your role does not send this report."), form_id, instance_id, root)
    if "base64RsaPublicKey" not in form.xml:  # no key holder could ever open it
        return _refuse(
            request,
            400,
            _("Version %(v)s of this form is not encrypted; send it unencrypted or download the forms again.")
            % {"v": form.version},
            form_id,
            instance_id,
            root,
        )
    try:
        media, xml_name = encryption.manifest_files(root)
        encryption.encrypted_key(root)
    except ActionError as exc:
        return _refuse(request, 400, str(exc.errors[""][0]), form_id, instance_id, root)
    received = {f.name: f for f in _attachments(request) if f}
    missing = [name for name in [*media, xml_name] if name not in received]
    if missing:
        return _refuse(
            request,
            400,
            _("The encrypted files %(names)s were not received; send the form again.") % {"names": ", ".join(missing)},
            form_id,
            instance_id,
            root,
        )
    saved: list[str] = []
    try:
        with transaction.atomic():
            for name in [*media, xml_name]:
                saved.append(
                    default_storage.save(f"encrypted/{timezone.now():%Y/%m}/{uuid.uuid4().hex}", received[name])
                )
            EncryptedSubmission.objects.create(
                instance_id=instance_id,
                form=form,
                user=request.user,  # type: ignore[misc]  # authenticated: `openrosa` let it through
                device=device_of(request),
                manifest=ElementTree.tostring(root, encoding="unicode"),
                files=dict(zip([*media, xml_name], saved, strict=True)),
            )
    except IntegrityError:  # the same instance arrived meanwhile
        _discard(saved)
        return _message(_("Already received; the centre decrypts it."), 202)
    except BaseException:
        _discard(saved)
        raise
    device = device_of(request)
    if device is not None:
        devices.record_use(device, "submission", form=form_id, instance=instance_id, status=201)
    return _message(_("Received encrypted; the centre decrypts it."), 201)


submission = openrosa(receive)


def _resent(request: HttpRequest, existing: Submission, digest: str, root: Any) -> HttpResponse:
    """Same instanceID again: with the same content nothing changes, except attachments a split or
    broken upload had not brought; with other content it is a conflict, refused and kept."""
    form_id = existing.form.form_id
    if not _may_send_again(request, existing.report):  # before any answer that names the report
        return _refuse(request, 403, _("Your role does not send this report."), form_id, existing.instance_id, root)
    if digest != (existing.content_sha256 or instance.stored_digest(existing.xml)):
        message = _(
            "MineFree already has %(ref)s under this instance ID with other answers; this copy was not kept "
            "in the report. The NMAC keeps it among the refused submissions."
        ) % {"ref": existing.report.reference}
        return _refuse(request, 409, message, form_id, existing.instance_id, root)
    have = set(existing.attachments.values_list("name", flat=True))
    expected = set(existing.report.payload.get("attachments", []))
    missing = [f for f in _attachments(request) if f and f.name in expected - have]
    if not missing:
        return _message(_("Already received: %(ref)s.") % {"ref": existing.report.reference}, 202)
    saved: list[str] = []
    try:
        with transaction.atomic():
            _save_attachments(existing, missing, saved)
    except ActionError as exc:  # an attachment of a type MineFree does not keep
        _discard(saved)
        problems = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.errors.items())
        return _refuse(request, 400, problems, existing.form.form_id, existing.instance_id)
    except BaseException:
        _discard(saved)
        raise
    return _message(_("Received the remaining attachments of %(ref)s.") % {"ref": existing.report.reference}, 201)


def _may_send_again(request: HttpRequest, report: FieldReport) -> bool:
    """Whether the sender may resend or edit an instance of `report`: a writer of its organisation whose
    grant reaches the report where it is now (an area-limited clerk cannot take over another area's);
    through a device, only a report of the device's organisation."""
    user: Any = request.user
    device = device_of(request)
    if device is not None and report.organisation_id != device.organisation_id:
        return False
    if report.organisation_id not in organisations_with(user, Capability.WRITE_REPORTS, DataClass.REPORTS):
        return False
    return FieldReport.objects.restrict(user, Action.VIEW).filter(pk=report.pk).exists()


def _discard(saved: list[str]) -> None:
    for name in saved:
        default_storage.delete(name)


def _save_attachments(stored: Submission, files: list[UploadedFile], saved: list[str]) -> None:
    """The files the XML names, each under a random name, with the type their bytes show (never the
    client's); ActionError for one of a type MineFree does not keep. `saved` lists what is on disk."""
    named = stored.report.payload.get("attachments", [])
    for original, file, content_type in attachment_policy.kept(((f.name or "", f) for f in files), named):
        name = default_storage.save(f"submissions/{timezone.now():%Y/%m}/{uuid.uuid4().hex}", file)
        saved.append(name)
        Attachment.objects.create(
            submission=stored, name=original, size=file.size or 0, content_type=content_type, file=name
        )


@transaction.atomic
def _store(
    request: HttpRequest,
    form: XForm,
    root: Any,
    meta: dict[str, str],
    upload: Any,
    saved: list[str],
    digest: str,
    files: list[UploadedFile],
) -> FieldReport:
    """All or nothing: the report, the submission and its attachments, or none of them."""
    user: Any = request.user
    if Submission.objects.filter(instance_id=meta["instanceID"]).exists():
        raise StoredMeanwhile  # looked again inside the write transaction (the unique constraint is the backstop)
    day, reference, payload = mapping.to_report(form, instance.answers(root, mapping.repeats(form)))
    hazard = None
    if reference:
        hazard = HazardArea.objects.restrict(user, Action.VIEW).filter(reference=reference).first()
        if hazard is None:
            raise ActionError(_("No hazardous area %(ref)s.") % {"ref": reference}, field="hazard")
    deprecated = meta.get("deprecatedID", "")
    previous = (
        Submission.objects.filter(instance_id=deprecated).select_related("report").first() if deprecated else None
    )
    if previous is not None:
        if previous.report.kind != form.kind or not _sends(user, form.kind):
            raise PermissionDenied
        # Lock the report, then read which version is current: only that one may be edited. Who may
        # edit it is asked first, so a refusal names no report the sender may not see.
        locked = FieldReport.objects.select_for_update().get(pk=previous.report_id)
        if not _may_send_again(request, locked):
            raise PermissionDenied
        if Submission.objects.filter(deprecated_id=deprecated).exists():  # a newer edit replaced it
            raise StaleEdit(locked)
        report = reports.replace_content(
            user, previous.report, payload=payload, date_of_information=day, known=mapping.answer_names(form)
        )
    else:
        organisation = _sending_org(request)
        if organisation is None:
            raise PermissionDenied
        report, created = reports.save_report(
            user,
            kind=form.kind,
            organisation=organisation,
            client_id=meta["instanceID"],
            date_of_information=day,
            payload=payload,
            hazard=hazard,
            known=mapping.answer_names(form),  # the form's own answers; an element it lacks is refused
        )
        if not created:  # another phone's request saved this instanceID meanwhile: answer as a resend
            raise StoredMeanwhile
        report = reports.submit_report(user, report)
    sealed = sealed_fields(form.kind)
    if sealed:  # the instance as stored never holds personal answers in clear
        xml = instance.sealed_xml(root, sealed)
    else:
        upload.seek(0)
        xml = upload.read().decode("utf-8", "replace")
    stored = Submission.objects.create(
        instance_id=meta["instanceID"],
        deprecated_id=deprecated,
        form=form,
        report=report,
        user=user,
        device=device_of(request),
        xml=xml,
        content_sha256=digest,
    )
    _save_attachments(stored, [f for f in files if f], saved)
    return report
