import datetime as dt

import pytest

from minefree.core.errors import ActionError
from minefree.education import actions
from minefree.education.models import EoreSession
from minefree.gazetteer.models import AdminArea
from minefree.organisations.models import Organisation
from minefree.reporting.pillars import eore_reach


def session(user, **counts):
    fields = {"girls": 10, "boys": 12, "women": 0, "men": 0, "total": 22} | counts
    return actions.record_session(
        user,
        organisation=Organisation.objects.get(acronym="RCST"),
        date=dt.date(2025, 4, 4),
        admin_area=AdminArea.objects.get(code="TJ-RA-RSH"),
        place="School 3",
        facilitator="teacher",
        audience="schoolchildren",
        method="presentation",
        grouping="mixed",
        **fields,
    )


def test_a_wrong_total_is_refused_with_both_numbers(user):
    with pytest.raises(ActionError) as caught:
        session(user("tnmac.im"), total=25)
    assert caught.value.errors["total"] == ["The total (25) is not the sum of girls, boys, women and men (22)."]


def test_about_thirty_thousand_a_year_since_2013(db):
    years = eore_reach(EoreSession.objects.all(), 2013, 2025)["years"]
    assert sorted(years) == [str(y) for y in range(2013, 2026)]
    assert all(27_000 <= row["total"] <= 33_000 for row in years.values())
    assert all(row["total"] == row["girls"] + row["boys"] + row["women"] + row["men"] for row in years.values())


def test_the_report_form_says_when_the_total_is_wrong(persona):
    page = persona("rcst.clerk").post(
        "/field-reports/new/eore/",
        {
            "client_id": "eore-1",
            "date_of_information": "2025-04-04",
            "admin_area": AdminArea.objects.get(code="TJ-RA-RSH").pk,
            "place": "School 3",
            "facilitator": "teacher",
            "audience": "schoolchildren",
            "method": "presentation",
            "grouping": "mixed",
            "materials": 0,
            "girls": 10,
            "boys": 12,
            "women": 0,
            "men": 0,
            "total": 25,
        },
    )
    assert "The total (25) is not the sum of girls, boys, women and men (22)." in page.content.decode()


def test_the_equipment_used_goes_from_the_form_to_the_session(persona, user):
    from minefree.fieldwork import actions as reports
    from minefree.fieldwork.models import FieldReport

    clerk = persona("rcst.clerk")
    assert "Equipment used" in clerk.get("/field-reports/new/eore/").content.decode()
    form = {
        "client_id": "eore-equipment",
        "date_of_information": "2025-04-04",
        "admin_area": AdminArea.objects.get(code="TJ-RA-RSH").pk,
        "place": "School 3",
        "facilitator": "teacher",
        "audience": "schoolchildren",
        "method": "presentation",
        "grouping": "mixed",
        "equipment": "Projector, inert PMN-2 replica",
        **{"girls": 10, "boys": 12, "women": 0, "men": 0, "total": 22},
    }
    assert clerk.post("/field-reports/new/eore/", {**form, "submit": "1"}).status_code == 302
    report = FieldReport.objects.get(client_id="eore-equipment")
    shown = clerk.get(f"/field-reports/{report.pk}/").content.decode()
    assert "Equipment used" in shown and "Projector, inert PMN-2 replica" in shown
    approved = reports.approve_report(user("tnmac.im"), report)
    assert EoreSession.objects.get(pk=approved.applied["session"]).equipment == "Projector, inert PMN-2 replica"


def test_the_session_length_is_asked_on_the_phone_in_its_language_and_reaches_the_session(user):
    from minefree.fieldcollection.tests.collect import device, download, send
    from minefree.fieldwork import actions as reports
    from minefree.fieldwork.models import FieldReport

    form = download(device(), "minefree_eore")
    xml = form.xml.decode()
    assert "Duration in minutes" in xml and "Продолжительность в минутах" in xml and "Давомнокӣ бо дақиқа" in xml
    instance_id, sent = form.fill(
        {
            "date": "2025-07-01",
            "admin_area": "TJ-RA-RSH",
            "place": "School 5",
            **{"facilitator": "teacher", "audience": "shepherds", "method": "small_group", "grouping": "mixed"},
            **{"girls": "0", "boys": "0", "women": "4", "men": "9", "total": "13"},
            "duration_minutes": "45",
        }
    )
    assert send(device(), sent).status_code == 201
    report = FieldReport.objects.get(client_id=instance_id)
    approved = reports.approve_report(user("tnmac.im"), report)
    assert EoreSession.objects.get(pk=approved.applied["session"]).duration_minutes == 45
