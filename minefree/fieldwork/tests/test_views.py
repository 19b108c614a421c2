from minefree.fieldwork.models import FieldReport, Notification
from minefree.hazards.models import HazardArea
from minefree.hazards.tests.helpers import box


def hazard_form(client_id="w-1", **extra):
    data = {
        "client_id": client_id,
        "date_of_information": "2024-06-06",
        "name": "Web report",
        "admin_area": "",
        "classification": "SHA",
        "contamination": "ap_mines",
        "coordinate_order": "latlon",
        "drawn": box(69.88, 40.88).geojson,
    }
    data.update(extra)
    return data


def isfara():
    from minefree.gazetteer.models import AdminArea

    return AdminArea.objects.get(code="TJ-SU-GFR").pk


def test_clerk_writes_submits_and_the_reviewer_approves(persona):
    clerk, im = persona("npa.clerk"), persona("tnmac.im")
    response = clerk.post("/field-reports/new/hazard/", hazard_form(admin_area=isfara(), submit="1"))
    report = FieldReport.objects.get(client_id="w-1")
    assert response.status_code == 302 and report.state == "submitted"
    assert report.payload["admin_area"] == "TJ-SU-GFR" and report.payload["geometry"]["type"] == "MultiPolygon"
    page = im.get(f"/field-reports/{report.pk}/").content.decode()
    assert "Approve" in page and "Return with comments" in page
    im.post(f"/field-reports/{report.pk}/return/", {"comment": "Name the village", "version": report.version})
    report.refresh_from_db()
    assert report.state == "returned"
    assert Notification.objects.filter(user__username="npa.clerk", report=report, read_at__isnull=True).exists()
    assert 'id="unread"' in clerk.get("/field-reports/").content.decode()
    edit = hazard_form(admin_area=isfara(), name="Web report, Vorukh", version=report.version, submit="1")
    edit.pop("drawn")
    clerk.post(f"/field-reports/{report.pk}/edit/", edit)
    report.refresh_from_db()
    assert report.state == "submitted" and report.payload["geometry"]  # the polygon stays when none is given
    im.post(f"/field-reports/{report.pk}/approve/", {"version": report.version})
    report.refresh_from_db()
    assert report.state == "approved"
    assert HazardArea.objects.get(pk=report.applied["hazard"]).name == "Web report, Vorukh"


def test_a_double_post_is_one_report(persona):
    clerk = persona("npa.clerk")
    for _ in range(2):
        clerk.post("/field-reports/new/hazard/", hazard_form("dbl", admin_area=isfara()))
    assert FieldReport.objects.filter(client_id="dbl").count() == 1


def test_bad_content_is_named_on_submit_and_the_draft_kept(persona):
    clerk = persona("npa.clerk")
    from minefree.gazetteer.models import AdminArea

    panj = AdminArea.objects.get(code="TJ-KT-PNJ").pk  # a Khatlon district for a polygon in Sughd
    page = clerk.post("/field-reports/new/hazard/", hazard_form("bad", admin_area=panj, submit="1"))
    report = FieldReport.objects.get(client_id="bad")
    assert report.state == "draft"
    assert page.status_code == 400 and "lies mostly in Ghafurov" in page.content.decode()


def test_roles_that_do_not_write_reports_get_403_or_404(persona):
    report_id = FieldReport.objects.order_by("pk").values_list("pk", flat=True).first()
    for username in ("donor.usdos", "coes.officer"):
        client = persona(username)
        assert client.get("/field-reports/new/hazard/").status_code == 403
        assert client.get("/field-reports/").status_code == 200
        if report_id:
            assert client.get(f"/field-reports/{report_id}/").status_code == 404
