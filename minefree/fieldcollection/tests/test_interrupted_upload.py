"""An upload cut off in the middle leaves nothing behind, and succeeds when the device sends it again.

Against the real HTTP server: the connection drops after part of the multipart body, as it does
when a team loses the signal on a pass.
"""

from __future__ import annotations

import base64
import http.client
import socket
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from minefree.conftest import PASSWORD
from minefree.fieldcollection.models import Attachment, Submission, SubmissionError
from minefree.fieldcollection.tests.collect import device, download, send
from minefree.fieldcollection.tests.test_openrosa import RING
from minefree.fieldwork.models import FieldReport

ANSWERS = {
    "date": "2025-07-01",
    "admin_area": "TJ-SU-GFR",
    "classification": "SHA",
    "contamination": "ap_mines",
    "geometry": RING,
    "photo": "field.jpg",
}
PHOTO = b"\xff\xd8\xff" + bytes(range(256)) * 800  # about 200 KB


def multipart(xml: bytes) -> tuple[str, bytes]:
    boundary = uuid.uuid4().hex
    parts = [
        (b'name="xml_submission_file"; filename="submission.xml"', b"text/xml", xml),
        (b'name="field.jpg"; filename="field.jpg"', b"image/jpeg", PHOTO),
    ]
    body = b""
    for disposition, kind, content in parts:
        body += b"--" + boundary.encode() + b"\r\nContent-Disposition: form-data; " + disposition
        body += b"\r\nContent-Type: " + kind + b"\r\n\r\n" + content + b"\r\n"
    body += b"--" + boundary.encode() + b"--\r\n"
    return boundary, body


def headers(boundary: str, length: int) -> dict[str, str]:
    token = base64.b64encode(f"npa.clerk:{PASSWORD}".encode()).decode()
    return {
        "Authorization": f"Basic {token}",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Content-Length": str(length),
        "X-OpenRosa-Version": "1.0",
    }


def stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "submissions"
    return set(root.rglob("*")) if root.exists() else set()


def nothing_kept(instance_id: str) -> bool:
    return (
        not Submission.objects.filter(instance_id=instance_id).exists()
        and not FieldReport.objects.filter(client_id=instance_id).exists()
        and not Attachment.objects.filter(submission__instance_id=instance_id).exists()
    )


def test_a_body_cut_off_midway_stores_nothing_and_the_resend_succeeds(server, django_db_blocker):
    with django_db_blocker.unblock():
        instance_id, xml = download(device(), "minefree_hazard").fill(ANSWERS | {"name": f"Cut {uuid.uuid4().hex[:6]}"})
    boundary, body = multipart(xml)
    files_before = stored_files()
    url = urlparse(server)

    with socket.create_connection((url.hostname, url.port), timeout=30) as sock:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers(boundary, len(body)).items())
        sock.sendall(f"POST /openrosa/submission HTTP/1.1\r\nHost: {url.netloc}\r\n{head}\r\n".encode())
        sock.sendall(body[: len(body) * 2 // 3])  # the XML and a third of the photo never arrive whole
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert b" 400 " in answer.split(b"\r\n", 1)[0] and b"cut off" in answer

    with django_db_blocker.unblock():
        assert nothing_kept(instance_id)
        assert SubmissionError.objects.filter(status=400, message__contains="cut off").exists()
    assert stored_files() == files_before

    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    connection.request("POST", "/openrosa/submission", body=body, headers=headers(boundary, len(body)))
    response = connection.getresponse()
    assert response.status == 201, response.read()
    with django_db_blocker.unblock():
        attachment = Attachment.objects.get(submission__instance_id=instance_id)
        assert attachment.size == len(PHOTO) and attachment.file.read() == PHOTO
        assert FieldReport.objects.get(client_id=instance_id).state == "submitted"


def test_storage_failing_midway_leaves_no_row_and_no_file(db, monkeypatch):
    instance_id, xml = download(device(), "minefree_hazard").fill(ANSWERS | {"name": "Storage failure"})
    real_save = FileSystemStorage.save
    calls: list[str] = []

    def save(storage: FileSystemStorage, name: str, content: Any, *args: Any, **kwargs: Any) -> str:
        calls.append(real_save(storage, name, content, *args, **kwargs))
        return calls[-1]

    def fail(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")  # the photo is on disk, its row is not

    monkeypatch.setattr(FileSystemStorage, "save", save)
    monkeypatch.setattr(Attachment, "save", fail)
    photos = {"field.jpg": SimpleUploadedFile("field.jpg", PHOTO, "image/jpeg")}
    with pytest.raises(OSError):
        send(device(), xml, **photos)
    assert calls and not default_storage.exists(calls[0])  # the first photo, written, was removed
    assert nothing_kept(instance_id)
    monkeypatch.undo()
    photos = {"field.jpg": SimpleUploadedFile("field.jpg", PHOTO, "image/jpeg")}
    assert send(device(), xml, **photos).status_code == 201
