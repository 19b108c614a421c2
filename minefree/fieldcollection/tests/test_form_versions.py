"""The NMAC publishes a new form version in the UI; old and new submissions keep every answer."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from minefree.fieldcollection.models import Attachment, XForm
from minefree.fieldcollection.tests.collect import device
from minefree.fieldcollection.tests.drafts import upload_and_publish
from minefree.fieldcollection.tests.test_openrosa import hazard_instance, post
from minefree.fieldwork.models import FieldReport

SPOT = (Path(__file__).resolve().parents[1] / "xlsforms" / "spot_task.md").read_text()


def new_version_md() -> str:
    """The spot task form with a new question and a new version, as an NMAC officer would edit it."""
    text = SPOT.replace("| 2026120801 |", "| 2026120901 |")
    question = (
        "|        | text            | village       | Village              | Село                    "
        "| Деҳа                       |          |                 |\n"
    )
    return text.replace("| choices |", question + "| choices |")


def spot_instance(version: str, extra: str = "") -> bytes:
    return (
        f'<data id="minefree_spot_task" version="{version}"><date>2025-08-01</date>'
        f"<location>37.4 69.1 0 0</location><category>uxo</category><ordnance_type>VOG-17</ordnance_type>"
        f"<quantity>1</quantity><disposal>in_situ</disposal><disposed_on>2025-08-01</disposed_on>{extra}"
        f"<meta><instanceID>uuid:{uuid.uuid4()}</instanceID></meta></data>"
    ).encode()


def test_publish_a_new_version_and_keep_the_old_submissions(persona):
    im = persona("tnmac.im")
    upload_and_publish(im, "spot_task.md", new_version_md())
    assert XForm.objects.filter(form_id="minefree_spot_task").count() == 2
    listing = device().get("/openrosa/formList").content.decode()
    assert "<version>2026120901</version>" in listing
    old = post(device(), spot_instance("2026120801"))
    new = post(device(), spot_instance("2026120901", "<village>Vorukh</village>"))
    assert old.status_code == 201 and new.status_code == 201
    assert FieldReport.objects.filter(payload__village="Vorukh").exists()  # answers with no column are kept


def test_an_xlsx_upload_and_a_broken_one(persona):
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label"])
    survey.append(["date", "date", "Date"])
    survey.append(["text", "name", "Name"])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "version"])
    settings.append(["minefree_hazard", "2027010101"])
    data = io.BytesIO()
    book.save(data)
    im = persona("tnmac.im")
    assert im.post("/forms/", {"xlsform": SimpleUploadedFile("h.xlsx", data.getvalue())}).status_code == 200
    draft = XForm.objects.get(form_id="minefree_hazard", version="2027010101", source_format="xlsx", state="draft")
    refused = im.post(f"/forms/drafts/{draft.pk}/publish/").content.decode()  # the .xlsx is checked too
    assert "was not published" in refused and "required by the report, not asked" in refused
    page = im.post("/forms/", {"xlsform": SimpleUploadedFile("bad.md", b"| survey |\n| | type | name |\n")})
    assert page.status_code == 400 and "XLSForm" in page.content.decode()


def test_retiring_a_version_refuses_its_new_submissions(persona):
    im = persona("tnmac.im")
    form = XForm.objects.get(form_id="minefree_spot_task")
    im.post(f"/forms/{form.pk}/toggle/")
    response = post(device(), spot_instance(form.version))
    assert response.status_code == 400 and "retired" in response.content.decode()


def test_only_the_nmac_publishes(persona):
    for username in ("npa.clerk", "tnmac.qa", "donor.usdos"):
        assert persona(username).get("/forms/").status_code == 403


def test_photos_are_shown_only_to_who_may_see_the_report(persona):
    instance_id = f"uuid:{uuid.uuid4()}"
    photo = SimpleUploadedFile("field.jpg", b"\xff\xd8\xff" + b"1" * 100, "image/jpeg")
    post(device(), hazard_instance(instance_id), **{"field.jpg": photo})
    item = Attachment.objects.get(submission__instance_id=instance_id)
    assert persona("npa.clerk").get(f"/forms/attachments/{item.pk}/").status_code == 200
    assert persona("tnmac.im").get(f"/forms/attachments/{item.pk}/").status_code == 200
    page = persona("tnmac.im").get(f"/field-reports/{item.submission.report_id}/").content.decode()
    assert f'<img src="/forms/attachments/{item.pk}/" alt="field.jpg"' in page  # the photo itself, inline
    assert persona("fsd.clerk").get(f"/forms/attachments/{item.pk}/").status_code == 404
    assert persona("donor.usdos").get(f"/forms/attachments/{item.pk}/").status_code == 404
