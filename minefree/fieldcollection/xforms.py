"""XLSForms compiled by pyxform into XForms, and the forms bundled with MineFree."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import secrets
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from pyxform.errors import PyXFormError
from pyxform.xls2json_backends import md_to_dict, xlsx_to_dict
from pyxform.xls2xform import convert

from minefree.core import audit
from minefree.core.errors import ActionError
from minefree.fieldcollection import encryption
from minefree.fieldcollection import media as lists
from minefree.fieldcollection.models import CentreKey, XForm
from minefree.fieldcollection.xlsform_rows import complete
from minefree.fieldwork.declare import KINDS as DECLARED
from minefree.fieldwork.declare import personal_kinds
from minefree.fieldwork.payload import KINDS
from minefree.fieldwork.xlsform_match import Mismatch, check

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


def _key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def upload_draft(user: Any, source: str | bytes, file_type: str = ".md") -> tuple[XForm, str]:
    """A new version as a draft, served only at its test URL; returns it and the URL's key (shown once)."""
    compiled = compile_xlsform(source, file_type)
    if XForm.objects.filter(form_id=compiled["form_id"], version=compiled["version"]).exists():
        raise ActionError(
            _("Version %(v)s of %(f)s exists; raise the version in the settings sheet.")
            % {"v": compiled["version"], "f": compiled["form_id"]},
            field="source",
        )
    key = secrets.token_urlsafe(24)
    stored = base64.b64encode(source).decode("ascii") if isinstance(source, bytes) else source
    form = XForm.objects.create(
        source=stored,
        source_format=file_type.lstrip("."),
        md5=hashlib.md5(compiled["xml"].encode()).hexdigest(),
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
        state="draft",
        active=False,  # never in the phones' form list, never taken at /openrosa/submission
        draft_key_sha256=_key_digest(key),
        **compiled,
    )
    audit.record(user, "upload_form_draft", form, None, {"form_id": form.form_id, "version": form.version})
    return form, key


@transaction.atomic
def new_draft_key(user: Any, form: XForm) -> str:
    """Another test URL for a draft (the first is shown only once); the old one stops working."""
    _draft(form)
    key = secrets.token_urlsafe(24)
    form.draft_key_sha256 = _key_digest(key)
    form.save(update_fields=["draft_key_sha256"])
    audit.record(user, "new_form_draft_key", form, None, {"form_id": form.form_id, "version": form.version})
    return key


def by_draft_key(key: str) -> XForm | None:
    return XForm.objects.filter(state="draft", draft_key_sha256=_key_digest(key)).exclude(draft_key_sha256="").first()


def sheets_of(form: XForm) -> dict[str, Any]:
    """pyxform's sheets of the form's XLSForm, as uploaded."""
    if form.source_format == "xlsx":
        return xlsx_to_dict(io.BytesIO(base64.b64decode(form.source)))
    return md_to_dict(form.source)


def check_against_declaration(form: XForm) -> list[Mismatch]:
    """The questions whose answers cannot become a report of the form's kind (empty: it may go live)."""
    return [m for m in check(DECLARED[form.kind], sheets_of(form), files=set(lists.FILES)) if m.blocking]


def _draft(form: XForm) -> None:
    if form.state != "draft":
        raise ActionError(_("%(f)s %(v)s is not a draft.") % {"f": form.form_id, "v": form.version}, field="form")


@transaction.atomic
def publish_draft(user: Any, form: XForm) -> XForm:
    """The draft goes live for every phone, if its answers can become its kind's report; else
    ActionError naming each question, and nothing changes. Its test submissions go."""
    form = XForm.objects.select_for_update().get(pk=form.pk)
    _draft(form)
    problems = check_against_declaration(form)
    if problems:
        errors: dict[str, list[str]] = {}
        for problem in problems:
            errors.setdefault(problem.question, []).append(problem.reason)
        raise ActionError(errors)
    form.test_submissions.all().delete()
    form.state, form.active, form.draft_key_sha256 = "published", True, ""
    form.save(update_fields=["state", "active", "draft_key_sha256"])
    audit.record(user, "publish_form", form, {"state": "draft"}, {"form_id": form.form_id, "version": form.version})
    return form


@transaction.atomic
def discard_draft(user: Any, form: XForm) -> None:
    """A draft and its test submissions go; a published version is never deleted."""
    _draft(form)
    audit.record(user, "discard_form_draft", form, {"form_id": form.form_id, "version": form.version}, None)
    form.test_submissions.all().delete()
    form.delete()


def publish(user: Any, source: str | bytes, file_type: str = ".md") -> XForm:
    """A new version straight to the phones, through the same check as a draft (the bundled forms)."""
    with transaction.atomic():
        form, _key = upload_draft(user, source, file_type)
        return publish_draft(user, form)


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
    """Retire a version (new submissions refused, old ones kept) or bring it back; a draft is published."""
    _published(form)
    before = {"active": form.active}
    form.active = active
    form.save(update_fields=["active"])
    audit.record(user, "activate_form" if active else "retire_form", form, before, {"active": active})
    return form


def _published(form: XForm) -> None:
    if form.state == "draft":
        raise ActionError(_("A draft goes live only by Publish, which checks it first."), field="form")


def current(form_id: str) -> XForm | None:
    return XForm.objects.filter(form_id=form_id, active=True).order_by("-uploaded_at", "-id").first()
