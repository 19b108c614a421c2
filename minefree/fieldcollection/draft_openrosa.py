"""A draft form's own OpenRosa server, at /openrosa/draft/<key>/: ODK Collect pointed there lists,
downloads and sends only that draft, so the centre tests it on a phone before it goes live.

The key in the URL picks the draft; the phone still logs in as its user (the lists in the manifest
are built for that user). Test submissions are kept apart as DraftSubmission rows: never a report,
never exported, deleted when the draft is published or discarded.
"""

from __future__ import annotations

import hashlib
from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from minefree.core.errors import ActionError
from minefree.fieldcollection import instance, mapping, xforms
from minefree.fieldcollection import media as lists
from minefree.fieldcollection.models import DraftSubmission, XForm
from minefree.fieldcollection.openrosa import NS_LIST, NS_MANIFEST, _headers, _message, _xml, openrosa
from minefree.fieldwork.payload import sealed_fields


def _draft(key: str, form_id: str | None = None) -> XForm:
    form = xforms.by_draft_key(key)
    if form is None or (form_id is not None and form.form_id != form_id):
        raise Http404
    return form


@openrosa
def form_list(request: HttpRequest, key: str) -> HttpResponse:
    form = _draft(key)
    download = request.build_absolute_uri(reverse("openrosa-draft:form", args=[key, form.form_id]))
    manifest_url = request.build_absolute_uri(reverse("openrosa-draft:manifest", args=[key, form.form_id]))
    item = (
        f"<xform><formID>{escape(form.form_id)}</formID><name>{escape(form.title)}</name>"
        f"<version>{escape(form.version)}</version><hash>md5:{form.md5}</hash>"
        f"<downloadUrl>{escape(download)}</downloadUrl><manifestUrl>{escape(manifest_url)}</manifestUrl></xform>"
    )
    return _xml(f'<xforms xmlns="{NS_LIST}">{item}</xforms>')


@openrosa
def form_xml(request: HttpRequest, key: str, form_id: str) -> HttpResponse:
    return _xml(_draft(key, form_id).xml)


@openrosa
def manifest(request: HttpRequest, key: str, form_id: str) -> HttpResponse:
    form = _draft(key, form_id)
    files = []
    for name, content in lists.media_files(request.user, lists.used_by(form.xml)).items():
        url = request.build_absolute_uri(reverse("openrosa-draft:media", args=[key, form_id, name]))
        files.append(
            f"<mediaFile><filename>{name}</filename><hash>md5:{hashlib.md5(content.encode()).hexdigest()}"
            f"</hash><downloadUrl>{escape(url)}</downloadUrl></mediaFile>"
        )
    return _xml(f'<manifest xmlns="{NS_MANIFEST}">{"".join(files)}</manifest>')


@openrosa
def media(request: HttpRequest, key: str, form_id: str, name: str) -> HttpResponse:
    form = _draft(key, form_id)
    return _headers(lists.served(request.user, form.xml, name))


@openrosa
def submission(request: HttpRequest, key: str) -> HttpResponse:
    """A test instance: read as the live server would read it, kept apart, answered as a test."""
    form = _draft(key)
    if request.method == "HEAD":
        response = _headers(HttpResponse(status=204))
        response["X-OpenRosa-Accept-Content-Length"] = str(settings.MINEFREE_MAX_UPLOAD_BYTES)
        return response
    if request.method != "POST" or not request.headers.get("X-OpenRosa-Version"):
        return _message(_("Send test submissions from ODK Collect or Enketo."), 405)
    upload = request.FILES.get("xml_submission_file")
    if upload is None:
        return _message(_("The request has no xml_submission_file part."), 400)
    try:
        root = instance.parse(upload.read())
        if (root.get("id", ""), root.get("version", "")) != (form.form_id, form.version):
            raise ActionError(_("This test URL takes only %(f)s %(v)s.") % {"f": form.form_id, "v": form.version})
        # What the live server would make of it, so a test shows the refusal a team would get.
        mapping.to_report(form, instance.answers(root, mapping.repeats(form)))
    except ActionError as exc:
        return _message(" ".join(m for ms in exc.errors.values() for m in ms), 400)
    instance_id = instance.meta(root).get("instanceID", "")
    user: Any = request.user
    sealed = sealed_fields(form.kind)  # personal answers are never stored in clear, tests included
    xml = instance.sealed_xml(root, sealed) if sealed else ElementTree.tostring(root, encoding="unicode")
    DraftSubmission.objects.create(form=form, instance_id=instance_id, user=user, xml=xml)
    return _message(_("Test submission received; it does not become a report."), 201)
