"""Many field reports saved and submitted at once (a GeoPackage import), as `save_report` then
`submit_report` would do each: the same permission, grant and content checks, the same audit
entries and notifications, in a few queries per batch instead of some twenty per report.

A report's content is checked once, when its `Checked` draft is made (what saving and submitting
ask, in one reading), not again on writing: the content written is exactly the content checked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from minefree.core import audit
from minefree.core.bulk_rows import create_all
from minefree.core.dates import check_day
from minefree.core.errors import ActionError, Conflict
from minefree.core.permissions import Action, Capability, DataClass, organisations_with
from minefree.core.references import next_references
from minefree.fieldwork import payload as report_payload
from minefree.fieldwork.actions import _resent, _reviewers, notice
from minefree.fieldwork.declare import KINDS, personal_kinds
from minefree.fieldwork.models import FieldReport, Notification, report_area_id
from minefree.gazetteer.models import AdminArea
from minefree.hazards.checks import Districts
from minefree.organisations.models import Organisation

State = FieldReport.State
BATCH = 500  # reports per insert, and per `IN (...)` list


@dataclass(frozen=True)
class Checked:
    """A report's content that passed every save and submission check; only `check_draft` makes one."""

    report: FieldReport  # unsaved: kind, organisation, hazard, date and the payload as stored


def check_draft(
    *,
    kind: str,
    organisation: Organisation,
    date_of_information: dt.date,
    payload: dict[str, Any],
    hazard: Any = None,
    districts: Districts | None = None,
    polygons: dict[str, GEOSGeometry] | None = None,
) -> Checked:
    """The report as it would be saved, checked as saving and submitting check it; ActionError if not."""
    if kind not in KINDS:
        raise ActionError(_("Unknown report kind %(kind)s.") % {"kind": kind}, field="kind")
    check_day(date_of_information, "date_of_information")
    report = FieldReport(
        kind=kind,
        organisation=organisation,
        date_of_information=date_of_information,
        payload=report_payload.seal_payload(kind, payload),
        hazard=hazard,
    )
    report.geometry = report_payload.check_as_saved(report, districts, polygons)
    return Checked(report)


def _may_write(user: Any, organisation: Organisation, drafts: list[Checked]) -> None:
    for needed in {DataClass.PERSONAL if d.report.kind in personal_kinds() else DataClass.REPORTS for d in drafts}:
        if organisation.pk not in organisations_with(user, Capability.WRITE_REPORTS, needed):
            raise PermissionDenied(_("You do not write reports for %(org)s.") % {"org": organisation})


def _area_ids(reports: list[FieldReport]) -> None:
    """Each report's district as `FieldReport.save` finds it: its hazard's, the code it names, its polygon's."""
    codes = {r.payload.get("admin_area") for r in reports if r.hazard is None and isinstance(r.payload, dict)}
    by_code = dict(
        AdminArea.objects.filter(code__in=[c for c in codes if isinstance(c, str) and c]).values_list("code", "pk")
    )
    for report in reports:
        code = report.payload.get("admin_area") if isinstance(report.payload, dict) else None
        if report.hazard is not None:
            report.admin_area_id = report.hazard.admin_area_id
        elif isinstance(code, str) and code:
            report.admin_area_id = by_code.get(code)
        else:
            report.admin_area_id = report_area_id(None, report.payload, report.geometry)


def _within_grant(user: Any, reports: list[FieldReport]) -> None:
    """`save_report`'s and `submit_report`'s grant check (`restrict`, change), for the batch in one query."""
    allowed = set(
        FieldReport.objects.restrict(user, Action.CHANGE)
        .filter(pk__in=[r.pk for r in reports])
        .values_list("pk", flat=True)
    )
    for report in reports:
        if report.pk not in allowed:
            area = AdminArea.objects.filter(pk=report.admin_area_id or 0).first()
            if area is None:
                raise PermissionDenied(_("Your grant is limited to some admin areas; this report names none."))
            raise PermissionDenied(_("Your grant does not cover %(area)s.") % {"area": area})


