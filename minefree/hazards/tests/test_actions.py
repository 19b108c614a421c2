import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from minefree.core.audit import history
from minefree.core.errors import ActionError, ConcurrentEdit, NeedsConfirmation
from minefree.hazards import actions
from minefree.hazards.models import HazardAreaState, Status
from minefree.hazards.tests.helpers import box, cleared, new_hazard
from minefree.organisations.models import Organisation

D = dt.date


def test_create_assigns_reference_first_state_and_audit(user):
    hazard = new_hazard(user("tnmac.im"))
    assert hazard.reference.startswith("TJK-HA-") and len(hazard.reference) == len("TJK-HA-000123")
    assert 37_000 < hazard.area_m2 < 38_200  # 0.002° × 0.002° at 40.6°N is about 222 m × 169 m
    state = hazard.states.get()
    assert state.valid_from == D(2015, 5, 1) and state.valid_to is None
    entry = history(hazard).get()
    assert entry.action == "create_hazard_area" and entry.user.username == "tnmac.im"
    assert entry.before is None and entry.after["reference"] == hazard.reference


def test_overlap_needs_confirmation_then_is_accepted(user):
    im = user("tnmac.im")
    first = new_hazard(im)
    with pytest.raises(NeedsConfirmation) as caught:
        new_hazard(im, lon=69.601)
    assert first.reference in str(caught.value)
    assert new_hazard(im, lon=69.601, confirm=True).pk


def test_bad_geometry_is_refused_and_nothing_written(user):
    before = HazardAreaState.objects.count()
    with pytest.raises(ActionError, match="outside Tajikistan"):
        new_hazard(user("tnmac.im"), lon=10.0, lat=50.0)
    assert HazardAreaState.objects.count() == before


def test_release_land_subtracts_from_that_day_on(user):
    im = user("tnmac.im")
    hazard = new_hazard(im)
    full = hazard.area_m2
    west_half = box(69.60, 40.60, d=0.002)
    west_half = west_half.intersection(box(69.599, 40.599, d=0.002)).buffer(0)
    activity = actions.release_land(
        im,
        hazard,
        kind="clear",
        method="manual",
        geometry=west_half,
        start_date=D(2018, 5, 1),
        end_date=D(2018, 6, 1),
        organisation=hazard.operator,
    )
    hazard.refresh_from_db()
    assert abs(hazard.area_m2 + activity.area_m2 - full) < 1
    assert hazard.status == Status.WORKED_ON
    assert abs(hazard.states.as_of(D(2018, 5, 31)).get().area_m2 - full) < 0.01
    assert abs(hazard.states.as_of(D(2018, 6, 1)).get().area_m2 - (full - activity.area_m2)) < 0.5


def test_releases_recorded_out_of_order_give_the_same_present(user):
    im = user("tnmac.im")
    results = []
    for order, lon in ((("early", "late"), 69.60), (("late", "early"), 69.65)):
        hazard = new_hazard(im, lon=lon)
        pieces = {
            "early": (box(lon, 40.60, d=0.001), D(2016, 1, 10)),
            "late": (box(lon + 0.001, 40.601, d=0.001), D(2017, 1, 10)),
        }
        for name in order:
            geometry, day = pieces[name]
            actions.release_land(
                im,
                hazard,
                kind="clear",
                method="manual",
                geometry=geometry,
                start_date=day - dt.timedelta(days=5),
                end_date=day,
                organisation=hazard.operator,
            )
        hazard.refresh_from_db()
        areas = [s.area_m2 for s in hazard.states.order_by("valid_from", "id")]
        results.append([round(a / areas[0], 4) for a in areas])  # sites differ slightly in size
    assert results[0] == results[1]
    assert results[0] == [1.0, 0.75, 0.5]  # recorded, after the early release, after the late one


def test_clearing_everything_closes_then_completion_hands_over(user):
    im = user("tnmac.im")
    hazard = new_hazard(im)
    hazard = cleared(im, hazard)
    assert hazard.status == Status.CLOSED and hazard.area_m2 == 0
    actions.complete_hazard_area(
        im,
        hazard,
        organisation=hazard.operator,
        completed_on=D(2019, 2, 1),
        certificate_number="HC-1",
        handed_over_on=D(2019, 3, 1),
        handed_over_to="Jamoat",
        residual_risk_owner="Hukumat",
    )
    hazard.refresh_from_db()
    assert hazard.status == Status.HANDED_OVER


def test_completion_refused_while_land_remains(user):
    im = user("tnmac.im")
    hazard = new_hazard(im)
    with pytest.raises(ActionError, match="release it before completion"):
        actions.complete_hazard_area(
            im,
            hazard,
            organisation=hazard.operator,
            completed_on=D(2019, 2, 1),
            certificate_number="HC-2",
            handed_over_on=D(2019, 3, 1),
            handed_over_to="Jamoat",
            residual_risk_owner="Hukumat",
        )


def test_release_outside_the_hazard_is_refused(user):
    im = user("tnmac.im")
    hazard = new_hazard(im)
    with pytest.raises(ActionError, match="does not overlap"):
        actions.release_land(
            im,
            hazard,
            kind="clear",
            method="manual",
            geometry=box(69.7, 40.6),
            start_date=D(2019, 1, 1),
            end_date=D(2019, 2, 1),
            organisation=hazard.operator,
        )


