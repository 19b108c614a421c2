"""The centre's own form versions go through a draft: tested on a phone at the draft's own URL,
then published only if every answer can become the report its form_id names."""

from __future__ import annotations

import re
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from minefree.fieldcollection.models import DraftSubmission, XForm
from minefree.fieldcollection.tests.collect import device
from minefree.fieldcollection.tests.drafts import server_url, upload
from minefree.fieldcollection.tests.test_form_versions import new_version_md, spot_instance
from minefree.fieldcollection.xforms import BUNDLED
from minefree.fieldwork.models import FieldReport


def spot_versions() -> str:
    return device().get("/openrosa/formList", {"formID": "minefree_spot_task"}).content.decode()


def test_a_draft_is_tested_at_its_own_url_and_reaches_the_teams_only_when_published(persona):
    im = persona("tnmac.im")
    page = upload(im, "spot_task.md", new_version_md())
    assert page.status_code == 200
    base = server_url(page)
    draft = XForm.objects.get(form_id="minefree_spot_task", version="2026120901")
    assert draft.state == "draft" and base not in im.get("/forms/").content.decode()  # the key is shown once
    assert "<version>2026120901</version>" not in spot_versions()
    live = device().post(
        "/openrosa/submission", {"xml_submission_file": SimpleUploadedFile("s.xml", spot_instance("2026120901"))}
    )
    assert live.status_code == 400  # the live server takes nothing for a draft

    phone = device()
    listing = phone.get(f"{base}/formList").content.decode()
    assert re.findall(r"<version>([^<]+)</version>", listing) == ["2026120901"]
    assert f"{base}/forms/minefree_spot_task/form.xml" in listing
    assert phone.get(f"{base}/forms/minefree_spot_task/form.xml").content.decode() == draft.xml
    assert phone.head(f"{base}/submission").status_code == 204
    test = spot_instance("2026120901", "<village>Vorukh</village>")
    sent = phone.post(f"{base}/submission", {"xml_submission_file": SimpleUploadedFile("s.xml", test)})
    assert sent.status_code == 201 and "does not become a report" in sent.content.decode()
    assert not FieldReport.objects.filter(payload__village="Vorukh").exists()
    assert DraftSubmission.objects.filter(form=draft).count() == 1
    assert "Vorukh" not in im.get("/forms/minefree_spot_task/export.csv").content.decode()
    assert device(None).get(f"{base}/formList").status_code == 401  # the phone still logs in
    assert phone.get("/openrosa/draft/not-a-key/formList").status_code == 404

    assert im.post(f"/forms/drafts/{draft.pk}/publish/").status_code == 302
    assert "<version>2026120901</version>" in spot_versions()
    assert not DraftSubmission.objects.exists()  # test submissions go with the draft stage
    assert phone.get(f"{base}/formList").status_code == 404
    old = XForm.objects.get(form_id="minefree_spot_task", version="2026120801")
    assert old.active  # the older version still takes and shows what phones still send with it
    assert (
        device().post("/openrosa/submission", {"xml_submission_file": SimpleUploadedFile("s.xml", test)}).status_code
        == 201
    )


def broken_spot_task() -> str:
    """A new version whose answers cannot become a spot task report, three ways."""
    text = new_version_md().replace("| 2026120901 |", "| 2026120902 |")
    lines = [line for line in text.splitlines() if "| quantity " not in line]  # a required question left out
    text = "\n".join(lines) + "\n"
    text = re.sub(r"\| text(\s+)\| ordnance_type", r"| select_one_from_file secrets.csv\1| ordnance_type", text)
    buried = "|         | disp      | buried      | Buried | Закопан | Гӯр карда |\n"
    return text.replace("| settings |", buried + "| settings |")  # a code the report does not know


def test_publishing_refuses_a_form_whose_answers_cannot_become_the_report_naming_each_question(persona):
    im = persona("tnmac.im")
    assert upload(im, "spot_task.md", broken_spot_task()).status_code == 200
    draft = XForm.objects.get(form_id="minefree_spot_task", version="2026120902")
    refused = im.post(f"/forms/drafts/{draft.pk}/publish/")
    text = refused.content.decode()
    assert refused.status_code == 400
    assert "quantity: required by the report, not asked" in text
    assert "disposal: choices differ (missing [], unknown [&#x27;buried&#x27;])" in text
    assert "ordnance_type: chooses from secrets.csv, a list MineFree does not make" in text
    draft.refresh_from_db()
    assert draft.state == "draft" and not draft.active  # nothing written
    assert "2026120902" not in spot_versions()
    assert im.post(f"/forms/{draft.pk}/toggle/").status_code == 404  # no way round the check

    assert im.post(f"/forms/drafts/{draft.pk}/discard/").status_code == 302
    assert not XForm.objects.filter(pk=draft.pk).exists()


def test_a_new_test_url_replaces_the_old_one(persona):
    im = persona("tnmac.im")
    first = server_url(upload(im, "spot_task.md", new_version_md()))
    draft = XForm.objects.get(state="draft")
    second = server_url(im.post(f"/forms/drafts/{draft.pk}/key/"))
    assert device().get(f"{first}/formList").status_code == 404
    assert device().get(f"{second}/formList").status_code == 200
    assert persona("npa.clerk").post(f"/forms/drafts/{draft.pk}/publish/").status_code == 403
    assert XForm.objects.get(pk=draft.pk).state == "draft"


def victim_instance(version: str, day: str) -> bytes:
    return (
        f'<data id="minefree_victim" version="{version}"><date>{day}</date><name>Parvina Odinaeva</name>'
        f"<meta><instanceID>uuid:{uuid.uuid4()}</instanceID></meta></data>"
    ).encode()


def test_a_test_submission_is_read_as_the_live_server_would_and_keeps_personal_answers_sealed(persona):
    source = re.sub(r"(minefree_victim\s*\|\s*)\d+", r"\g<1>2027010101", (BUNDLED / "victim.md").read_text())
    base = server_url(upload(persona("tnmac.im"), "victim.md", source))
    phone = device("rcst.clerk")
    bad = phone.post(
        f"{base}/submission",
        {"xml_submission_file": SimpleUploadedFile("s.xml", victim_instance("2027010101", "soon"))},
    )
    assert bad.status_code == 400 and "date" in bad.content.decode()
    good = phone.post(
        f"{base}/submission",
        {"xml_submission_file": SimpleUploadedFile("s.xml", victim_instance("2027010101", "2025-07-01"))},
    )
    assert good.status_code == 201
    kept = DraftSubmission.objects.get()
    assert "Parvina" not in kept.xml and kept.user.username == "rcst.clerk"
    other = phone.post(
        f"{base}/submission", {"xml_submission_file": SimpleUploadedFile("s.xml", spot_instance("2026120801"))}
    )
    assert other.status_code == 400  # the test URL takes its own draft only
