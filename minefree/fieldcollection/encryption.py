"""OpenRosa form encryption (ODK XForms encryption spec): the centre's key pair, the public key in
the victim form, and opening what a phone encrypted with it.

A phone draws a random AES-256 key per submission, encrypts it with the form's RSA public key
(OAEP, SHA-256), encrypts each media file and then submission.xml with AES/CFB/PKCS#7, each file
with the next IV of a sequence seeded by md5(instanceID + AES key), and sends a manifest naming
them. The private key is stored encrypted with the key holders' passphrase: without it the server
holds only ciphertext.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree

from cryptography.hazmat.decrepit.ciphers.modes import CFB
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import MGF1, OAEP
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from django.db import transaction
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.errors import ActionError
from minefree.fieldcollection.models import CentreKey

MIN_PASSPHRASE = 12
# The spec's RSA/NONE/OAEPWithSHA256AndMGF1Padding (what Collect and Central use); older clients'
# Java default (MGF1 with SHA-1) is accepted when opening.
OAEP_SHA256 = OAEP(mgf=MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
OAEP_VARIANTS = (OAEP_SHA256, OAEP(mgf=MGF1(hashes.SHA1()), algorithm=hashes.SHA256(), label=None))


def current_key() -> CentreKey | None:
    return CentreKey.objects.first()


@transaction.atomic
def create_key(user: Any, passphrase: str) -> CentreKey:
    """A new key pair; the private half is kept only encrypted with `passphrase`."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise ActionError(
            _("The passphrase needs at least %(n)s characters.") % {"n": MIN_PASSPHRASE}, field="passphrase"
        )
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_der = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    key = CentreKey.objects.create(
        public_der_b64=base64.b64encode(public_der).decode("ascii"),
        private_pem=private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
        ).decode("ascii"),
        created_by=user,
    )
    audit.record(user, "create_form_key", key, None, {"created": str(key.created_at)})
    return key


def private_key(key: CentreKey, passphrase: str) -> rsa.RSAPrivateKey:
    try:
        loaded = serialization.load_pem_private_key(key.private_pem.encode("ascii"), passphrase.encode("utf-8"))
    except (ValueError, TypeError) as exc:
        raise ActionError(_("The passphrase is not the one of the centre's key."), field="passphrase") from exc
    assert isinstance(loaded, rsa.RSAPrivateKey)
    return loaded


def with_public_key(source: str, key: CentreKey) -> str:
    """An XLSForm (.md) whose settings sheet carries the public key, as a version of its own so
    phones download the encrypting form."""
    lines = source.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("| settings"))
    header, values = lines[start + 1], lines[start + 2]
    names = [c.strip() for c in header.strip().strip("|").split("|")]
    cells = [c.strip() for c in values.strip().strip("|").split("|")]
    at = names.index("version")
    cells[at] = f"{cells[at]}{key.pk:02d}"  # still a number, above the unencrypted version
    names.append("public_key")
    cells.append(key.public_der_b64)
    lines[start + 1] = "| " + " | ".join(names) + " |"
    lines[start + 2] = "| " + " | ".join(cells) + " |"
    return "\n".join(lines) + "\n"


def ivs(instance_id: str, aes_key: bytes) -> Iterator[bytes]:
    """The IV of each file in encryption order: the seed's byte (n mod 16) raised by one, cumulatively."""
    seed = bytearray(hashlib.md5(instance_id.encode("utf-8") + aes_key).digest())
    counter = 0
    while True:
        seed[counter % 16] = (seed[counter % 16] + 1) % 256
        counter += 1
        yield bytes(seed)


def _open_file(aes_key: bytes, iv: bytes, data: bytes) -> bytes:
    decryptor = Cipher(algorithms.AES(aes_key), CFB(iv)).decryptor()
    padded = decryptor.update(data) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError as exc:
        raise ActionError(_("An encrypted file does not decrypt with the submission's key.")) from exc


def _child(root: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    return [e for e in root.iter() if e.tag.split("}")[-1] == name]


def manifest_files(root: ElementTree.Element) -> tuple[list[str], str]:
    """The media files in encryption order, and the encrypted XML file, that a manifest names."""
    media = [(e.text or "").strip() for e in _child(root, "file")]
    xml = [(e.text or "").strip() for e in _child(root, "encryptedXmlFile")]
    if not xml or not xml[0]:
        raise ActionError(_("The encrypted submission names no encryptedXmlFile."))
    return media, xml[0]


def encrypted_key(root: ElementTree.Element) -> str:
    found = _child(root, "base64EncryptedKey")
    if not found or not (found[0].text or "").strip():
        raise ActionError(_("The encrypted submission has no base64EncryptedKey."))
    return (found[0].text or "").strip()


def open_submission(
    private: rsa.RSAPrivateKey, manifest: ElementTree.Element, instance_id: str, files: dict[str, bytes]
) -> tuple[bytes, dict[str, bytes]]:
    """(submission.xml, {media name: bytes}) in clear, in memory only; ActionError when it does not open."""
    sealed_key = base64.b64decode(encrypted_key(manifest))
    aes_key = b""
    for variant in OAEP_VARIANTS:
        try:
            aes_key = private.decrypt(sealed_key, variant)
            break
        except ValueError:
            continue
    if len(aes_key) != 32:
        raise ActionError(_("The submission's key was not encrypted with the centre's public key."))
    media, xml_name = manifest_files(manifest)
    sequence = ivs(instance_id, aes_key)
    opened: dict[str, bytes] = {}
    for name in [*media, xml_name]:
        if name not in files:
            raise ActionError(_("The encrypted file %(name)s was not received.") % {"name": name})
        opened[name] = _open_file(aes_key, next(sequence), files[name])
    xml = opened.pop(xml_name)
    return xml, {name.removesuffix(".enc"): data for name, data in opened.items()}
