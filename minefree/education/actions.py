"""Named action for risk education sessions: the total must equal the sum of its parts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.dates import check_day
from minefree.core.errors import ActionError
from minefree.core.permissions import assert_may_add
from minefree.core.references import next_reference
from minefree.education.models import BENEFICIARY_FIELDS, EoreSession
from minefree.gazetteer.models import AdminArea
from minefree.organisations.models import Organisation


def check_total(counts: dict[str, int], total: int) -> None:
    """The message a form and an API show when the parts and the total disagree."""
    parts = sum(counts[name] for name in BENEFICIARY_FIELDS)
    if parts != total:
        raise ActionError(
            _("The total (%(total)s) is not the sum of girls, boys, women and men (%(sum)s).")
            % {"total": total, "sum": parts},
            field="total",
        )


@transaction.atomic
def record_session(
    user: Any,
    *,
    organisation: Organisation,
    date: dt.date,
    admin_area: AdminArea,
    girls: int,
    boys: int,
    women: int,
    men: int,
    total: int,
    **details: Any,
) -> EoreSession:
    """A session with its counts checked; `details` are its other fields (place, facilitator, audience,
    method, grouping, materials, location, ...) as the report's questions read them, so a field added
    to the model passes through with no change here."""
    assert_may_add(user, EoreSession, organisation.pk, admin_area)
    check_day(date, "date")
    counts = {"girls": girls, "boys": boys, "women": women, "men": men}
    if any(v < 0 for v in counts.values()):
        raise ActionError(_("Beneficiary numbers cannot be negative."), field="total")
    check_total(counts, total)
    session = EoreSession.objects.create(
        reference=next_reference(EoreSession, f"{admin_area.country.code}-EORE-"),
        organisation=organisation,
        date=date,
        admin_area=admin_area,
        total=total,
        **counts,
        **details,
    )
    audit.record(user, "record_session", session, None, audit.snapshot(session))
    return session
