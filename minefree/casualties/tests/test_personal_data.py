import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from minefree.casualties import assistance
from minefree.casualties.models import Victim
from minefree.core.models import AuditEntry
from minefree.gazetteer.models import AdminArea
from minefree.organisations.models import Organisation


@pytest.fixture
def victim(user):
    return assistance.register_victim(
        user("tnmac.im"),
        organisation=Organisation.objects.get(acronym="TNMAC"),
        admin_area=AdminArea.objects.get(code="TJ-KT-PNJ"),
        sex="female",
        name="Testa Personova",
        contact="+992 900 000 000",
        medical="Shrapnel in the left shoulder",
    )


def test_personal_data_is_encrypted_at_rest(victim):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name_sealed, contact_sealed, medical_sealed FROM casualties_victim WHERE id = %s", [victim.pk]
        )
        row = cursor.fetchone()
    assert all(row) and not any("Personova" in v or "900 000" in v or "shoulder" in v for v in row)
    entry = AuditEntry.objects.filter(action="register_victim", object_id=str(victim.pk)).get()
    assert "Personova" not in str(entry.after) and "name_sealed" not in entry.after


def test_every_reading_is_audited(user, victim):
    qa = user("tnmac.qa")
    assert assistance.read_personal_data(qa, victim)["name"] == "Testa Personova"
    assistance.read_personal_data(qa, victim)
    readings = AuditEntry.objects.filter(action="read_personal_data", object_id=str(victim.pk))
    assert readings.count() == 2 and {e.user.username for e in readings} == {"tnmac.qa"}


@pytest.mark.parametrize("username", ["donor.usdos", "coes.officer", "ciihl.viewer", "npa.clerk", "npa.manager"])
def test_roles_without_personal_data_never_read_it(user, victim, username):
    with pytest.raises(PermissionDenied):
        assistance.read_personal_data(user(username), victim)
    assert not Victim.objects.restrict(user(username)).exists()


def test_the_page_and_the_api_show_it_only_to_granted_roles_and_audit_it(persona, victim):
    im = persona("tnmac.im")
    page = im.post(f"/assistance/victims/{victim.pk}/personal/")
    assert "Testa Personova" in page.content.decode() and page["Cache-Control"] == "no-store"
    assert im.get(f"/api/v1/victims/{victim.pk}/personal/").json()["medical"] == "Shrapnel in the left shoulder"
    assert persona("donor.usdos").post(f"/assistance/victims/{victim.pk}/personal/").status_code == 404
    assert persona("coes.officer").get(f"/api/v1/victims/{victim.pk}/personal/").status_code == 404
    assert AuditEntry.objects.filter(action="read_personal_data", object_id=str(victim.pk)).count() == 2
    assert "Personova" not in persona("tnmac.im").get(f"/records/victims/{victim.pk}/").content.decode()
