"""The victim form encrypted with the centre's public key (OpenRosa form encryption): the server keeps
what the phone sent unreadable until a key holder decrypts it with the passphrase, and then makes the
report the clear path makes, with the personal answers sealed."""

from __future__ import annotations

import base64
import io
from xml.etree import ElementTree

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.files.storage import default_storage

from minefree.cli import main
from minefree.core.crypto import unseal
from minefree.fieldcollection import encryption, instance
from minefree.fieldcollection.models import CentreKey, EncryptedSubmission, Submission, XForm
from minefree.fieldcollection.tests.collect import device, download, send
from minefree.fieldcollection.tests.collect_encryption import encrypt, public_key, send_encrypted
from minefree.fieldcollection.tests.test_personal_data import ANSWERS, MEDICAL, NAME, raw_rows
from minefree.fieldwork.models import FieldReport

PASSPHRASE = "mines cleared by spring 2027"


@pytest.fixture
def centre(persona):
    """The NMAC administrator, after making the centre's key."""
    admin = persona("tnmac.admin")
    response = admin.post("/forms/encrypted/", {"passphrase": PASSPHRASE, "confirm": PASSPHRASE})
    assert response.status_code == 302, response.content.decode()
    return admin


def sent_encrypted() -> tuple[str, EncryptedSubmission]:
    client = device("rcst.clerk")
    form = download(client, "minefree_victim")
    instance_id, xml = form.fill(ANSWERS)
    response = send_encrypted(client, encrypt(form, instance_id, xml))
    assert response.status_code == 201, response.content.decode()
    return instance_id, EncryptedSubmission.objects.get(instance_id=instance_id)


def test_a_short_or_mistyped_passphrase_makes_no_key(persona):
    admin = persona("tnmac.admin")
    short = admin.post("/forms/encrypted/", {"passphrase": "short", "confirm": "short"})
    assert short.status_code == 400 and "at least 12 characters" in short.content.decode()
    differ = admin.post("/forms/encrypted/", {"passphrase": PASSPHRASE, "confirm": PASSPHRASE + "!"})
    assert differ.status_code == 400 and "differ" in differ.content.decode()
    assert not CentreKey.objects.exists()


def test_phones_get_a_new_version_of_the_victim_form_carrying_the_public_key(persona):
    clear_form = download(device("rcst.clerk"), "minefree_victim")
    _id, clear_xml = clear_form.fill(ANSWERS)
    centre = persona("tnmac.admin")
    assert centre.post("/forms/encrypted/", {"passphrase": PASSPHRASE, "confirm": PASSPHRASE}).status_code == 302
    form = download(device("rcst.clerk"), "minefree_victim")
    key = CentreKey.objects.get()
    served = public_key(form).public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    assert base64.b64encode(served).decode() == key.public_der_b64
    assert form.primary().attrib["version"] != clear_form.primary().attrib["version"]
    # A phone still holding the unencrypted version is told to download the forms again.
    refused = send(device("rcst.clerk"), clear_xml)
    assert refused.status_code == 400 and "download the forms again" in refused.content.decode()


