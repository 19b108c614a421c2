"""XLSForms compiled by pyxform into XForms, and the forms bundled with MineFree."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from pyxform.errors import PyXFormError
from pyxform.xls2xform import convert

from minefree.core import audit
from minefree.core.errors import ActionError
from minefree.fieldcollection import encryption
from minefree.fieldcollection.models import CentreKey, XForm
from minefree.fieldcollection.xlsform_rows import complete
from minefree.fieldwork.declare import personal_kinds
from minefree.fieldwork.payload import KINDS

BUNDLED = Path(__file__).resolve().parent / "xlsforms"
PREFIX = "minefree_"


def compile_xlsform(source: str | bytes, file_type: str = ".md") -> dict[str, str]:
    """form_id, version, title and XForm XML of an XLSForm (.md text or .xlsx bytes), or ActionError."""
    try:
        result = convert(
            xlsform=io.BytesIO(source) if isinstance(source, bytes) else source, file_type=file_type, warnings=[]
        )
    except (PyXFormError, ValueError, KeyError, OSError) as exc:
        raise ActionError(_("The XLSForm does not compile: %(reason)s") % {"reason": exc}, field="source") from exc
    xml = result.xform
    match = re.search(r'<data id="([^"]+)"(?: version="([^"]*)")?', xml)
    title = re.search(r"<h:title>(.*?)</h:title>", xml)
    if not match or not match.group(2):
        raise ActionError(_("The XLSForm needs form_id and version in its settings sheet."), field="source")
    form_id = match.group(1)
    kind = form_id.removeprefix(PREFIX)
    if not form_id.startswith(PREFIX) or kind not in KINDS:
        raise ActionError(
            _("form_id must be %(prefix)s followed by a report kind (%(kinds)s).")
            % {"prefix": PREFIX, "kinds": ", ".join(sorted(KINDS))},
            field="source",
        )
    return {
        "form_id": form_id,
        "version": match.group(2),
        "kind": kind,
        "title": title.group(1) if title else form_id,
        "xml": xml,
    }


@transaction.atomic
def publish(user: Any, source: str | bytes, file_type: str = ".md") -> XForm:
    """A new version of a form; older versions stay for reading what was sent with them."""
    compiled = compile_xlsform(source, file_type)
    if XForm.objects.filter(form_id=compiled["form_id"], version=compiled["version"]).exists():
        raise ActionError(
            _("Version %(v)s of %(f)s exists; raise the version in the settings sheet.")
            % {"v": compiled["version"], "f": compiled["form_id"]},
            field="source",
        )
    stored = base64.b64encode(source).decode("ascii") if isinstance(source, bytes) else source
    form = XForm.objects.create(
        source=stored,
        source_format=file_type.lstrip("."),
        md5=hashlib.md5(compiled["xml"].encode()).hexdigest(),
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
        **compiled,
    )
    audit.record(user, "publish_form", form, None, {"form_id": form.form_id, "version": form.version})
    return form


def bundled_source(kind: str, key: CentreKey | None = None) -> str:
    """A bundled form's XLSForm: its file, with the declared questions it does not lay out itself;
    a personal kind's (victim) carries `key`, the centre's public key, when there is one."""
    text = (BUNDLED / f"{kind}.md").read_text(encoding="utf-8")
    text = complete(text, KINDS[kind]) if kind in KINDS else text
    return encryption.with_public_key(text, key) if key is not None and kind in personal_kinds() else text


@transaction.atomic
def encrypt_personal_forms(user: Any) -> list[XForm]:
    """After a new centre key: the personal forms' encrypting versions, and the earlier versions
    retired, so a phone with an older one is told to download the forms again instead of sending
    personal answers unencrypted."""
    made = install_bundled_forms()
    for kind in personal_kinds():
        newest = current(PREFIX + kind)
        if newest is None:
            continue
        for old in XForm.objects.filter(form_id=PREFIX + kind, active=True).exclude(pk=newest.pk):
            set_active(user, old, False)
    return made


def install_bundled_forms() -> list[XForm]:
    """Publish the XLSForms shipped in the repository that the database does not have yet."""
    made = []
    key = encryption.current_key()
    for path in sorted(BUNDLED.glob("*.md")):
        source = bundled_source(path.stem, key)
        compiled = compile_xlsform(source)
        if not XForm.objects.filter(form_id=compiled["form_id"], version=compiled["version"]).exists():
            made.append(publish(None, source))
    return made


@transaction.atomic
def set_active(user: Any, form: XForm, active: bool) -> XForm:
    """Retire a version (new submissions refused, old ones kept) or bring it back."""
    before = {"active": form.active}
    form.active = active
    form.save(update_fields=["active"])
    audit.record(user, "activate_form" if active else "retire_form", form, before, {"active": active})
    return form


def current(form_id: str) -> XForm | None:
    return XForm.objects.filter(form_id=form_id, active=True).order_by("-uploaded_at", "-id").first()
