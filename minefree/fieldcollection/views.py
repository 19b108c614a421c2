"""The NMAC's form pages (publish a new XLSForm version, retire one) and access-checked attachments."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minefree.core.errors import ActionError
from minefree.core.permissions import Action, Capability, has
from minefree.fieldcollection import attachments as attachment_policy
from minefree.fieldcollection import export, xforms
from minefree.fieldcollection.models import Attachment, EncryptedSubmission, SubmissionError, XForm, is_key_holder
from minefree.fieldwork.models import FieldReport

SOURCE_TYPES = {".md": ".md", ".xlsx": ".xlsx"}


def _require_editor(request: HttpRequest) -> None:
    if not has(request.user, Capability.EDIT_RECORD):
        raise PermissionDenied(_("Only the NMAC publishes forms."))


def _page(request: HttpRequest, errors: list[str], shown_key: tuple[int, str] | None = None) -> HttpResponse:
    """The forms page; `shown_key` is (draft pk, key) right after the key was made: shown this once."""
    versions = (
        XForm.objects.filter(state="published")
        .annotate(received=Count("submissions"))
        .order_by("form_id", "-uploaded_at")
    )
    drafts = XForm.objects.filter(state="draft").annotate(tests=Count("test_submissions")).order_by("-uploaded_at")
    refused = SubmissionError.objects.select_related("user")[:50]
    by_form = (
        XForm.objects.filter(state="published")
        .values("form_id")
        .annotate(versions=Count("id", distinct=True), received=Count("submissions"))
        .order_by("form_id")
    )
    test_url = None
    if shown_key is not None:  # the server URL to type into ODK Collect: the draft's formList without its name
        pk, key = shown_key
        test_url = (
            pk,
            request.build_absolute_uri(reverse("openrosa-draft:form-list", args=[key])).removesuffix("/formList"),
        )
    return render(
        request,
        "fieldcollection/forms.html",
        {
            "versions": versions,
            "drafts": drafts,
            "test_url": test_url,
            "errors": errors,
            "refused": refused,
            "by_form": by_form,
            "key_holder": is_key_holder(request.user),
            "waiting": EncryptedSubmission.objects.restrict(request.user).count(),
        },
        status=400 if errors else 200,
    )


@login_required
def forms_page(request: HttpRequest) -> HttpResponse:
    """Upload makes a draft (tested on a phone at its own URL); nothing reaches the teams before Publish."""
    _require_editor(request)
    errors: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("xlsform")
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if upload and upload.name and "." in upload.name else ""
        if upload is None or suffix not in SOURCE_TYPES:
            errors.append(_("Choose an XLSForm file (.xlsx or .md)."))
        else:
            raw = upload.read()
            try:
                source = raw.decode("utf-8") if suffix == ".md" else raw
                draft, key = xforms.upload_draft(request.user, source, SOURCE_TYPES[suffix])
                return _page(request, [], (draft.pk, key))
            except UnicodeDecodeError:
                errors.append(_("The .md file is not UTF-8 text."))
            except ActionError as exc:
                errors.extend(m for ms in exc.errors.values() for m in ms)
    return _page(request, errors)


def _a_draft(request: HttpRequest, pk: int) -> XForm:
    _require_editor(request)
    form = XForm.objects.filter(pk=pk, state="draft").first()
    if form is None:
        raise Http404
    return form


@login_required
@require_POST
def publish_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Live for every phone if the check finds nothing; else the page names each question and why."""
    form = _a_draft(request, pk)
    try:
        xforms.publish_draft(request.user, form)
    except ActionError as exc:
        heading = _("%(f)s %(v)s was not published: its answers cannot become the report.") % {
            "f": form.form_id,
            "v": form.version,
        }
        return _page(
            request, [heading, *(f"{q}: {' '.join(rs)}" if q else " ".join(rs) for q, rs in exc.errors.items())]
        )
    return redirect("forms:list")


@login_required
@require_POST
def discard_draft(request: HttpRequest, pk: int) -> HttpResponse:
    xforms.discard_draft(request.user, _a_draft(request, pk))
    return redirect("forms:list")


@login_required
@require_POST
def draft_key(request: HttpRequest, pk: int) -> HttpResponse:
    """A new test URL: the key is kept only as a digest, so the old URL cannot be shown again."""
    form = _a_draft(request, pk)
    return _page(request, [], (form.pk, xforms.new_draft_key(request.user, form)))


@login_required
@require_POST
def toggle(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    form = XForm.objects.filter(pk=pk, state="published").first()
    if form is None:
        raise Http404
    xforms.set_active(request.user, form, not form.active)
    return redirect("forms:list")


@login_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A photo sent with a submission, to whoever may see its report."""
    item = Attachment.objects.select_related("submission").filter(pk=pk).first()
    visible = FieldReport.objects.restrict(request.user, Action.VIEW)
    if item is None or not visible.filter(pk=item.submission.report_id).exists():
        raise Http404
    # Always a download, typed by its own bytes (files stored before the check included), never
    # sniffed by the browser: an <img> still shows a photo, but no file opens as a MineFree page.
    handle = item.file.open("rb")
    content_type = attachment_policy.type_of(handle) or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=item.name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def export_submissions(request: HttpRequest, form_id: str, fmt: str) -> HttpResponse:
    """Every submission of a form, all versions, only those whose report the user may see."""
    _require_editor(request)
    if fmt not in EXPORT_TYPES or not XForm.objects.filter(form_id=form_id).exists():
        raise Http404
    header, rows = export.table(request.user, form_id)
    body = export.as_csv(header, rows) if fmt == "csv" else export.as_xlsx(header, rows, form_id)
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{form_id}-submissions.{fmt}"'
    return response
