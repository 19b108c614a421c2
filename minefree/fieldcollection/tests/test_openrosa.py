"""The exchanges ODK Collect makes, replayed against the real server with the repository's forms."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pyxform.xls2xform import convert

from minefree.fieldcollection import xforms
from minefree.fieldcollection.models import Submission, SubmissionError, XForm
from minefree.fieldcollection.tests.collect import device, download
from minefree.fieldcollection.xforms import bundled_source
from minefree.fieldwork.models import FieldReport
from minefree.hazards.models import HazardArea

FORMS = Path(__file__).resolve().parents[1] / "xlsforms"
RING = "40.9 69.9 0 0;40.9 69.902 0 0;40.902 69.902 0 0;40.902 69.9 0 0;40.9 69.9 0 0"


def hazard_instance(instance_id: str, name: str = "Collect field", geometry: str = RING, deprecated: str = "") -> bytes:
    version = XForm.objects.get(form_id="minefree_hazard").version
    old = f"<deprecatedID>{deprecated}</deprecatedID>" if deprecated else ""
    return (
        f'<data id="minefree_hazard" version="{version}"><date>2025-07-01</date><name>{name}</name>'
        f"<admin_area>TJ-SU-GFR</admin_area><classification>SHA</classification>"
        f"<contamination>ap_mines</contamination><geometry>{geometry}</geometry><description/>"
        f"<photo>field.jpg</photo><meta><instanceID>{instance_id}</instanceID>{old}</meta></data>"
    ).encode()


def post(client: Client, xml: bytes, **files: SimpleUploadedFile | str):
    parts = {"xml_submission_file": SimpleUploadedFile("instance.xml", xml, "text/xml"), **files}
    return client.post("/openrosa/submission", parts)


def test_login_is_asked_for_the_odk_way(db):
    response = device(None).get("/openrosa/formList")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Basic")
    assert response["X-OpenRosa-Version"] == "1.0"


def test_form_list_download_and_manifest(db):
    client = device()
    listing = client.get("/openrosa/formList")
    assert listing.status_code == 200 and listing["X-OpenRosa-Version"] == "1.0"
    body = listing.content.decode()
    assert "<formID>minefree_hazard</formID>" in body and "xformsList" in body
    form = download(client, "minefree_hazard")  # form, manifest and every media file, md5 checked
    compiled = convert(xlsform=bundled_source("hazard"), file_type=".md", warnings=[]).xform
    assert form.xml.decode() == compiled  # exactly what pyxform makes of the repository's XLSForm
    assert set(form.media) == {"districts.csv"}  # only the lists the form reads
    assert "TJ-SU-GFR" in form.media["districts.csv"]
    progress = download(client, "minefree_progress")
    assert set(progress.media) == {"hazards.geojson", "tasks.csv"}
    some = HazardArea.objects.filter(status="open").order_by("reference").first()
    assert some.reference in progress.media["hazards.geojson"]
    assert set(download(client, "minefree_marking").media) == {"tasks.csv", "places.csv"}
    assert set(download(client, "minefree_funding").media) == {"donors.csv"}
    assert client.get("/openrosa/forms/minefree_hazard/media/secrets.csv").status_code == 404
    assert client.get("/openrosa/forms/minefree_hazard/media/hazards.geojson").status_code == 404


def test_form_list_for_one_form_and_for_every_version(db):
    client = device()
    one = client.get("/openrosa/formList", {"formID": "minefree_progress", "verbose": "true"}).content.decode()
    assert re.findall(r"<formID>([^<]+)</formID>", one) == ["minefree_progress"]
    source = re.sub(r"(minefree_progress\s*\|\s*)\d+", r"\g<1>2027010101", (FORMS / "progress.md").read_text())
    xforms.publish(None, source)
    every = client.get("/openrosa/formList", {"formID": "minefree_progress", "listAllVersions": "true"})
    versions = re.findall(r"<version>([^<]+)</version>", every.content.decode())
    assert versions == list(
        XForm.objects.filter(form_id="minefree_progress", active=True)
        .order_by("-uploaded_at", "-id")
        .values_list("version", flat=True)
    )
    assert versions[0] == "2027010101" and len(versions) == 2
    latest = client.get("/openrosa/formList", {"formID": "minefree_progress"}).content.decode()
    assert re.findall(r"<version>([^<]+)</version>", latest) == ["2027010101"]
    assert "<xform>" not in client.get("/openrosa/formList", {"formID": "minefree_nothing"}).content.decode()


def test_roles_that_send_nothing_get_an_empty_list(db):
    assert "<xform>" not in device("donor.usdos").get("/openrosa/formList").content.decode()


def test_head_then_post_then_resend_then_edit(db):
    client = device()
    head = client.head("/openrosa/submission")
    assert head.status_code == 204 and int(head["X-OpenRosa-Accept-Content-Length"]) > 1_000_000
    assert head["X-OpenRosa-Version"] == "1.0"
    form = download(client, "minefree_hazard")
    answers = {
        "date": "2025-07-01",
        "name": "Collect field",
        "admin_area": "TJ-SU-GFR",
        "classification": "SHA",
        "contamination": "ap_mines",
        "geometry": RING,
        "photo": "field.jpg",
    }
    first_id, xml = form.fill(answers)
    photo = SimpleUploadedFile("field.jpg", b"\xff\xd8\xff" + b"0" * 2000, "image/jpeg")
    response = post(client, xml, **{"field.jpg": photo})
    assert response.status_code == 201 and "submit_success" in response.content.decode()
    assert response["X-OpenRosa-Version"] == "1.0" and "OpenRosaResponse" in response.content.decode()
    report = FieldReport.objects.get(client_id=first_id)
    assert report.state == "submitted" and report.kind == "hazard" and report.geometry is not None
    assert report.payload["attachments"] == ["field.jpg"]
    stored = Submission.objects.get(instance_id=first_id).attachments.get()
    assert stored.size == 2003 and stored.file.read() == b"\xff\xd8\xff" + b"0" * 2000

    again = post(client, xml, **{"field.jpg": SimpleUploadedFile("field.jpg", b"\xff\xd8\xff", "image/jpeg")})
    assert again.status_code == 202 and FieldReport.objects.filter(client_id=first_id).count() == 1
    assert Submission.objects.get(instance_id=first_id).attachments.count() == 1

    edited_id, edited = form.fill(answers | {"name": "Collect field, corrected"}, deprecated=first_id)
    assert post(client, edited).status_code == 201
    report.refresh_from_db()
    assert report.payload["name"] == "Collect field, corrected"
    assert Submission.objects.filter(report=report).count() == 2
    assert not FieldReport.objects.filter(client_id=edited_id).exists()


def test_a_split_upload_brings_its_photo_in_the_second_post(db):
    """Collect splits a submission larger than the server accepts: the XML again with the rest of the files."""
    client = device()
    instance_id = f"uuid:{uuid.uuid4()}"
    first = post(client, hazard_instance(instance_id), **{"*isIncomplete*": "yes"})
    assert first.status_code == 201
    photo = SimpleUploadedFile("field.jpg", b"\xff\xd8\xff" + b"9" * 10, "image/jpeg")
    second = post(client, hazard_instance(instance_id), **{"field.jpg": photo})
    assert second.status_code == 201
    assert list(Submission.objects.get(instance_id=instance_id).attachments.values_list("name", "size")) == [
        ("field.jpg", 13)
    ]
    assert FieldReport.objects.filter(client_id=instance_id).count() == 1


def test_someone_else_resending_an_instance_learns_nothing(db):
    instance_id = f"uuid:{uuid.uuid4()}"
    assert post(device(), hazard_instance(instance_id)).status_code == 201
    response = post(device("fsd.clerk"), hazard_instance(instance_id))
    assert response.status_code == 403 and "FR-" not in response.content.decode()


@pytest.mark.parametrize(
    "xml,status,words",
    [
        (
            b"<data id='minefree_nothing' version='1'><meta><instanceID>uuid:x1</instanceID></meta></data>",
            404,
            "no form",
        ),
        (b"<data id='minefree_hazard'", 400, "not well-formed"),
    ],
)
def test_bad_submissions_get_a_message_and_are_logged(db, xml, status, words):
    response = post(device(), xml)
    assert response.status_code == status and words in response.content.decode()
    assert SubmissionError.objects.filter(status=status).exists()


def test_an_invalid_geometry_is_refused_and_nothing_is_stored(db):
    bowtie = "40.9 69.9 0 0;40.902 69.902 0 0;40.9 69.902 0 0;40.902 69.9 0 0;40.9 69.9 0 0"
    instance_id = f"uuid:{uuid.uuid4()}"
    response = post(device(), hazard_instance(instance_id, geometry=bowtie))
    assert response.status_code == 400 and "geometry" in response.content.decode()
    assert not FieldReport.objects.filter(client_id=instance_id).exists()
    assert not Submission.objects.filter(instance_id=instance_id).exists()


def test_an_oversized_attachment_gets_413(db, settings):
    settings.MINEFREE_MAX_UPLOAD_BYTES = 1000
    big = SimpleUploadedFile("field.jpg", b"0" * 5000, "image/jpeg")
    instance_id = f"uuid:{uuid.uuid4()}"
    response = post(device(), hazard_instance(instance_id), **{"field.jpg": big})
    assert response.status_code == 413 and not FieldReport.objects.filter(client_id=instance_id).exists()


def test_a_retired_form_version_is_refused(db):
    XForm.objects.filter(form_id="minefree_hazard").update(active=False)
    response = post(device(), hazard_instance(f"uuid:{uuid.uuid4()}"))
    assert response.status_code == 400 and "retired" in response.content.decode()
