"""Named action for funding records, entered by the NMAC from donor returns."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.errors import ActionError
from minefree.core.permissions import assert_may_add
from minefree.funding.models import Funding, Pillar
from minefree.organisations.models import Organisation


@transaction.atomic
def record_funding(
    user: Any,
    *,
    donor: Organisation,
    recipient: Organisation,
    year: int,
    project: str,
    pillar: str,
    amount_usd: Decimal,
) -> Funding:
    assert_may_add(user, Funding, recipient.pk)
    errors: dict[str, list[str]] = {}
    if donor.kind != Organisation.Kind.DONOR:
        errors["donor"] = [_("%(org)s is not a donor.") % {"org": donor}]
    if not amount_usd.is_finite() or amount_usd <= 0 or amount_usd >= Decimal("1e12"):
        errors["amount_usd"] = [_("The amount must be more than zero.")]
    if not 1990 <= year <= 2100:
        errors["year"] = [_("The year must be between 1990 and 2100.")]
    if pillar not in Pillar.values:
        errors["pillar"] = [_("Unknown pillar.")]
    if errors:
        raise ActionError(errors)
    funding = Funding.objects.create(
        donor=donor, recipient=recipient, year=year, project=project, pillar=pillar, amount_usd=amount_usd
    )
    audit.record(user, "record_funding", funding, None, audit.snapshot(funding))
    return funding
