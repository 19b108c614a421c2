import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from minefree.casualties.assistance import read_personal_data
from minefree.casualties.models import Victim
from minefree.core.permissions import Action
from minefree.fieldwork import actions
from minefree.fieldwork.models import FieldReport
from minefree.organisations.models import Organisation

PAYLOAD = {
    "admin_area": "TJ-GB-SHG",
    "sex": "female",
    "birth_year": 1990,
    "name": "Gulbahor Testova",
    "contact": "+992 90 123 4567",
    "medical": "Loss of the left hand",
    "needs": [{"need": "economic", "institution": "Livelihood grants"}],
}


def save(user, client_id="v-1"):
    report, _ = actions.save_report(
        user,
        kind="victim",
        organisation=Organisation.objects.get(acronym="RCST"),
        client_id=client_id,
        date_of_information=dt.date(2025, 9, 9),
        payload=PAYLOAD,
    )
    return report


def test_a_victim_report_is_sealed_from_the_first_save(user):
    report = save(user("rcst.clerk"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload FROM fieldwork_fieldreport WHERE id = %s", [report.pk])
        raw = str(cursor.fetchone()[0])
    assert "Testova" not in raw and "123 4567" not in raw and "left hand" not in raw


def test_approval_registers_the_victim_with_the_real_name(user):
    clerk, im = user("rcst.clerk"), user("tnmac.im")
    report = actions.approve_report(im, actions.submit_report(clerk, save(clerk)))
    victim = Victim.objects.get(pk=report.applied["victim"])
    assert read_personal_data(im, victim)["name"] == "Gulbahor Testova"
    assert victim.referrals.get().need == "economic"


@pytest.mark.parametrize("username", ["ciihl.viewer", "npa.clerk", "donor.usdos"])
def test_roles_without_personal_data_never_see_victim_reports(user, username):
    clerk = user("rcst.clerk")
    actions.submit_report(clerk, save(clerk))
    visible = FieldReport.objects.restrict(user(username), Action.VIEW).filter(kind="victim")
    assert not visible.exists()


def test_a_clerk_without_personal_data_cannot_write_one(user):
    with pytest.raises(PermissionDenied):
        actions.save_report(
            user("npa.clerk"),
            kind="victim",
            organisation=Organisation.objects.get(acronym="NPA"),
            client_id="v-x",
            date_of_information=dt.date(2025, 9, 9),
            payload=PAYLOAD,
        )
