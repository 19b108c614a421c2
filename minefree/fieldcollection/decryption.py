"""A key holder decrypts a waiting encrypted submission: in memory, then the path every clear
submission takes (a report whose personal answers are sealed), all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.errors import ActionError
from minefree.fieldcollection import encryption, instance, openrosa
from minefree.fieldcollection.models import CentreKey, EncryptedSubmission
from minefree.fieldwork.models import FieldReport


def _keys(passphrase: str) -> list[Any]:
    """The private keys this passphrase opens (a centre may have made a new key since the phone
    downloaded the form); a clear error when it opens none."""
    opened = []
    for key in CentreKey.objects.all():
        try:
            opened.append(encryption.private_key(key, passphrase))
        except ActionError:
            continue
    if not opened:
        raise ActionError(_("The passphrase is not the one of the centre's key."), field="passphrase")
    return opened


def _sender(envelope: EncryptedSubmission) -> HttpRequest:
    """The request the phone made, as the clear path reads it: who sent it, through which device."""
    request = HttpRequest()
    request.user = envelope.user
    setattr(request, openrosa.DEVICE, envelope.device)
    return request


def decrypt(holder: Any, envelope: EncryptedSubmission, passphrase: str) -> FieldReport:
    """The envelope's report, made as its sender would have made it; ActionError (nothing written)
    for a wrong passphrase, a submission that does not open, or answers the report refuses."""
    private_keys = _keys(passphrase)
    files = {}
    for name, path in envelope.files.items():
        with default_storage.open(path, "rb") as handle:
            files[name] = handle.read()
    manifest = instance.parse(envelope.manifest.encode("utf-8"))
    failure: ActionError | None = None
    for private in private_keys:
        try:
            xml, media = encryption.open_submission(private, manifest, envelope.instance_id, files)
            break
        except ActionError as exc:
            failure = exc
    else:
        assert failure is not None
        raise failure
    root = instance.parse(xml)
    meta = instance.meta(root)
    if root.get("id") != envelope.form.form_id or meta.get("instanceID") != envelope.instance_id:
        raise ActionError(_("The decrypted submission is not the one its manifest announces."))
    saved: list[str] = []
    try:
        with transaction.atomic():
            # Two key holders on the same registration: the second finds it gone, and writes nothing.
            if not EncryptedSubmission.objects.select_for_update().filter(pk=envelope.pk).exists():
                raise ActionError(_("This submission was decrypted meanwhile."))
            report = openrosa._store(
                _sender(envelope),
                envelope.form,
                root,
                meta,
                SimpleUploadedFile("submission.xml", xml, "text/xml"),
                saved,
                instance.digest(root),
                [SimpleUploadedFile(name, data) for name, data in media.items()],
            )
            audit.record(holder, "decrypt_submission", report, None, {"instance": envelope.instance_id})
            envelope.delete()
    except PermissionDenied as exc:
        openrosa._discard(saved)
        raise ActionError(_("%(user)s may not send this report.") % {"user": envelope.user}) from exc
    except (openrosa.StoredMeanwhile, IntegrityError) as exc:
        openrosa._discard(saved)
        raise ActionError(_("This submission was decrypted meanwhile.")) from exc
    except openrosa.StaleEdit as stale:
        openrosa._discard(saved)
        raise ActionError(stale.message) from stale
    except BaseException:
        openrosa._discard(saved)
        raise
    kept = list(envelope.files.values())
    transaction.on_commit(lambda: _delete(kept))
    return report


def _delete(paths: list[str]) -> None:
    for path in paths:
        default_storage.delete(path)
