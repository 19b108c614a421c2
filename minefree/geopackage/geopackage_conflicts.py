"""A field edit made on an older version of an area: the reviewer compares and acknowledges, then approves.

Nothing is overwritten silently: approval of such a report is refused (through the approval check
registered with fieldwork) until a reviewer has acknowledged the conflict at the server's current
version. A further change on the server after the acknowledgement asks for a new one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.errors import ActionError
from minefree.core.permissions import Action
from minefree.fieldwork.models import FieldReport
from minefree.geopackage.models import ImportedChange


def refuse_unacknowledged_conflict(report: FieldReport) -> None:
    """Approval check: a report from a GeoPackage edit of an area changed since needs acknowledging."""
    change = ImportedChange.objects.filter(report=report).select_related("hazard", "source__export").first()
    if change is None or change.acknowledged:
        return
    raise ActionError(
        {
            "conflict": [
                _(
                    "%(area)s changed on the server since GeoPackage export %(export)s: the field team edited "
                    "version %(old)s, the national record is at version %(new)s. Compare both on %(url)s and "
                    "acknowledge the conflict before approving."
                )
                % {
                    "area": change.hazard,
                    "export": change.source.export,
                    "old": change.exported_version,
                    "new": change.conflict_version(),
                    "url": reverse("geopackage:import", args=[change.source_id]),
                }
            ]
        }
    )


@transaction.atomic
def acknowledge_conflict(user: Any, change: ImportedChange) -> ImportedChange:
    """The reviewer saw the server's and the field's version and accepts reviewing the field's."""
    if not FieldReport.objects.restrict(user, Action.REVIEW).filter(pk=change.report_id).exists():
        raise PermissionDenied(_("Only a reviewer of this submitted report acknowledges its conflict."))
    change = ImportedChange.objects.select_for_update().get(pk=change.pk)
    current = change.conflict_version()
    if current is None:
        raise ActionError(_("This change is not in conflict with the national record."), field="conflict")
    before = {"acknowledged_version": change.acknowledged_version}
    change.acknowledged_by = user
    change.acknowledged_at = timezone.now()
    change.acknowledged_version = current
    change.save(update_fields=["acknowledged_by", "acknowledged_at", "acknowledged_version"])
    audit.record(
        user,
        "acknowledge_geopackage_conflict",
        change.report,
        before,
        {"acknowledged_version": current, "exported_version": change.exported_version},
    )
    return change
