"""The OpenRosa 1.0 server ODK Collect, KoboCollect and Enketo talk to, under /openrosa/.

Form list, form download, manifest with media, and submission (HEAD, then multipart POST).
Every answer is the XML ODK Collect expects, with the OpenRosa headers; errors carry a message
it shows to the user, and are logged for the NMAC.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from minefree.core.errors import ActionError
from minefree.core.permissions import Action, Capability, DataClass, has, organisations_with
from minefree.fieldwork import actions as reports
from minefree.fieldwork.models import FieldReport
from minefree.fieldwork.payload import SEALED_FIELDS
from minefree.hazards.models import HazardArea
from minefree.interop import attachments as attachment_policy
from minefree.interop import instance, mapping, xforms
from minefree.interop import media as lists
from minefree.interop.models import Attachment, Submission, SubmissionError, XForm
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


def _basic_user(request: HttpRequest) -> Any:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header.startswith("Basic "):
        return None
    try:
        username, _sep, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    return authenticate(request, username=username, password=password)


def openrosa(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """HTTP Basic (over HTTPS in production) or the browser session; 401 asks ODK Collect to log in."""

    @csrf_exempt
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            user = _basic_user(request)
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
    return kind not in FieldReport.PERSONAL_KINDS or has(user, Capability.WRITE_REPORTS, DataClass.PERSONAL)


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
    if _writer_org(request.user) is not None:
        for form in listed.values():
            if not _sends(request.user, form.kind):
                continue
            download = request.build_absolute_uri(reverse("openrosa:form", args=[form.form_id]))
            manifest = request.build_absolute_uri(reverse("openrosa:manifest", args=[form.form_id]))
            items.append(
                f"<xform><formID>{escape(form.form_id)}</formID><name>{escape(form.title)}</name>"
                f"<version>{escape(form.version)}</version><hash>md5:{form.md5}</hash>"
                f"<downloadUrl>{escape(download)}</downloadUrl><manifestUrl>{escape(manifest)}</manifestUrl>"
                "</xform>"
            )
    return _xml(f'<xforms xmlns="{NS_LIST}">{"".join(items)}</xforms>')


def _form(form_id: str) -> XForm:
    form = xforms.current(form_id)
    if form is None:
        raise Http404
    return form


@openrosa
def form_xml(request: HttpRequest, form_id: str) -> HttpResponse:
    return _xml(_form(form_id).xml)


@openrosa
def manifest(request: HttpRequest, form_id: str) -> HttpResponse:
    """Only the lists the form uses: each is built for this user, and the phone may be on a thin link."""
    form = _form(form_id)
    files = []
    for name, content in lists.media_files(request.user, lists.used_by(form.xml)).items():
        url = request.build_absolute_uri(reverse("openrosa:media", args=[form_id, name]))
        files.append(
            f"<mediaFile><filename>{name}</filename><hash>md5:{hashlib.md5(content.encode()).hexdigest()}"
            f"</hash><downloadUrl>{escape(url)}</downloadUrl></mediaFile>"
        )
    return _xml(f'<manifest xmlns="{NS_MANIFEST}">{"".join(files)}</manifest>')


@openrosa
def media(request: HttpRequest, form_id: str, name: str) -> HttpResponse:
    form = _form(form_id)
    content = lists.media_file(request.user, name) if name in lists.used_by(form.xml) else None
    if content is None:
        raise Http404
    return _headers(HttpResponse(content, content_type="text/csv; charset=utf-8"))


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


def _refuse(request: HttpRequest, status: int, message: str, form_id: str = "", instance_id: str = "") -> HttpResponse:
    SubmissionError.objects.create(
        user=request.user if request.user.is_authenticated else None,
        form_id=form_id,
        instance_id=instance_id,
        status=status,
        message=message,
    )
    return _message(message, status)


@openrosa
def submission(request: HttpRequest) -> HttpResponse:
    limit = settings.MINEFREE_MAX_UPLOAD_BYTES
    if request.method == "HEAD":
        response = _headers(HttpResponse(status=204))
        response["X-OpenRosa-Accept-Content-Length"] = str(limit)
        return response
    if request.method != "POST":
        return _message(_("Send submissions with POST."), 405)
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
        return _refuse(request, 400, _("The submission has no meta/instanceID."), form_id)
    form = XForm.objects.filter(form_id=form_id, version=version).first()
    if form is None:
        return _refuse(
            request,
            404,
            _("MineFree has no form %(f)s version %(v)s; download the forms again.") % {"f": form_id, "v": version},
            form_id,
            instance_id,
        )
    for file in _attachments(request):
        if (file.size or 0) > limit:
            return _refuse(
                request,
                413,
                _("The attachment %(name)s is larger than %(mb)s MB.") % {"name": file.name, "mb": limit // 1_000_000},
                form_id,
                instance_id,
            )
    existing = Submission.objects.filter(instance_id=instance_id).select_related("report").first()
    if existing is not None:
        return _resent(request, existing)
    if not form.active:
        return _refuse(
            request,
            400,
            _("Version %(v)s of this form is retired; download the forms again.") % {"v": version},
            form_id,
            instance_id,
        )
    saved: list[str] = []
    try:
        report = _store(request, form, root, meta, upload, saved)
    except PermissionDenied:
        _discard(saved)
        return _refuse(request, 403, _("Your role does not send this report."), form_id, instance_id)
    except ActionError as exc:
        _discard(saved)
        problems = "; ".join(
            f"{field}: {' '.join(msgs)}" if field else " ".join(msgs) for field, msgs in exc.errors.items()
        )
        return _refuse(
            request, 400, _("The report was not accepted. %(problems)s") % {"problems": problems}, form_id, instance_id
        )
    except BaseException:
        _discard(saved)  # the transaction undid the rows; the files written so far go too
        raise
    return _message(_("Received as %(ref)s, waiting for review.") % {"ref": report.reference}, 201)


def _resent(request: HttpRequest, existing: Submission) -> HttpResponse:
    """Same instanceID again: nothing changes, except attachments a split or broken upload had not brought."""
    user: Any = request.user
    if existing.report.organisation_id not in organisations_with(user, Capability.WRITE_REPORTS, DataClass.REPORTS):
        return _refuse(
            request, 403, _("Your role does not send this report."), existing.form.form_id, existing.instance_id
        )
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
    request: HttpRequest, form: XForm, root: Any, meta: dict[str, str], upload: Any, saved: list[str]
) -> FieldReport:
    """All or nothing: the report, the submission and its attachments, or none of them."""
    user: Any = request.user
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
        report = reports.replace_content(user, previous.report, payload=payload, date_of_information=day)
    else:
        organisation = _writer_org(user)
        if organisation is None:
            raise PermissionDenied
        report, _created = reports.save_report(
            user,
            kind=form.kind,
            organisation=organisation,
            client_id=meta["instanceID"],
            date_of_information=day,
            payload=payload,
            hazard=hazard,
        )
        report = reports.submit_report(user, report)
    sealed = SEALED_FIELDS.get(form.kind, ())
    if sealed:  # the instance as stored never holds personal answers in clear
        xml = instance.sealed_xml(root, sealed)
    else:
        upload.seek(0)
        xml = upload.read().decode("utf-8", "replace")
    stored = Submission.objects.create(
        instance_id=meta["instanceID"], deprecated_id=deprecated, form=form, report=report, user=user, xml=xml
    )
    _save_attachments(stored, [f for f in _attachments(request) if f], saved)
    return report
