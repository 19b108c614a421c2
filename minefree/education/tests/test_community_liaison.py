"""A community liaison visit, from the clerk's form to the national record, in English and Russian."""

from __future__ import annotations

from typing import Any

from minefree.education.models import CommunityLiaison
from minefree.fieldwork import actions as reports
from minefree.fieldwork.models import FieldReport


def visit_form(**changes: Any) -> dict[str, Any]:
    return {
        "client_id": "cl-visit-1",
        "date_of_information": "2025-06-02",
        "admin_area": "",
        "place": "Kalai Surkh",
        "people_met": "23",
        "women_met": "9",
        "hazards_reported": "1",
        "follow_up": "survey",
        "notes": "A shepherd saw a mine near the upper pasture.",
        **changes,
    }


def test_a_visit_goes_from_the_form_to_the_record(persona: Any, user: Any) -> None:
    from minefree.gazetteer.models import AdminArea

    rasht = AdminArea.objects.get(code="TJ-RA-RSH")
    clerk = persona("npa.clerk")
    form = clerk.get("/reports/new/community_liaison/").content.decode()
    assert "Of whom women" in form and "Non-technical survey" in form and "Date of the visit" in form
    page = clerk.post("/reports/new/community_liaison/", {**visit_form(admin_area=rasht.pk), "submit": "1"})
    assert page.status_code == 302, page.content.decode()[:2000]
    report = FieldReport.objects.get(client_id="cl-visit-1")
    assert report.state == "submitted" and report.get_kind_display() == "Community liaison visit"
    shown = clerk.get(f"/reports/{report.pk}/").content.decode()
    assert "Follow-up needed" in shown and "Non-technical survey" in shown and "follow_up" not in shown

    approved = reports.approve_report(user("tnmac.im"), report)
    visit = CommunityLiaison.objects.get(pk=approved.applied["communityliaison"])
    assert (visit.place, visit.people_met, visit.women_met, visit.follow_up) == ("Kalai Surkh", 23, 9, "survey")
    assert visit.reference.startswith("TJK-CL-") and visit.organisation.acronym == "NPA"
    assert visit.date.isoformat() == "2025-06-02" and visit.admin_area == rasht
    listed = persona("donor.usdos").get("/api/v1/community-liaison/?page_size=1000").json()["results"]
    assert visit.pk in [row["id"] for row in listed]

    clerk.cookies["django_language"] = "ru"
    russian = clerk.get("/reports/new/community_liaison/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Из них женщин" in russian and "Нетехническое обследование" in russian


def test_more_women_than_people_is_refused_beside_the_field(persona: Any) -> None:
    from minefree.gazetteer.models import AdminArea

    rasht = AdminArea.objects.get(code="TJ-RA-RSH")
    page = persona("npa.clerk").post(
        "/reports/new/community_liaison/", {**visit_form(admin_area=rasht.pk, women_met="30"), "submit": "1"}
    )
    assert page.status_code == 400
    assert "More women than people met." in page.content.decode()
    assert not FieldReport.objects.filter(client_id="cl-visit-1", state="submitted").exists()
