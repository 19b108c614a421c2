"""Which area the contamination figures add up: the one measured from polygons, or the one recorded.

A legacy import keeps the area the earlier system recorded (`HazardArea.recorded_area_m2`) beside
the one measured from the polygon. The centre chooses which its figures use (one settings row);
with "recorded", a hazard counts its recorded area while its state is the one the import made
(the state's cause is the import), and the measured area once land release or an edit changed it,
since the recorded figure then no longer describes what is left. Each figure says which it used.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Case, F, FloatField, Sum, When
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.errors import ActionError
from minefree.core.permissions import Action, Everyone, restriction
from minefree.hazards.models import AreaBasis, ContaminationSetting, HazardArea

IMPORT_CAUSE = "import_legacy"


def current() -> str:
    found = ContaminationSetting.objects.filter(pk=1).values_list("area_basis", flat=True).first()
    return found or AreaBasis.COMPUTED.value


def state_area(basis: str | None = None) -> Any:
    """The expression a HazardAreaState's area is summed by, under `basis` (default: the centre's choice)."""
    if (basis or current()) != AreaBasis.RECORDED:
        return F("area_m2")
    return Case(
        When(cause=IMPORT_CAUSE, hazard__recorded_area_m2__isnull=False, then=F("hazard__recorded_area_m2")),
        default=F("area_m2"),
        output_field=FloatField(),
    )


def area_sum(basis: str | None = None) -> Sum:
    return Sum(state_area(basis))


def described(basis: str | None = None) -> dict[str, str]:
    """What a report prints about its areas: {"code": ..., "label": "Areas: ..."}."""
    code = basis or current()
    label = AreaBasis(code).label
    return {"code": code, "label": _("Areas: %(basis)s.") % {"basis": label}}


def may_choose(user: Any) -> bool:
    """National editors (who may change every hazardous area) choose it."""
    return restriction(user, Action.CHANGE, HazardArea) == Everyone


@transaction.atomic
def set_area_basis(user: Any, basis: str) -> ContaminationSetting:
    from django.core.exceptions import PermissionDenied

    if not may_choose(user):
        raise PermissionDenied(_("Only national editors choose which area the figures use."))
    if basis not in AreaBasis.values:
        raise ActionError(_("Choose one of the offered areas."), field="area_basis")
    setting = ContaminationSetting.objects.select_for_update().filter(pk=1).first()
    before = audit.snapshot(setting) if setting else None
    setting = setting or ContaminationSetting(pk=1)
    setting.area_basis = basis
    setting.updated_by = user
    setting.save()
    audit.record(user, "set_area_basis", setting, before, audit.snapshot(setting))
    return setting
