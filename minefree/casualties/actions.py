"""Named actions for accidents and casualties: atomic, permission-checked, audited."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils.translation import gettext as _

from minefree.casualties.models import Accident, Casualty, age_group
from minefree.core import audit
from minefree.core.crypto import seal, unseal_value
from minefree.core.dates import check_day
from minefree.core.errors import ActionError
from minefree.core.permissions import assert_may_add
from minefree.core.references import next_reference
from minefree.gazetteer.models import AdminArea
from minefree.hazards.models import HazardArea
from minefree.organisations.models import Organisation

EVIDENCE_TYPES = ("physical", "witness", "documentary")


def _injuries(value: Any) -> str:
    """Injury text as given (sealed already in a field report's content, or in clear), at most 200 characters."""
    value = unseal_value(value)
    if value is None:
        return ""
    return (value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))[:200]


def check_casualties(kind: str, casualties: list[dict[str, Any]]) -> list[Casualty]:
    errors: dict[str, list[str]] = {}
    rows: list[Casualty] = []
    if not casualties:
        errors["casualties"] = [_("An accident has at least one casualty.")]
    for n, item in enumerate(casualties, start=1):
        key = f"casualties.{n}"
        sex, outcome = item.get("sex"), item.get("outcome")
        age = item.get("age")
        if sex not in Casualty.Sex.values:
            errors.setdefault(key, []).append(_("Casualty %(n)s: sex must be female or male.") % {"n": n})
        if outcome not in Casualty.Outcome.values:
            errors.setdefault(key, []).append(_("Casualty %(n)s: outcome must be killed or injured.") % {"n": n})
        if age is not None and (not isinstance(age, int) or not 0 <= age <= 120):
            errors.setdefault(key, []).append(_("Casualty %(n)s: age must be a whole number 0-120.") % {"n": n})
            age = None
        deminer = bool(item.get("deminer"))
        if deminer and kind != Accident.Kind.DEMINING:
            errors.setdefault(key, []).append(
                _("Casualty %(n)s is a deminer, so the accident is a demining accident.") % {"n": n}
            )
        rows.append(
            Casualty(
                sex=sex or "",
                age=age,
                outcome=outcome or "",
                deminer=deminer,
                injuries_sealed=seal(_injuries(item.get("injuries"))),
                group=age_group(sex or "", age, item.get("adult")),
            )
        )
    if errors:
        raise ActionError(errors)
    return rows


@transaction.atomic
def record_accident(
    user: Any,
    *,
    organisation: Organisation,
    kind: str,
    date: dt.date,
    admin_area: AdminArea,
    activity_at_time: str,
    casualties: list[dict[str, Any]],
    location: Point | None = None,
    device: str = "",
    hazard: HazardArea | None = None,
    evidence: list[dict[str, str]] | None = None,
    findings: str = "",
    corrective_actions: str = "",
) -> Accident:
    assert_may_add(user, Accident, organisation.pk, admin_area)
    check_day(date, "date")
    if kind not in Accident.Kind.values:
        raise ActionError(_("Choose civilian or demining."), field="kind")
    if activity_at_time not in Accident.ActivityAtTime.values:
        raise ActionError(_("Unknown activity at the time of the accident."), field="activity_at_time")
    for item in evidence or []:
        if item.get("type") not in EVIDENCE_TYPES:
            raise ActionError(_("Evidence is physical, witness or documentary."), field="evidence")
    rows = check_casualties(kind, casualties)
    accident = Accident.objects.create(
        reference=next_reference(Accident, f"{admin_area.country.code}-ACC-"),
        kind=kind,
        date=date,
        country=admin_area.country,
        admin_area=admin_area,
        location=location,
        device=device,
        activity_at_time=activity_at_time,
        hazard=hazard,
        organisation=organisation,
        evidence=evidence or [],
        findings=findings,
        corrective_actions=corrective_actions,
    )
    for row in rows:
        row.accident = accident
    Casualty.objects.bulk_create(rows)
    # The log keeps who was hurt and how badly, never the sealed medical detail, not even as ciphertext.
    people = [{k: v for k, v in audit.snapshot(r).items() if k not in Casualty.SEALED} for r in rows]
    after = audit.snapshot(accident) | {"casualties": people}
    audit.record(user, "record_accident", accident, None, after)
    return accident
