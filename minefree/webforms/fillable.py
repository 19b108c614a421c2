"""Which forms a user may fill in the browser: the same ones the OpenRosa form list offers them."""

from __future__ import annotations

from typing import Any

from minefree.core.permissions import Capability, DataClass, has
from minefree.fieldcollection import media as lists
from minefree.fieldcollection import xforms
from minefree.fieldcollection.models import XForm
from minefree.fieldwork.declare import KINDS, personal_kinds


def _sends(user: Any, kind: str) -> bool:
    # As openrosa.form_list: a personal kind (victim) only under a grant that holds personal data.
    return kind not in personal_kinds() or has(user, Capability.WRITE_REPORTS, DataClass.PERSONAL)


def fillable(user: Any) -> list[XForm]:
    """The current version of each active form, for a user who sends reports for an organisation."""
    if lists.writer_organisation(user) is None:
        return []
    current: dict[str, XForm] = {}
    for form in XForm.objects.filter(active=True).order_by("form_id", "-uploaded_at", "-id"):
        current.setdefault(form.form_id, form)
    return [form for form in current.values() if _sends(user, form.kind)]


def form_for(user: Any, form_id: str) -> XForm | None:
    """The form a user may fill under this id, else None (the page answers 404, naming nothing)."""
    form = xforms.current(form_id)
    if form is None or lists.writer_organisation(user) is None or not _sends(user, form.kind):
        return None
    return form


def title(form: XForm) -> Any:
    """The report kind's name in the reader's language; the XForm's own title is in English only."""
    kind = KINDS.get(form.kind)
    return kind.label if kind is not None else form.title
