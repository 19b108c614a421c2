"""Two quality officers working from the same page: the second close, completion or new corrective
action on what the first just closed is refused (the row is read again under its lock), not applied
twice."""

import datetime as dt

import pytest

from minefree.core.errors import Conflict
from minefree.organisations.models import Organisation
from minefree.quality import actions
from minefree.quality.models import CorrectiveAction, NonConformity

D = dt.date


def finding_with_a_fix(qa):
    visit = actions.record_visit(
        qa,
        organisation=Organisation.objects.get(acronym="FSD"),
        visited_on=D(2025, 6, 1),
        result="major",
        findings="No medic on site",
    )
    finding = visit.non_conformities.get()
    fix = actions.plan_corrective_action(qa, finding, action="Medic posted", due_on=D(2025, 6, 15))
    return finding, fix


def test_a_corrective_action_completed_twice_from_the_same_page_is_done_once(user):
    qa = user("tnmac.qa")
    _finding, fix = finding_with_a_fix(qa)
    seen = CorrectiveAction.objects.get(pk=fix.pk)  # the second officer's copy, still open
    actions.complete_corrective_action(qa, fix, D(2025, 6, 10))
    with pytest.raises(Conflict, match="already done"):
        actions.complete_corrective_action(qa, seen, D(2025, 6, 12))
    assert CorrectiveAction.objects.get(pk=fix.pk).done_on == D(2025, 6, 10)


def test_a_non_conformity_closed_meanwhile_is_not_closed_again_nor_given_new_actions(user):
    qa = user("tnmac.qa")
    finding, fix = finding_with_a_fix(qa)
    actions.complete_corrective_action(qa, fix, D(2025, 6, 10))
    seen = NonConformity.objects.get(pk=finding.pk)  # open when the second officer read it
    actions.close_non_conformity(qa, finding, D(2025, 6, 20))
    with pytest.raises(Conflict, match="already closed"):
        actions.close_non_conformity(qa, seen, D(2025, 6, 25))
    with pytest.raises(Conflict, match="closed"):
        actions.plan_corrective_action(qa, seen, action="Another", due_on=D(2025, 7, 1))
    assert NonConformity.objects.get(pk=finding.pk).closed_on == D(2025, 6, 20)
    assert finding.corrective_actions.count() == 1
