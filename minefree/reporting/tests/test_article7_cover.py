"""The cover page's changed / unchanged marks follow the data and the NMAC's text between years."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from minefree.core.errors import ActionError
from minefree.core.models import AuditEntry
from minefree.funding.actions import record_funding
from minefree.hazards.models import HazardAreaState
from minefree.organisations.models import Organisation
from minefree.quality.actions import record_marking
from minefree.reporting.models import TreatyReport
from minefree.reporting.treaty import actions, build
from minefree.reporting.treaty.sources import Sources


def _marks(treaty: str, year: int) -> dict[str, str]:
    report = build.generate(Sources.national(), treaty, year)
    return {letter: mark.code for letter, mark in report.marks.items()}


def _save(user, year: int, **narratives: str) -> TreatyReport:
    return actions.save_treaty_report(
        user, treaty="apmbc", year=year, narratives=narratives, contact="TNMAC, Dushanbe", submitted_on=None
    )


def _fund(user, year: int) -> None:
    record_funding(
        user,
        donor=Organisation.objects.get(acronym="NOR"),
        recipient=Organisation.objects.get(acronym="NPA"),
        year=year,
        project="Survey in Rasht valley",
        pillar="clearance",
        amount_usd=Decimal("250000"),
    )


def test_the_same_text_two_years_running_is_unchanged_and_an_edit_changes_it(db, user):
    im = user("tnmac.im")
    law = "Law No. 571 on the prohibition of anti-personnel mines (2009)."
    _save(im, 2018, A=law)
    saved = _save(im, 2019, A=law)
    report = build.generate(Sources.national(), "apmbc", 2019)
    assert report.marks["A"].code == "unchanged" and report.marks["A"].label == "unchanged (last reporting: 2018)"
    assert report.marks["B"].code == "not_applicable"
    actions.save_treaty_report(
        im,
        treaty="apmbc",
        year=2019,
        narratives={"A": law + " Amended in 2019 to add penal sanctions."},
        contact="TNMAC",
        submitted_on=dt.date(2020, 4, 30),
        expected_version=saved.version,
    )
    assert _marks("apmbc", 2019)["A"] == "changed"
    entry = AuditEntry.objects.filter(action="save_treaty_report", object_id=str(saved.pk)).first()
    assert entry and entry.user == im and "Amended" in entry.after["narratives"]["A"]
    assert "Amended" not in entry.before["narratives"]["A"]


def test_a_form_flips_to_changed_when_its_data_changes(db, user):
    # 2020 and 2021 have the same casualty figures and no funding or referrals: Form J is unchanged.
    assert _marks("apmbc", 2021)["J"] == "unchanged"
    _fund(user("tnmac.im"), 2021)
    assert _marks("apmbc", 2021)["J"] == "changed"


def test_marking_a_cluster_area_changes_the_ccm_warning_form(db, user):
    # In 2011 no risk education is recorded and the cluster areas' marking is as in 2010: Form G is unchanged.
    assert _marks("ccm", 2011)["G"] == "unchanged"
    state = (
        HazardAreaState.objects.as_of(dt.date(2011, 12, 31))
        .remaining()
        .filter(contamination="cluster", hazard__country__code="TJK")
        .first()
    )
    record_marking(
        user("tnmac.qa"),
        hazard=state.hazard,
        organisation=Organisation.objects.get(acronym="FSD"),
        marked_on=dt.date(2011, 9, 14),
        method="signs",
        signs=12,
    )
    report = build.generate(Sources.national(), "ccm", 2011)
    assert report.marks["G"].code == "changed"
    assert ["placed_signs", 1, 12] in report.form("G").table("marking_cluster").rows


def test_a_submitted_report_is_the_baseline_not_todays_data(db, user):
    im = user("tnmac.im")
    actions.record_treaty_submission(im, treaty="apmbc", year=2020, submitted_on=dt.date(2021, 4, 28))
    # Funding for 2020 recorded after the report went out changes 2020 today, not what was sent.
    _fund(im, 2020)
    report = build.generate(Sources.national(), "apmbc", 2021)
    assert report.marks["J"].code == "unchanged" and report.baseline == "the report submitted for 2020"
    assert _marks("apmbc", 2020)["J"] == "changed"  # compared with 2019 generated now
    stored = TreatyReport.objects.get(treaty="apmbc", year=2020)
    assert stored.submitted_on == dt.date(2021, 4, 28) and set(stored.snapshot) == set("ABCDEFGHIJ")
    entry = AuditEntry.objects.get(action="record_treaty_submission", object_id=str(stored.pk))
    assert entry.before is None and entry.after["submitted_on"] == "2021-04-28"
    assert entry.after["snapshot"]["forms"] == list("ABCDEFGHIJ") and len(entry.after["snapshot"]["sha256"]) == 64


@pytest.mark.parametrize("username", ["tnmac.qa", "npa.manager", "donor.usdos", "ciihl.viewer"])
def test_only_editors_of_the_national_record_write_narratives(db, user, username):
    with pytest.raises(PermissionDenied):
        _save(user(username), 2019, A="Not theirs to write.")
    with pytest.raises(PermissionDenied):
        actions.record_treaty_submission(user(username), treaty="apmbc", year=2019, submitted_on=dt.date(2020, 4, 1))
    assert not TreatyReport.objects.exists()


def test_bad_narrative_input_names_the_field(db, user):
    im = user("tnmac.im")
    with pytest.raises(ActionError) as error:
        actions.save_treaty_report(im, treaty="apmbc", year=2019, narratives={"K": "?"}, contact="", submitted_on=None)
    assert "narratives" in error.value.errors
    with pytest.raises(ActionError) as error:
        _save(im, 2019, A="x" * 20_001)
    assert "narrative_A" in error.value.errors
    with pytest.raises(ActionError) as error:
        actions.save_treaty_report(
            im, treaty="apmbc", year=2019, narratives={}, contact="", submitted_on=dt.date(2019, 6, 1)
        )
    assert "submitted_on" in error.value.errors
    with pytest.raises(ActionError) as error:
        actions.save_treaty_report(im, treaty="ottawa", year=2019, narratives={}, contact="", submitted_on=None)
    assert "treaty" in error.value.errors
    saved = _save(im, 2019, A="First")
    with pytest.raises(ActionError) as error:  # someone else saved in between
        actions.save_treaty_report(
            im,
            treaty="apmbc",
            year=2019,
            narratives={"A": "Second"},
            contact="",
            submitted_on=None,
            expected_version=saved.version - 1,
        )
    assert "version" in error.value.errors
    assert TreatyReport.objects.get(pk=saved.pk).narratives == {"A": "First"}
