import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from minefree.core.errors import ActionError
from minefree.fieldwork import actions as reports
from minefree.funding import actions
from minefree.organisations.models import Organisation


def org(acronym):
    return Organisation.objects.get(acronym=acronym)


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "-5", "0", "1e15"])
def test_impossible_amounts_are_named(user, amount):
    with pytest.raises(ActionError) as caught:
        actions.record_funding(
            user("tnmac.im"),
            donor=org("NOR"),
            recipient=org("NPA"),
            year=2025,
            project="X",
            pillar="clearance",
            amount_usd=Decimal(amount),
        )
    assert "amount_usd" in caught.value.errors


def test_only_donors_give_and_only_the_nmac_records_directly(user):
    with pytest.raises(ActionError, match="not a donor"):
        actions.record_funding(
            user("tnmac.im"),
            donor=org("NPA"),
            recipient=org("FSD"),
            year=2025,
            project="X",
            pillar="clearance",
            amount_usd=Decimal(10),
        )
    with pytest.raises(PermissionDenied):
        actions.record_funding(
            user("npa.clerk"),
            donor=org("NOR"),
            recipient=org("NPA"),
            year=2025,
            project="X",
            pillar="clearance",
            amount_usd=Decimal(10),
        )


def test_a_bad_amount_in_a_report_is_named_at_submission(user):
    clerk = user("npa.clerk")
    report, _ = reports.save_report(
        clerk,
        kind="funding",
        organisation=org("NPA"),
        client_id="f-nan",
        date_of_information=dt.date(2025, 1, 1),
        payload={"donor": "NOR", "year": 2025, "project": "P", "pillar": "clearance", "amount_usd": "NaN"},
    )
    with pytest.raises(ActionError) as caught:
        reports.submit_report(clerk, report)
    assert "amount_usd" in caught.value.errors
