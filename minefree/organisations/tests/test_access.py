import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from minefree.core.audit import history
from minefree.core.errors import ActionError
from minefree.core.permissions import Action, grants
from minefree.gazetteer.models import AdminArea
from minefree.hazards.models import HazardArea
from minefree.hazards.tests.helpers import new_hazard
from minefree.organisations import actions
from minefree.organisations.models import Organisation, Role


def fresh(username):
    return User.objects.create_user(username)


def test_a_grant_limited_to_a_region_sees_and_edits_only_there(user):
    admin = user("tnmac.admin")
    editor = fresh("rasht.editor")
    actions.grant_access(
        admin,
        grantee=editor,
        organisation=Organisation.objects.get(acronym="TNMAC"),
        role=Role.objects.get(code="nmac_im"),
        admin_areas=[AdminArea.objects.get(code="TJ-RA")],
        data_classes=["record", "reports"],
    )
    editor = User.objects.get(pk=editor.pk)
    visible = HazardArea.objects.restrict(editor, Action.VIEW)
    in_region = HazardArea.objects.filter(admin_area__parent__code="TJ-RA")
    assert visible.count() == in_region.count() > 0
    with pytest.raises(PermissionDenied):
        new_hazard(editor)  # Ghafurov lies in Sughd, outside the grant
    assert not HazardArea.objects.filter(name="Test field").exists()


def test_donors_never_hold_personal_data(user):
    admin, donor = user("tnmac.admin"), user("donor.usdos")
    with pytest.raises(ActionError, match="never hold personal data"):
        actions.grant_access(
            admin,
            grantee=donor,
            organisation=Organisation.objects.get(acronym="NOR"),
            role=Role.objects.get(code="donor"),
            admin_areas=[],
            data_classes=["record", "personal"],
        )
    grant = donor.memberships.get()
    grant.data_classes = ["record", "personal"]  # even written around the action
    grant.save()
    assert all("personal" not in held.data_classes for held in grants(User.objects.get(pk=donor.pk)))


def test_roles_are_data_the_administrator_edits(user):
    admin = user("tnmac.admin")
    role = Role.objects.get(code="donor")
    actions.save_role(admin, role, code="donor", name="Donor", capabilities=[], personal_data_allowed=False)
    donor = User.objects.get(username="donor.usdos")
    assert HazardArea.objects.restrict(donor, Action.VIEW).count() == 0
    assert history(role).first().before["capabilities"] == ["view_record"]


def test_revoked_grants_stop_at_once_and_stay_on_record(user):
    admin = user("tnmac.admin")
    grant = user("coes.officer").memberships.get()
    actions.revoke_access(admin, grant)
    assert HazardArea.objects.restrict(User.objects.get(username="coes.officer"), Action.VIEW).count() == 0
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_only_administrators_manage_access(user):
    for username in ("tnmac.im", "npa.manager", "donor.usdos"):
        with pytest.raises(PermissionDenied):
            actions.revoke_access(user(username), user("coes.officer").memberships.get())


def test_the_administrator_edits_a_role_and_a_grant_in_the_ui(persona):
    client = persona("tnmac.admin")
    assert client.get("/access/").status_code == 200
    role = Role.objects.get(code="authority_viewer")
    response = client.post(
        f"/access/roles/{role.pk}/", {"code": role.code, "name": "National authority", "capabilities": ["view_record"]}
    )
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.capabilities == ["view_record"] and role.name == "National authority"
    grant = User.objects.get(username="donor.usdos").memberships.get()
    page = client.post(f"/access/grants/{grant.pk}/", {"role": grant.role_id, "data_classes": ["record", "personal"]})
    assert "never hold personal data" in page.content.decode()
    client.post(f"/access/grants/{grant.pk}/revoke/")
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_nobody_else_reaches_the_access_pages(persona):
    for username in ("tnmac.im", "tnmac.qa", "npa.manager", "npa.clerk", "donor.usdos", "coes.officer", "ciihl.viewer"):
        client = persona(username)
        assert client.get("/access/").status_code == 403, username
        assert client.get("/access/grants/new/").status_code == 403, username


def test_assets_and_team_composition_are_audited_actions(user):
    from minefree.organisations import assets
    from minefree.organisations.models import Asset, Team

    im = user("tnmac.im")
    women_team = Team.objects.get(name="Manual team 2 (women)")
    assert (women_team.women, women_team.men) == (9, 1)
    assets.set_team_composition(im, women_team, women=10, men=0)
    dog = Asset.objects.get(name="Alma")
    assert dog.status == "training"
    assets.set_asset_status(im, dog, "operational")
    assert history(dog).first().before["status"] == "training"
    with pytest.raises(PermissionDenied):
        assets.set_asset_status(user("npa.clerk"), dog, "retired")
    with pytest.raises(ActionError, match="another organisation"):
        assets.record_asset(
            im, organisation=Organisation.objects.get(acronym="FSD"), kind="dog", name="X", team=women_team
        )


def test_an_operator_reports_its_team_composition(user):
    import datetime as dt

    from minefree.fieldwork import actions as reports
    from minefree.organisations.models import Team

    clerk, im = user("npa.clerk"), user("tnmac.im")
    report, _ = reports.save_report(
        clerk,
        kind="team",
        organisation=Organisation.objects.get(acronym="NPA"),
        client_id="team-1",
        date_of_information=dt.date(2025, 3, 3),
        payload={"team": "MDD team", "women": 3, "men": 3},
    )
    reports.approve_report(im, reports.submit_report(clerk, report))
    team = Team.objects.get(organisation__acronym="NPA", name="MDD team")
    assert (team.women, team.men) == (3, 3)


def test_a_region_limited_editor_adds_other_records_only_in_its_region(user):
    import datetime as dt

    from minefree.casualties import actions as casualty_actions

    admin = user("tnmac.admin")
    editor = fresh("rasht.recorder")
    actions.grant_access(
        admin,
        grantee=editor,
        organisation=Organisation.objects.get(acronym="TNMAC"),
        role=Role.objects.get(code="nmac_im"),
        admin_areas=[AdminArea.objects.get(code="TJ-RA")],
        data_classes=["record"],
    )
    editor = User.objects.get(pk=editor.pk)
    accident = {
        "organisation": Organisation.objects.get(acronym="TNMAC"),
        "kind": "civilian",
        "date": dt.date(2025, 1, 1),
        "activity_at_time": "farming",
        "casualties": [{"sex": "male", "age": 30, "outcome": "injured"}],
    }
    made = casualty_actions.record_accident(editor, admin_area=AdminArea.objects.get(code="TJ-RA-RSH"), **accident)
    assert made.pk
    with pytest.raises(PermissionDenied):
        casualty_actions.record_accident(editor, admin_area=AdminArea.objects.get(code="TJ-KT-PNJ"), **accident)
