"""ODK Collect's side of form encryption, written from the ODK XForms encryption spec: what the
phone sends when the form carries base64RsaPublicKey."""

from __future__ import annotations

import base64
import hashlib
import os
from typing import Any

from cryptography.hazmat.decrepit.ciphers.modes import CFB
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import MGF1, OAEP
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from minefree.fieldcollection.tests.collect import XF, Form

OAEP_SHA256 = OAEP(mgf=MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def public_key(form: Form) -> rsa.RSAPublicKey:
    submission = form.root.find(f".//{XF}submission")
    assert submission is not None, f"{form.form_id} has no <submission>: it is not encrypted"
    loaded = serialization.load_der_public_key(base64.b64decode(submission.attrib["base64RsaPublicKey"]))
    assert isinstance(loaded, rsa.RSAPublicKey)
    return loaded


def _encrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    padder = padding.PKCS7(128).padder()
    padded = padder.update(data) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), CFB(iv)).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


def encrypt(form: Form, instance_id: str, xml: bytes, media: dict[str, bytes] | None = None) -> dict[str, Any]:
    """The manifest and the encrypted files, as Collect makes them: media first, then submission.xml,
    each with the next IV of the md5(instanceID + key) seed; a signature over the clear files."""
    media = media or {}
    public = public_key(form)
    aes_key = os.urandom(32)
    encrypted_key = base64.b64encode(public.encrypt(aes_key, OAEP_SHA256)).decode("ascii")
    seed = bytearray(hashlib.md5(instance_id.encode("utf-8") + aes_key).digest())
    files: dict[str, bytes] = {}
    signed = []
    for n, (name, data) in enumerate([*media.items(), ("submission.xml", xml)]):
        seed[n % 16] = (seed[n % 16] + 1) % 256
        files[f"{name}.enc"] = _encrypt(aes_key, bytes(seed), data)
        signed.append(f"{name}::{hashlib.md5(data).hexdigest()}")
    root = form.primary()
    version = root.attrib.get("version", "")
    text = "\n".join([form.form_id, *([version] if version else []), encrypted_key, instance_id, *signed]) + "\n"
    signature = base64.b64encode(public.encrypt(hashlib.md5(text.encode()).digest(), OAEP_SHA256)).decode()
    version_attr = f' version="{version}"' if version else ""
    media_xml = "".join(f"<media><file>{name}.enc</file></media>" for name in media)
    manifest = (
        f'<data xmlns="http://opendatakit.org/submissions" id="{form.form_id}" encrypted="yes"{version_attr}>'
        f"<base64EncryptedKey>{encrypted_key}</base64EncryptedKey>"
        '<meta xmlns="http://openrosa.org/xforms">'
        f"<instanceID>{instance_id}</instanceID></meta>{media_xml}"
        "<encryptedXmlFile>submission.xml.enc</encryptedXmlFile>"
        f"<base64EncryptedElementSignature>{signature}</base64EncryptedElementSignature></data>"
    )
    return {"manifest": manifest.encode(), "files": files}


def send_encrypted(client: Client, sealed: dict[str, Any], server: str = "/openrosa") -> Any:
    """HEAD, then the multipart POST: the manifest as xml_submission_file, each .enc file a part."""
    head = client.head(f"{server}/submission")
    assert head.status_code == 204
    parts: dict[str, Any] = {
        "xml_submission_file": SimpleUploadedFile("submission.xml", sealed["manifest"], "text/xml")
    }
    for name, data in sealed["files"].items():
        parts[name] = SimpleUploadedFile(name, data, "application/octet-stream")
    return client.post(f"{server}/submission", parts)
