"""Submission attachments can never become a page of MineFree.

A "photo" that is really HTML used to be stored with the type the client declared and served inline,
so its script ran in the reviewer's session. Now only files the XML names, of the allowed types found
by their bytes, are kept, and every attachment is served as a download with `nosniff`.
"""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from minefree.fieldcollection.models import Attachment, Submission
from minefree.fieldcollection.tests.collect import device
from minefree.fieldcollection.tests.test_openrosa import hazard_instance, post
from minefree.fieldwork.models import FieldReport

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200
PAGE = b"<html><script>fetch('/api/v1/victims/1/personal/').then(r => r.text()).then(alert)</script></html>"


def test_a_photo_that_is_really_a_page_is_refused_and_nothing_is_kept(db):
    instance_id = f"uuid:{uuid.uuid4()}"
    response = post(
        device(), hazard_instance(instance_id), **{"field.jpg": SimpleUploadedFile("field.jpg", PAGE, "text/html")}
    )
    body = response.content.decode()
    assert response.status_code == 400 and "field.jpg" in body and "JPEG" in body
    assert "OpenRosaResponse" in body and response["X-OpenRosa-Version"] == "1.0"
    assert not FieldReport.objects.filter(client_id=instance_id).exists()
    assert not Submission.objects.filter(instance_id=instance_id).exists()


def test_a_page_sent_later_for_a_missing_photo_is_refused_too(db):
    instance_id = f"uuid:{uuid.uuid4()}"
    assert post(device(), hazard_instance(instance_id), **{"*isIncomplete*": "yes"}).status_code == 201
    response = post(
        device(), hazard_instance(instance_id), **{"field.jpg": SimpleUploadedFile("field.jpg", PAGE, "image/jpeg")}
    )
    assert response.status_code == 400 and "field.jpg" in response.content.decode()
    assert not Attachment.objects.filter(submission__instance_id=instance_id).exists()


def test_only_the_files_the_xml_names_are_kept_typed_by_their_bytes(db):
    instance_id = f"uuid:{uuid.uuid4()}"
    files = {
        "field.jpg": SimpleUploadedFile("field.jpg", JPEG, "text/html"),  # the declared type is not believed
        "extra.html": SimpleUploadedFile("extra.html", PAGE, "text/html"),  # no answer names it
    }
    assert post(device(), hazard_instance(instance_id), **files).status_code == 201
    kept = Attachment.objects.filter(submission__instance_id=instance_id)
    assert list(kept.values_list("name", "content_type")) == [("field.jpg", "image/jpeg")]


def test_attachments_are_served_as_downloads_never_as_pages(persona):
    instance_id = f"uuid:{uuid.uuid4()}"
    post(device(), hazard_instance(instance_id), **{"field.jpg": SimpleUploadedFile("field.jpg", JPEG, "image/jpeg")})
    photo = Attachment.objects.get(submission__instance_id=instance_id)
    # One stored before the check: HTML under the type its sender declared.
    old = Attachment.objects.create(
        submission=photo.submission,
        name='x".html',
        size=len(PAGE),
        content_type="text/html",
        file=ContentFile(PAGE, "x"),
    )
    im = persona("tnmac.im")
    shown = im.get(f"/forms/attachments/{photo.pk}/")
    assert shown["Content-Type"] == "image/jpeg" and shown["X-Content-Type-Options"] == "nosniff"
    assert shown["Content-Disposition"].startswith("attachment;")
    page = im.get(f"/forms/attachments/{old.pk}/")
    assert page["Content-Type"] == "application/octet-stream" and page["X-Content-Type-Options"] == "nosniff"
    assert page["Content-Disposition"].startswith("attachment;") and '"x".html"' not in page["Content-Disposition"]