def test_the_server_keeps_the_envelope_unreadable_until_a_key_holder_decrypts_it(
    centre, persona, django_capture_on_commit_callbacks
):
    reports_before = FieldReport.objects.count()
    instance_id, envelope = sent_encrypted()
    kept = raw_rows("fieldcollection_encryptedsubmission", "instance_id", instance_id)
    for path in envelope.files.values():
        with default_storage.open(path, "rb") as handle:
            kept += repr(handle.read())
    assert "Parvina" not in kept and "amputation" not in kept and "900 11 22" not in kept
    assert "Dushanbe" not in kept  # not even what the clear path leaves readable
    assert FieldReport.objects.count() == reports_before and not Submission.objects.filter(instance_id=instance_id)
    # Resent (Collect retries when the answer was lost): acknowledged, kept once.
    client = device("rcst.clerk")
    form = download(client, "minefree_victim")
    _id, xml = form.fill(ANSWERS)
    assert send_encrypted(client, {**encrypt(form, instance_id, xml)}).status_code == 202

    # Not a key holder (QA reads personal data but holds no key): neither sees nor decrypts it.
    qa = persona("tnmac.qa")
    assert qa.get("/forms/encrypted/").status_code == 403
    assert qa.post(f"/forms/encrypted/{envelope.pk}/decrypt/", {"passphrase": PASSPHRASE}).status_code == 403

    # The key holder sees it waiting; a wrong passphrase writes nothing.
    assert instance_id not in centre.get("/forms/encrypted/").content.decode()  # the page names no instance
    assert "rcst.clerk" in centre.get("/forms/encrypted/").content.decode()
    wrong = centre.post(f"/forms/encrypted/{envelope.pk}/decrypt/", {"passphrase": "not the passphrase"})
    assert wrong.status_code == 400 and "passphrase is not the one" in wrong.content.decode()
    assert EncryptedSubmission.objects.filter(pk=envelope.pk).exists()
    assert FieldReport.objects.count() == reports_before

    # The right one: the report the clear path makes, its personal answers sealed.
    with django_capture_on_commit_callbacks(execute=True):  # the encrypted files go once the report is kept
        done = centre.post(f"/forms/encrypted/{envelope.pk}/decrypt/", {"passphrase": PASSPHRASE})
    assert done.status_code == 302
    stored = Submission.objects.select_related("report").get(instance_id=instance_id)
    report = stored.report
    assert done["Location"] == f"/field-reports/{report.pk}/"
    assert report.author.username == "rcst.clerk" and stored.user.username == "rcst.clerk"
    rows = raw_rows("interop_submission", "instance_id", instance_id) + raw_rows(
        "fieldwork_fieldreport", "id", report.pk
    )
    assert "Parvina" not in rows and "amputation" not in rows and "Dushanbe orthopaedic centre" in rows
    name = ElementTree.fromstring(stored.xml).find("name").text
    assert instance.is_sealed(name) and unseal(name.removeprefix(instance.SEALED_MARK)) == NAME
    assert unseal(report.payload["medical"]["sealed"]) == MEDICAL
    assert not EncryptedSubmission.objects.filter(pk=envelope.pk).exists()
    assert not any(default_storage.exists(path) for path in envelope.files.values())


def test_the_cli_makes_the_key_for_a_key_holder_only(db, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSPHRASE}\n{PASSPHRASE}\n"))
    assert main(["form-key", "tnmac.qa", "--passphrase-stdin"]) == 2
    assert "not one of the centre's key holders" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSPHRASE}\n{PASSPHRASE}\n"))
    assert main(["form-key", "tnmac.admin", "--passphrase-stdin"]) == 0
    key = CentreKey.objects.get()
    assert "published minefree_victim version" in capsys.readouterr().out
    assert key.public_der_b64 in download(device("rcst.clerk"), "minefree_victim").xml.decode()
    assert PASSPHRASE not in key.private_pem and "ENCRYPTED PRIVATE KEY" in key.private_pem


def test_media_and_the_xml_open_in_the_order_collect_encrypted_them(centre):
    """Each file has the next IV of the sequence: media first, then submission.xml."""
    form = download(device("rcst.clerk"), "minefree_victim")
    instance_id, xml = form.fill(ANSWERS)
    media = {"photo.jpg": b"\xff\xd8\xff" + bytes(range(256)) * 3, "voice.m4a": b"ftypM4A " * 40}
    sealed = encrypt(form, instance_id, xml, media)
    manifest = instance.parse(sealed["manifest"])
    opened_xml, opened_media = encryption.open_submission(
        encryption.private_key(CentreKey.objects.get(), PASSPHRASE), manifest, instance_id, sealed["files"]
    )
    assert opened_xml == xml and opened_media == media


def test_an_encrypted_submission_for_a_form_without_the_key_is_refused(centre):
    """A phone still holding the unencrypted version cannot make an envelope nobody can open."""
    form = download(device("rcst.clerk"), "minefree_victim")
    instance_id, xml = form.fill(ANSWERS)
    sealed = encrypt(form, instance_id, xml)
    plain = XForm.objects.filter(form_id="minefree_victim").exclude(xml__contains="base64RsaPublicKey").first()
    assert plain is not None
    manifest = sealed["manifest"].replace(
        f'version="{form.primary().attrib["version"]}"'.encode(), f'version="{plain.version}"'.encode()
    )
    plain.active = True
    plain.save(update_fields=["active"])
    response = send_encrypted(device("rcst.clerk"), {**sealed, "manifest": manifest})
    assert response.status_code == 400 and "is not encrypted" in response.content.decode()
    assert not EncryptedSubmission.objects.filter(instance_id=instance_id).exists()