def test_cancel_needs_survey_method(user):
    im = user("tnmac.im")
    hazard = new_hazard(im)
    with pytest.raises(ActionError) as caught:
        actions.release_land(
            im,
            hazard,
            kind="cancel",
            method="manual",
            geometry=box(69.60, 40.60),
            start_date=D(2019, 1, 1),
            end_date=D(2019, 2, 1),
            organisation=hazard.operator,
        )
    assert "method" in caught.value.errors


def test_stale_version_is_refused_and_shows_the_current_record(user):
    im = user("tnmac.im")
    hazard = new_hazard(im)
    actions.update_hazard_area(im, hazard, expected_version=1, effective_date=D(2016, 1, 1), changes={"name": "A"})
    with pytest.raises(ConcurrentEdit) as caught:
        actions.update_hazard_area(im, hazard, expected_version=1, effective_date=D(2016, 1, 2), changes={"name": "B"})
    assert caught.value.current["name"] == "A"


def test_update_audits_before_and_after_and_keeps_the_past(user):
    im = user("tnmac.im")
    hazard = new_hazard(im, classification="SHA")
    hazard = actions.update_hazard_area(
        im, hazard, expected_version=1, effective_date=D(2017, 3, 1), changes={"classification": "CHA"}
    )
    entry = history(hazard).first()
    assert entry.action == "update_hazard_area"
    assert entry.before["classification"] == "SHA" and entry.after["classification"] == "CHA"
    assert hazard.states.as_of(D(2016, 1, 1)).get().classification == "SHA"
    assert hazard.states.as_of(D(2018, 1, 1)).get().classification == "CHA"


def test_operator_roles_and_donors_cannot_write_the_national_record(user):
    for username in ("npa.manager", "npa.clerk", "donor.usdos", "coes.officer", "ciihl.viewer"):
        with pytest.raises(PermissionDenied):
            new_hazard(user(username))


@pytest.fixture
def own_editor(user):
    """A user of NPA whose role (made by the administrator) may edit what NPA owns."""
    from django.contrib.auth.models import User

    from minefree.organisations import actions as access

    admin = user("tnmac.admin")
    role = access.save_role(
        admin,
        None,
        code="operator_editor",
        name="Operator editor",
        capabilities=["view_record", "edit_own"],
        personal_data_allowed=False,
    )
    editor = User.objects.create_user("npa.editor")
    access.grant_access(
        admin,
        grantee=editor,
        organisation=Organisation.objects.get(acronym="NPA"),
        role=role,
        admin_areas=[],
        data_classes=["record"],
    )
    return User.objects.get(pk=editor.pk)


def test_an_own_records_editor_may_add_only_for_its_own_organisation(own_editor):
    manager = own_editor
    assert new_hazard(manager).operator.acronym == "NPA"
    with pytest.raises(PermissionDenied):
        new_hazard(manager, lon=69.7, operator=Organisation.objects.get(acronym="FSD"))


def test_future_dates_are_refused(user):
    with pytest.raises(ActionError, match="future"):
        new_hazard(user("tnmac.im"), recorded_on=D(2999, 1, 1))


def test_an_own_records_editor_cannot_change_another_operators_hazard(user, own_editor):
    im, manager = user("tnmac.im"), own_editor
    theirs = new_hazard(im, operator=Organisation.objects.get(acronym="FSD"))
    npa = Organisation.objects.get(acronym="NPA")
    with pytest.raises(PermissionDenied):
        actions.release_land(
            manager,
            theirs,
            kind="clear",
            method="manual",
            geometry=box(69.60, 40.60),
            start_date=D(2019, 1, 1),
            end_date=D(2019, 2, 1),
            organisation=npa,
        )
    ours = new_hazard(manager, lon=69.7)
    with pytest.raises(PermissionDenied):
        actions.update_hazard_area(
            manager,
            ours,
            expected_version=1,
            effective_date=D(2016, 1, 1),
            changes={"operator": Organisation.objects.get(acronym="FSD")},
        )


def test_status_closed_or_handed_over_cannot_be_typed_in(user):
    im = user("tnmac.im")
    hazard = new_hazard(im)
    for status in (Status.CLOSED, Status.HANDED_OVER):
        with pytest.raises(ActionError) as caught:
            actions.update_hazard_area(
                im, hazard, expected_version=1, effective_date=D(2016, 1, 1), changes={"status": status}
            )
        assert "status" in caught.value.errors


def test_a_change_recorded_late_lands_on_its_own_date(user):
    """Reclassification dated 2017 recorded after a 2018 release: every later state shows it."""
    im = user("tnmac.im")
    hazard = new_hazard(im, classification="SHA")
    actions.release_land(
        im,
        hazard,
        kind="cancel",
        method="survey",
        geometry=box(69.60, 40.60, d=0.001),
        start_date=D(2018, 1, 1),
        end_date=D(2018, 2, 1),
        organisation=hazard.operator,
    )
    hazard.refresh_from_db()
    reduced = hazard.area_m2
    hazard = actions.update_hazard_area(
        im, hazard, expected_version=hazard.version, effective_date=D(2017, 6, 1), changes={"classification": "CHA"}
    )
    states = [(s.valid_from, s.classification, round(s.area_m2)) for s in hazard.states.order_by("valid_from")]
    assert [s[:2] for s in states] == [(D(2015, 5, 1), "SHA"), (D(2017, 6, 1), "CHA"), (D(2018, 2, 1), "CHA")]
    assert hazard.classification == "CHA" and round(hazard.area_m2) == round(reduced) == states[-1][2]
    assert [e.kind for e in hazard.events.order_by("day")] == ["create", "update", "release"]