def _notify_reviewers(reports: list[FieldReport]) -> None:
    """`submit_report`'s notice to each reviewer who may see the report, for the batch."""
    ids = [r.pk for r in reports]
    said = gettext_noop("%(ref)s was submitted by %(org)s.")
    values = {r.pk: {"ref": r.reference, "org": str(r.organisation)} for r in reports}
    notices = []
    for reviewer in _reviewers():
        seen = set(FieldReport.objects.restrict(reviewer, Action.VIEW).filter(pk__in=ids).values_list("pk", flat=True))
        # By id: the relation descriptors' checks cost more than the rest of each notice.
        notices += [notice(reviewer.pk, r.pk, said, values[r.pk]) for r in reports if r.pk in seen]
    create_all(Notification, notices)


def _save_and_submit(user: Any, organisation: Organisation, drafts: list[Checked], ids: list[str]) -> list[FieldReport]:
    prefix = f"{organisation.acronym.replace('/', '')}-FR-"
    reports = []
    for draft, client_id, reference in zip(drafts, ids, next_references(FieldReport, prefix, len(drafts)), strict=True):
        report = draft.report
        report.reference, report.author, report.client_id = reference, user, client_id
        reports.append(report)
    _area_ids(reports)
    create_all(FieldReport, reports)
    _within_grant(user, reports)
    saved = [audit.snapshot(r) for r in reports]
    audit.record_many(user, "save_report", [(r, None, after, "") for r, after in zip(reports, saved, strict=True)])
    # submit_report: the reports re-read under their row locks, still drafts, still the user's to change.
    locked = FieldReport.objects.select_for_update().filter(pk__in=[r.pk for r in reports]).values_list("pk", "state")
    moved = [pk for pk, state in locked if state not in FieldReport.EDITABLE]
    if moved:
        raise Conflict(_("A report changed while it was being submitted; nothing was changed."), field="state")
    now = timezone.now()
    before = saved  # nothing changed the drafts since they were saved: they were locked, and still drafts
    for report in reports:
        report.state, report.submitted_at, report.updated_at = State.SUBMITTED, now, now
        report.version += 1
    FieldReport.objects.filter(pk__in=[r.pk for r in reports]).update(
        state=State.SUBMITTED, submitted_at=now, updated_at=now, version=F("version") + 1
    )
    audit.record_many(
        user, "submit_report", [(r, b, audit.snapshot(r), "") for r, b in zip(reports, before, strict=True)]
    )
    _notify_reviewers(reports)
    return reports


@transaction.atomic
def save_and_submit(
    user: Any, organisation: Organisation, drafts: list[tuple[str, Checked]]
) -> list[tuple[FieldReport, bool]]:
    """Each (client id, checked draft) saved and submitted, or the report an earlier send made with
    that client id, unchanged (then False). The caller holds a lock that serialises senders of these
    client ids (a GeoPackage import locks its export), so the ids found here stay free until commit."""
    _may_write(user, organisation, [d for _id, d in drafts])
    existing: dict[str, FieldReport] = {}
    client_ids = [client_id for client_id, _draft in drafts]
    for start in range(0, len(client_ids), BATCH):
        found = FieldReport.objects.filter(organisation=organisation, client_id__in=client_ids[start : start + BATCH])
        existing.update((r.client_id, r) for r in found)
    fresh: dict[str, Checked] = {}
    for client_id, draft in drafts:
        if client_id not in existing:
            fresh.setdefault(client_id, draft)  # the same id twice in one send: one report, as resending does
    made: dict[str, FieldReport] = {}
    items = list(fresh.items())
    for start in range(0, len(items), BATCH):
        batch = items[start : start + BATCH]
        written = _save_and_submit(user, organisation, [d for _i, d in batch], [i for i, _d in batch])
        made.update((r.client_id, r) for r in written)
    results: list[tuple[FieldReport, bool]] = []
    returned: set[str] = set()
    for client_id, _draft in drafts:
        if client_id in made and client_id not in returned:
            returned.add(client_id)
            results.append((made[client_id], True))
        else:
            results.append((_resent(user, existing.get(client_id) or made[client_id]), False))
    return results
